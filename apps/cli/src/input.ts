import { readFile, stat, writeFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { parseDocumentJSON, type NegotiationDocument, type RegistryName } from "@accord/schema";
import { importAkn } from "@accord/akn";
import { importDocx } from "@accord/docx";
import { decodeText, formatDiagnostic, importText, MAX_TEXT_BYTES, type Diagnostic, type Recognition } from "@accord/text";
import { CliError, oneLine, plural, type Io } from "./cli.js";

/** A document read from a file, and what the import found wrong on the way. */
export interface LoadedInput {
  readonly file: string;
  readonly kind: "json" | "text" | "docx" | "akn";
  readonly document: NegotiationDocument;
  /**
   * Problems in a legacy text or a Word draft; always empty for a `.json`
   * document. For a Word draft the line is the Word paragraph (0 for one in a
   * footnote or the whole document, whose message says so).
   */
  readonly diagnostics: readonly Diagnostic[];
  /** What the import of a legacy text recognised (registry, statuses, labels, guesses); null for other inputs. */
  readonly recognition: Recognition | null;
}

/** How `loadInput` reads a legacy text draft. */
export interface LoadOptions {
  /** The registry to read it with (`--registry`); guessed from the text when not given. */
  readonly registryName?: RegistryName;
}

/** True when a path names an Accord document file rather than a legacy text. */
export function isDocumentPath(file: string): boolean {
  return extname(file).toLowerCase() === ".json";
}

/** True when a path names a Word draft. */
export function isWordPath(file: string): boolean {
  return extname(file).toLowerCase() === ".docx";
}

/** True when a path names an Akoma Ntoso file. */
export function isAknPath(file: string): boolean {
  return extname(file).toLowerCase() === ".xml";
}

/**
 * Loads `file`: a `.json` Accord document (`parseDocumentJSON`), a Word
 * draft (`.docx`, `importDocx`), an Akoma Ntoso file (`.xml`, `importAkn`;
 * its diagnostics' lines are those of the bracketed text it was read as) or a legacy text draft (bytes → `decodeText`
 * → `importText`, with `options.registryName` or a guessed registry). A file that cannot be read, is binary, is not UTF-8, is
 * not a Word document or is not a valid document is a `CliError` whose
 * message names the file; a draft's problems are diagnostics, not errors.
 */
export async function loadInput(file: string, options: LoadOptions = {}): Promise<LoadedInput> {
  const bytes = await readBytes(file);
  if (isWordPath(file)) {
    const read = importDocx(bytes);
    if (!read.ok) throw new CliError(`${file}: ${oneLine(read.message)}`);
    const diagnostics = read.diagnostics.map((d) => ({
      line: d.paragraph ?? 0,
      column: d.column,
      message: d.footnote !== null ? `in footnote ${d.footnote}: ${d.message}` : d.message,
      excerpt: d.excerpt,
    }));
    return { file, kind: "docx", document: read.document, diagnostics, recognition: null };
  }
  if (isAknPath(file)) {
    const read = importAkn(bytes);
    if (!read.ok) throw new CliError(`${file}: ${oneLine(read.message)}`);
    return { file, kind: "akn", document: read.document, diagnostics: read.diagnostics, recognition: null };
  }
  if (isDocumentPath(file)) {
    const parsed = parseDocumentJSON(jsonText(file, bytes));
    if (!parsed.ok) throw new CliError(`${file}: ${oneLine(parsed.message)}`);
    return { file, kind: "json", document: parsed.value, diagnostics: [], recognition: null };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new CliError(`${file}: ${oneLine(decoded.message)}`);
  const { document, diagnostics, recognition } = importText(decoded.value, options.registryName ? { registryName: options.registryName } : {});
  return { file, kind: "text", document, diagnostics, recognition };
}

/**
 * The text of a JSON file, refusing binary and non-UTF-8 bytes as
 * `decodeText` does. `decodeText` also normalises line breaks, U+2028
 * included, which would change a JSON string holding one, and stops at 10 MiB
 * where documents may be larger; so its verdict is used, and UTF-8 bytes are
 * decoded as they are.
 */
function jsonText(file: string, bytes: Uint8Array): string {
  if (bytes.length <= MAX_TEXT_BYTES) {
    const decoded = decodeText(bytes);
    if (!decoded.ok) throw new CliError(`${file}: ${oneLine(decoded.message)}`);
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (utf16) return decoded.value;
  } else if (bytes.includes(0)) {
    throw new CliError(`${file}: this is not a text file (it holds binary data: a NUL byte at offset ${bytes.indexOf(0)})`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${file}: the file is not UTF-8 text`);
  }
}

/** Larger than any document the libraries accept (10 MiB of text, 50 M characters of JSON). */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
    if (info.size > MAX_INPUT_BYTES) throw new CliError(`${file}: the file is too large (${info.size} bytes)`);
    return await readFile(file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${file}: ${describeFsError(error)}`);
  }
}

/**
 * Checks, before any work, that an output does not name the input it is made
 * from (`accord import draft.txt -o draft.txt`): a `CliError` if it does.
 */
export function checkOutput(output: string, input: string): void {
  if (output !== "-" && resolve(output) === resolve(input)) {
    throw new CliError(`refusing to write over the input file ${output}; choose another -o`);
  }
}

/**
 * Writes `text` (or bytes) to `file`, or to stdout when `file` is `-`; a
 * `CliError` when it cannot. Bytes go to stdout as they are.
 */
export async function writeOutput(file: string, text: string | Uint8Array, io: Io): Promise<void> {
  if (file === "-") {
    if (typeof text === "string") io.out(text);
    else if (io.outBytes) io.outBytes(text);
    else throw new CliError("this output is binary: write it to a file with -o");
    return;
  }
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${describeFsError(error)}`);
  }
}

/** Prints each diagnostic of a loaded text to stderr as `file:line:col: message`. */
export function reportDiagnostics(input: LoadedInput, io: Io): void {
  for (const d of input.diagnostics) io.err(formatDiagnostic(input.file, d));
}

/** `2 diagnostics` / `1 diagnostic`. */
export function countDiagnostics(input: LoadedInput): string {
  return plural(input.diagnostics.length, "diagnostic");
}

/** Words for a file-system failure (`no such file or directory`, `permission denied`). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "no space left on the device";
    case "EROFS":
      return "the file system is read-only";
    default:
      return oneLine(error instanceof Error ? error.message : String(error));
  }
}
