/** Where a command writes: its output, and lines for the person at the terminal. */
export interface Io {
  /** Writes command output (a document, a report) as is. */
  out(text: string): void;
  /** Writes binary output (a Word file, a PDF) as is; absent where only text can be written. */
  outBytes?(bytes: Uint8Array): void;
  /** Writes one line of messages (diagnostics, summaries, errors) to stderr. */
  err(line: string): void;
}

/**
 * A failure the user can act on: a missing file, a file that is not a
 * document, a bad option. `main` prints `accord: <message>` on one line and
 * exits with `exitCode`; no stack trace.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A command line that cannot be understood: exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}

/** Writes `count thing` or `count things`. */
export function plural(count: number, thing: string): string {
  return `${count} ${thing}${count === 1 ? "" : "s"}`;
}

/**
 * Folds a library message that spans several lines (zod's list of problems)
 * into one line: `✖ problem\n  → at path` becomes `problem → at path; …`.
 */
export function oneLine(message: string): string {
  let result = "";
  for (const raw of message.split("\n")) {
    const line = raw.trim().replace(/^✖\s*/, "");
    if (!line) continue;
    if (!result) result = line;
    else if (line.startsWith("→")) result += ` ${line}`;
    else result += /:$/.test(result) ? ` ${line}` : `; ${line}`;
  }
  return result.replace(/:\s*✖\s*/g, ": ");
}

/**
 * Resolves once the process is asked to stop (Ctrl-C or SIGTERM) and `stop`
 * has finished, saying `stopping` first: how a command that serves runs
 * until it is stopped.
 */
export function runUntilStopped(io: Io, stopping: string, stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = () => {
      io.out(`${stopping}\n`);
      void stop().then(resolve);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}
