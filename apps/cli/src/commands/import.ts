import { negotiationStats } from "@accord/schema";
import { UsageError, plural } from "../cli.js";
import type { Command } from "../command.js";
import { oneFile, registryOption, stringOption } from "../args.js";
import { checkOutput, countDiagnostics, loadInput, reportDiagnostics, writeOutput } from "../input.js";

/**
 * `accord import <file.txt|file.docx|file.xml> -o <doc.json>`: reads a legacy text
 * draft or a Word draft and writes the Accord document as JSON. Problems in
 * the draft are printed as `file:line:col: message` on stderr (for Word, the
 * line is the Word paragraph); the import still succeeds (exit 0).
 */
export const importCommand: Command = {
  name: "import",
  summary: "read a text or Word draft into an Accord document (.json)",
  help: `Usage: accord import <file.txt|file.docx|file.xml> -o <doc.json> [--registry oas|un]

Reads a draft in the bracketed text convention, or a Word draft (.docx:
brackets and tags, struck-through deletions, tracked changes by their
author, footnotes, automatic numbering as labels, headings), and writes it
as an Accord document (JSON). A Word file that is not one, is damaged or
inflates beyond the limits is refused (exit 1). An Akoma Ntoso file (.xml)
written by 'accord export --format akn' reads back as the same document;
another Akoma Ntoso file is read from its body, keeping all its text. Every problem found in the text (a stray ']', an unclosed
bracket, an unknown delegation tag, an unreadable status marker) is printed to
stderr as file:line:col: message; the text concerned is kept and the import
still succeeds. A .json input is checked and written again.

Options:
  -o, --output <doc.json>  where to write the document ('-' for stdout)
  --registry oas|un        the delegations a text draft names: the OAS's 35
                           member states, or the UN's member states, observers,
                           EU and negotiating groups; guessed from the text
                           (and said on stderr) when not given
  -h, --help               show this help

Exit status: 0 when the document was written (even with diagnostics),
1 when the input cannot be read or the output cannot be written,
2 for a wrong command line.`,
  options: {
    output: { type: "string", short: "o" },
    registry: { type: "string" },
  },
  async run(args, io) {
    const file = oneFile("import", args, "<file.txt|file.docx>");
    const output = stringOption(args, "output");
    if (output === undefined) throw new UsageError("import needs -o <doc.json> (see 'accord import --help')");
    checkOutput(output, file);
    const registryName = registryOption("import", args);
    const input = await loadInput(file, registryName ? { registryName } : {});
    reportDiagnostics(input, io);
    const registry = input.recognition?.registry;
    if (registry?.guessed && registry.name !== "oas") io.err(`${file}: read with the ${registry.name.toUpperCase()} registry, guessed from ${registry.evidence.join(", ")}; say --registry to choose`);
    await writeOutput(output, `${JSON.stringify(input.document.toJSON(), null, 2)}\n`, io);
    const stats = negotiationStats(input.document.content);
    const where = output === "-" ? "stdout" : output;
    const counts = [plural(stats.paragraphs.total, "paragraph"), plural(stats.headings.total, "heading"), countDiagnostics(input)];
    io.err(`imported ${file} to ${where}: ${counts.join(", ")}`);
    return 0;
  },
};
