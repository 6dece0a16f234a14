import { EXPORT_FORMATS as FORMATS, EXPORT_VERSIONS as VERSIONS, exportRequestProblem, renderExport } from "@accord/server";
import { CliError, UsageError } from "../cli.js";
import type { Command } from "../command.js";
import { flag, oneFile, stringOption } from "../args.js";
import { checkOutput, countDiagnostics, loadInput, reportDiagnostics, writeOutput } from "../input.js";
import { delegationCode } from "../lookup.js";

/** The versions `accord export` can write. */
export const EXPORT_VERSIONS = VERSIONS;
/** The formats `accord export` can write. */
export const EXPORT_FORMATS = FORMATS;

type Version = (typeof EXPORT_VERSIONS)[number];

const SEE = "(see 'accord export --help')";

function pick<T extends string>(option: string, value: string | undefined, supported: readonly T[]): T {
  const list = `supported: ${supported.join(", ")}`;
  if (value === undefined) throw new UsageError(`export needs --${option} (${list}) ${SEE}`);
  if (!(supported as readonly string[]).includes(value)) throw new UsageError(`unsupported --${option} '${value}' (${list})`);
  return value as T;
}

/** The options that belong to one version only: a `UsageError` when given with the other. */
function checkVersionOptions(version: Version, format: string, final: boolean, concordance: boolean, delegation: string | undefined): void {
  if (version !== "clean") {
    const stray = final ? "--final" : concordance ? "--concordance" : null;
    if (stray) throw new UsageError(`${stray} applies only to --version clean ${SEE}`);
  }
  if (version !== "markup" && delegation !== undefined) {
    throw new UsageError(`--delegation applies only to --version markup ${SEE}`);
  }
  if (version === "revisions" && format !== "docx") throw new UsageError(`--version revisions is a Word document: use --format docx ${SEE}`);
}

/**
 * `accord export <doc.json|file.txt|file.docx|file.xml> --version clean|markup|revisions --format txt|html|docx|pdf|akn [-o out]`:
 * writes the clean or the marked-up version of a document as text, a
 * standalone HTML page, a Word document or a PDF (`renderExport`), to stdout
 * unless `-o` is given (Word and PDF only to a file or a pipe). A draft is
 * imported first, and its diagnostics are printed on stderr. With
 * `--final`, a text that is not final is refused (exit 1) with the list of
 * what is unresolved, and nothing is written.
 */
export const exportCommand: Command = {
  name: "export",
  summary: "write the clean or the marked-up version of a document or a text draft",
  help: `Usage: accord export <doc.json|file.txt|file.docx|file.xml> --version clean|markup|revisions --format txt|html|docx|pdf|akn
                    [--final] [--concordance] [--delegation <delegation>] [-o <out>]

Writes a version of a negotiation text. The input is an Accord document
(.json), a legacy text draft or a Word draft (.docx), which is imported
first; problems found in a draft are printed to stderr as file:line:col:
message (for a Word draft, the line is the Word paragraph).

Options:
  --version <version>  which version of the text to write (supported: ${EXPORT_VERSIONS.join(", ")}):
                         clean   the text as it stands: accepted insertions as
                                 plain text, accepted deletions and rejected
                                 proposals gone, deleted paragraphs dropped,
                                 no tags, statuses or procedural footnotes,
                                 reservations kept, operative paragraphs
                                 renumbered; what is unresolved stays in
                                 plain [brackets]
                         markup  everything visible: tags, struck deletions,
                                 statuses with dates, notes, footnotes
                         revisions  (docx only) the marked-up version as
                                 Word tracked changes, one per open
                                 proposal, authored by its delegation
  --format <format>    the file format (supported: ${EXPORT_FORMATS.join(", ")}):
                         txt   plain text in the bracketed convention
                               (markup) or to read (clean)
                         html  a standalone page that prints on A4:
                               delegations in colour, insertions
                               underlined, deletions struck through,
                               status badges (markup); the text as it
                               stands (clean)
                         docx  a Word document: the marked-up convention
                               with real footnotes (markup, read back by
                               'accord import'), tracked changes
                               (revisions), the clean text with the
                               concordance as an annex (clean)
                         pdf   the HTML page printed by headless Chromium
                               (needs /usr/bin/chromium or ACCORD_CHROMIUM)
                         akn   Akoma Ntoso 3.0 XML (markup only): the
                               whole negotiation, read back by 'accord
                               import' (docs/user-guide.md)
  --final              (clean) refuse, listing every unresolved proposal and
                       every paragraph not agreed, unless the text is final
  --concordance        (clean) add the table of old labels and new numbers
                       (an annex in Word)
  --delegation <code>  (markup) one delegation's version: its own proposals
                       with tags, other delegations' proposals resolved into
                       the text they leave; a code (URY) or any tag or name
                       the document knows (Uru, Uruguay)
  -o, --output <out>   write to this file instead of stdout ('-' for stdout)
  -h, --help           show this help

Exit status: 0 when the text was written, 1 when the input cannot be read, the
delegation is unknown, the text is not final (--final), no PDF could be printed
or the output cannot be written, 2 for a wrong command line or an unsupported
version or format.`,
  options: {
    version: { type: "string" },
    format: { type: "string" },
    final: { type: "boolean" },
    concordance: { type: "boolean" },
    delegation: { type: "string" },
    output: { type: "string", short: "o" },
  },
  async run(args, io) {
    const file = oneFile("export", args, "<doc.json|file.txt>");
    const version = pick("version", stringOption(args, "version"), EXPORT_VERSIONS);
    const format = pick("format", stringOption(args, "format"), EXPORT_FORMATS);
    const final = flag(args, "final");
    const concordance = flag(args, "concordance");
    const delegation = stringOption(args, "delegation");
    checkVersionOptions(version, format, final, concordance, delegation);
    const output = stringOption(args, "output") ?? "-";
    checkOutput(output, file);

    const input = await loadInput(file);
    reportDiagnostics(input, io);
    if (input.diagnostics.length) io.err(`${file}: ${countDiagnostics(input)}`);
    const code = delegation === undefined ? undefined : delegationCode(input.document.registry, delegation);
    const request = { version, format, final, concordance, ...(code === undefined ? {} : { delegation: code }) };
    const problem = exportRequestProblem(request);
    if (problem) throw new UsageError(`${problem} ${SEE}`);
    const rendered = await renderExport(input.document, request);
    if (!rendered.ok) throw new CliError(rendered.message);
    const text = format === "txt" || format === "html" ? new TextDecoder().decode(rendered.value.body) : rendered.value.body;
    await writeOutput(output, text, io);
    return 0;
  },
};
