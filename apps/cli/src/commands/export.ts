import { exportMarkupText } from "@accord/text";
import { UsageError } from "../cli.js";
import type { Command } from "../command.js";
import { oneFile, stringOption } from "../args.js";
import { checkOutput, countDiagnostics, loadInput, reportDiagnostics, writeOutput } from "../input.js";

/** The versions `accord export` can write; the merge service will add `clean`. */
export const EXPORT_VERSIONS = ["markup"] as const;
/** The formats `accord export` can write; `html` will come with the merge service. */
export const EXPORT_FORMATS = ["txt"] as const;

function pick<T extends string>(option: string, value: string | undefined, supported: readonly T[]): T {
  const list = `supported: ${supported.join(", ")}`;
  if (value === undefined) throw new UsageError(`export needs --${option} (${list}) (see 'accord export --help')`);
  if (!(supported as readonly string[]).includes(value)) throw new UsageError(`unsupported --${option} '${value}' (${list})`);
  return value as T;
}

/**
 * `accord export <doc.json|file.txt> --version markup --format txt [-o out]`:
 * writes a document as text, to stdout unless `-o` is given. A text input is
 * imported first, and its diagnostics are printed on stderr.
 */
export const exportCommand: Command = {
  name: "export",
  summary: "write a document (.json) or a text draft as text",
  help: `Usage: accord export <doc.json|file.txt> --version markup --format txt [-o <out>]

Writes a document in the bracketed text convention. The input is an Accord
document (.json) or a legacy text draft, which is imported first; problems
found in a text are printed to stderr as file:line:col: message.

Options:
  --version <version>  which version of the text to write (supported: markup):
                         markup  everything visible: tags, struck deletions,
                                 statuses with dates, notes, footnotes
  --format <format>    the file format (supported: txt)
  -o, --output <out>   write to this file instead of stdout ('-' for stdout)
  -h, --help           show this help

Exit status: 0 when the text was written, 1 when the input cannot be read or
the output cannot be written, 2 for a wrong command line or an unsupported
version or format.`,
  options: {
    version: { type: "string" },
    format: { type: "string" },
    output: { type: "string", short: "o" },
  },
  async run(args, io) {
    const file = oneFile("export", args, "<doc.json|file.txt>");
    pick("version", stringOption(args, "version"), EXPORT_VERSIONS);
    pick("format", stringOption(args, "format"), EXPORT_FORMATS);
    const output = stringOption(args, "output") ?? "-";
    checkOutput(output, file);
    const input = await loadInput(file);
    reportDiagnostics(input, io);
    if (input.diagnostics.length) io.err(`${file}: ${countDiagnostics(input)}`);
    await writeOutput(output, exportMarkupText(input.document), io);
    return 0;
  },
};
