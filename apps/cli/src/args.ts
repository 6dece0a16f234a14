import { parseArgs, type ParseArgsConfig } from "node:util";
import { isRegistryName, REGISTRY_NAMES, type RegistryName } from "@accord/schema";
import { UsageError } from "./cli.js";

/** The options a command accepts, as `util.parseArgs` describes them. */
export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** A command line read against a command's options. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Reads `argv` against `options` with `util.parseArgs`, and turns every
 * problem into a `UsageError` naming the option and where help is
 * (`unknown option '--x' (see 'accord import --help')`). Reads leniently and
 * checks the tokens itself so messages do not depend on Node's wording.
 */
export function parseCommandArgs(command: string, argv: readonly string[], options: OptionSpec): ParsedArgs {
  const see = `(see 'accord ${command} --help')`;
  const { values, positionals, tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!spec) throw new UsageError(`unknown option '${token.rawName}' for ${command} ${see}`);
    if (spec.type === "string") {
      if (seen.has(token.name) && !spec.multiple) throw new UsageError(`option '${token.rawName}' is given more than once ${see}`);
      seen.add(token.name);
      const value = token.value;
      // `-o --json`: a value that is itself an option means the value was forgotten.
      if (value === undefined || value === "" || (!token.inlineValue && value.length > 1 && value.startsWith("-"))) {
        throw new UsageError(`option '${token.rawName}' needs a value ${see}`);
      }
    } else if (token.inlineValue) {
      throw new UsageError(`option '${token.rawName}' takes no value ${see}`);
    }
  }
  return { values: values as ParsedArgs["values"], positionals };
}

/** A string option's value, or undefined when it was not given. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

/** True when a boolean option was given. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** The one input file a command reads; a `UsageError` when there is none or more than one. */
export function oneFile(command: string, args: ParsedArgs, what = "<file>"): string {
  const see = `(see 'accord ${command} --help')`;
  const [file, ...rest] = args.positionals;
  if (file === undefined || file === "") throw new UsageError(`${command} needs an input file ${what} ${see}`);
  if (rest.length) throw new UsageError(`${command} reads one file; unexpected '${rest[0]}' ${see}`);
  return file;
}

/**
 * The `--registry oas|un` option: the registry a text draft is read with, or
 * undefined when it was not given (the import then guesses it). Any other
 * value is a `UsageError` naming the two.
 */
export function registryOption(command: string, args: ParsedArgs): RegistryName | undefined {
  const value = stringOption(args, "registry");
  if (value === undefined) return undefined;
  if (!isRegistryName(value)) throw new UsageError(`unknown registry '${value}': use ${REGISTRY_NAMES.join(" or ")} (see 'accord ${command} --help')`);
  return value;
}
