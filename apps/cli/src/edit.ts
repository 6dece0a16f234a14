import { randomBytes } from "node:crypto";
import { chmod, open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Resolution } from "@accord/merge";
import type { NegotiationDocument } from "@accord/schema";
import { stringOption, type ParsedArgs } from "./args.js";
import { CliError, type Io } from "./cli.js";
import { describeFsError, isDocumentPath, loadInput } from "./input.js";

/**
 * Loads the Accord document (.json) a command changes. A legacy text is a
 * `CliError` saying to import it first: a change made to a text draft would
 * have nowhere to go.
 */
export async function loadDocumentFile(command: string, file: string): Promise<NegotiationDocument> {
  if (!isDocumentPath(file)) {
    throw new CliError(
      `${command} changes an Accord document (.json), and ${file} is a text draft; import it first: accord import ${file} -o ${file.replace(/\.[^./\\]*$/, "")}.json`,
    );
  }
  return (await loadInput(file)).document;
}

/** A document as the CLI writes it: pretty JSON with a final newline, as `accord import` does. */
export function documentText(document: NegotiationDocument): string {
  return `${JSON.stringify(document.toJSON(), null, 2)}\n`;
}

/**
 * Writes `text` to `file` so that a reader sees the old file or the new one,
 * never half of it: a temporary file in the same directory, flushed, then
 * renamed over `file`. A symbolic link is followed (the file it points to is
 * replaced) and the file keeps its permissions. A `CliError` when it cannot
 * write; the temporary file is removed.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  let target = file;
  let mode: number | undefined;
  try {
    target = await realpath(file);
    mode = (await stat(target)).mode & 0o7777;
  } catch {
    // A new file: write it where it was named, with the default permissions.
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", mode ?? 0o666);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // `open` applies the umask; the replaced file's own permissions win.
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new CliError(`cannot write ${file}: ${describeFsError(error)}`);
  }
}

/**
 * Finishes a command that changes a document: on refusal, a `CliError` with
 * the operation's reason (the file is not touched); otherwise the new
 * document goes back to `file` atomically — or to `-o <out>`, `-` for stdout
 * — and the operation's sentence is printed on stdout (on stderr when the
 * document itself went to stdout).
 */
export async function saveResolution(file: string, args: ParsedArgs, resolution: Resolution, io: Io): Promise<number> {
  if (!resolution.ok) throw new CliError(resolution.reason);
  const output = stringOption(args, "output") ?? file;
  const text = documentText(resolution.document);
  if (output === "-") {
    io.out(text);
    io.err(resolution.message);
    return 0;
  }
  await writeFileAtomic(output, text);
  io.out(`${resolution.message}\n`);
  return 0;
}

/** The `-o` option of the commands that change a document, and its help line. */
export const OUTPUT_OPTION = { output: { type: "string", short: "o" } } as const;
export const OUTPUT_HELP = `  -o, --output <out.json>  write the changed document here instead of back to
                           <doc.json> ('-' for stdout)`;
