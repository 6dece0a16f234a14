import type { OptionSpec, ParsedArgs } from "./args.js";
import type { Io } from "./cli.js";

/** One `accord` subcommand: its options, its help, and what it does. */
export interface Command {
  readonly name: string;
  /** One line for `accord --help`. */
  readonly summary: string;
  /** The full text of `accord <name> --help`. */
  readonly help: string;
  readonly options: OptionSpec;
  /** Runs the command; returns the exit code, or throws a `CliError`. */
  run(args: ParsedArgs, io: Io): Promise<number>;
}
