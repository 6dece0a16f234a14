#!/usr/bin/env node
/**
 * The `accord` command line: picks the subcommand, reads its options with
 * `util.parseArgs`, and turns every `CliError` into one line on stderr,
 * `accord: <message>`, with exit code 1 (2 for a wrong command line).
 */
import { flag, parseCommandArgs } from "./args.js";
import { CliError, UsageError, type Io } from "./cli.js";
import type { Command } from "./command.js";
import { clusterCommand } from "./commands/cluster.js";
import { exportCommand } from "./commands/export.js";
import { importCommand } from "./commands/import.js";
import { memberCommand } from "./commands/member.js";
import { proposalsCommand } from "./commands/proposals.js";
import { reserveCommand } from "./commands/reserve.js";
import { resolveCommand } from "./commands/resolve.js";
import { restoreCommand } from "./commands/restore.js";
import { statsCommand } from "./commands/stats.js";
import { serveCommand } from "./commands/serve.js";
import { statusCommand } from "./commands/status.js";
import { userCommand } from "./commands/user.js";

const COMMANDS: readonly Command[] = [
  importCommand,
  exportCommand,
  statsCommand,
  proposalsCommand,
  resolveCommand,
  statusCommand,
  reserveCommand,
  serveCommand,
  clusterCommand,
  userCommand,
  memberCommand,
  restoreCommand,
];
const NAMES = COMMANDS.map((c) => c.name).join(", ");

const HELP = `Usage: accord <command> [options]

Accord: collaborative editing of intergovernmental negotiation texts.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(11)}${c.summary}`).join("\n")}

Run 'accord <command> --help' for a command's options.
Inputs are Accord documents (.json) or legacy text drafts (any other name);
resolve, status and reserve change a .json document in place (or write -o).`;

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${NAMES}; see 'accord --help')`);
  return command;
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError(`missing command (commands: ${NAMES}; see 'accord --help')`);
  if (first === "--help" || first === "-h") {
    io.out(`${HELP}\n`);
    return 0;
  }
  if (first === "help") {
    io.out(`${rest[0] === undefined ? HELP : findCommand(rest[0]).help}\n`);
    return 0;
  }
  if (first.startsWith("-")) throw new UsageError(`unknown option '${first}' (see 'accord --help')`);
  const command = findCommand(first);
  const args = parseCommandArgs(command.name, rest, { ...command.options, help: { type: "boolean", short: "h" } });
  if (flag(args, "help")) {
    io.out(`${command.help}\n`);
    return 0;
  }
  return command.run(args, io);
}

const io: Io = {
  out: (text) => void process.stdout.write(text),
  outBytes: (bytes) => void process.stdout.write(bytes),
  err: (line) => void process.stderr.write(`${line}\n`),
};

// `accord export doc.json | head`: the reader went away; stop quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = await run(process.argv.slice(2), io);
} catch (error) {
  if (error instanceof CliError) {
    io.err(`accord: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`accord: internal error: ${message.split("\n")[0]} (set ACCORD_DEBUG=1 for details; please report it)`);
    if (process.env["ACCORD_DEBUG"]) io.err(error instanceof Error ? (error.stack ?? message) : message);
    process.exitCode = 1;
  }
}
