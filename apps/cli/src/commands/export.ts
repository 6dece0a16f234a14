import { cleanHtml, cleanText, markupHtml, markupText } from "@accord/merge";
import type { NegotiationDocument, Result } from "@accord/schema";
import { CliError, UsageError } from "../cli.js";
import type { Command } from "../command.js";
import { flag, oneFile, stringOption } from "../args.js";
import { checkOutput, countDiagnostics, loadInput, reportDiagnostics, writeOutput } from "../input.js";
import { delegationCode } from "../lookup.js";

/** The versions `accord export` can write. */
export const EXPORT_VERSIONS = ["clean", "markup"] as const;
/** The formats `accord export` can write. */
export const EXPORT_FORMATS = ["txt", "html"] as const;

type Version = (typeof EXPORT_VERSIONS)[number];
type Format = (typeof EXPORT_FORMATS)[number];

/** How each format renders the two versions (`@accord/merge`). */
const RENDERERS: Record<
  Format,
  {
    clean(document: NegotiationDocument, options: { final: boolean; concordance: boolean }): Result<string>;
    markup(document: NegotiationDocument, options: { delegation?: string }): string;
  }
> = {
  txt: { clean: cleanText, markup: markupText },
  html: { clean: cleanHtml, markup: markupHtml },
};

const SEE = "(see 'accord export --help')";

function pick<T extends string>(option: string, value: string | undefined, supported: readonly T[]): T {
  const list = `supported: ${supported.join(", ")}`;
  if (value === undefined) throw new UsageError(`export needs --${option} (${list}) ${SEE}`);
  if (!(supported as readonly string[]).includes(value)) throw new UsageError(`unsupported --${option} '${value}' (${list})`);
  return value as T;
}

/** The options that belong to one version only: a `UsageError` when given with the other. */
function checkVersionOptions(version: Version, final: boolean, concordance: boolean, delegation: string | undefined): void {
  if (version !== "clean") {
    const stray = final ? "--final" : concordance ? "--concordance" : null;
    if (stray) throw new UsageError(`${stray} applies only to --version clean ${SEE}`);
  }
  if (version !== "markup" && delegation !== undefined) {
    throw new UsageError(`--delegation applies only to --version markup ${SEE}`);
  }
}

/**
 * `accord export <doc.json|file.txt> --version clean|markup --format txt|html [-o out]`:
 * writes the clean or the marked-up version of a document as text or as a
 * standalone HTML page, to stdout unless
 * `-o` is given. A text input is imported first, and its diagnostics are
 * printed on stderr. With `--final`, a text that is not final is refused
 * (exit 1) with the list of what is unresolved, and nothing is written.
 */
export const exportCommand: Command = {
  name: "export",
  summary: "write the clean or the marked-up version of a document or a text draft",
  help: `Usage: accord export <doc.json|file.txt> --version clean|markup --format txt|html
                    [--final] [--concordance] [--delegation <delegation>] [-o <out>]

Writes a version of a negotiation text. The input is an Accord document
(.json) or a legacy text draft, which is imported first; problems found in a
text are printed to stderr as file:line:col: message.

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
  --format <format>    the file format (supported: ${EXPORT_FORMATS.join(", ")}):
                         txt   plain text in the bracketed convention
                               (markup) or to read (clean)
                         html  a standalone page that prints on A4:
                               delegations in colour, insertions
                               underlined, deletions struck through,
                               status badges (markup); the text as it
                               stands (clean)
  --final              (clean) refuse, listing every unresolved proposal and
                       every paragraph not agreed, unless the text is final
  --concordance        (clean) add the table of old labels and new numbers
  --delegation <code>  (markup) one delegation's version: its own proposals
                       with tags, other delegations' proposals resolved into
                       the text they leave; a code (URY) or any tag or name
                       the document knows (Uru, Uruguay)
  -o, --output <out>   write to this file instead of stdout ('-' for stdout)
  -h, --help           show this help

Exit status: 0 when the text was written, 1 when the input cannot be read, the
delegation is unknown, the text is not final (--final) or the output cannot be
written, 2 for a wrong command line or an unsupported version or format.`,
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
    checkVersionOptions(version, final, concordance, delegation);
    const output = stringOption(args, "output") ?? "-";
    checkOutput(output, file);

    const input = await loadInput(file);
    reportDiagnostics(input, io);
    if (input.diagnostics.length) io.err(`${file}: ${countDiagnostics(input)}`);
    const render = RENDERERS[format];
    let text: string;
    if (version === "clean") {
      const clean = render.clean(input.document, { final, concordance });
      if (!clean.ok) throw new CliError(clean.message);
      text = clean.value;
    } else {
      const code = delegation === undefined ? undefined : delegationCode(input.document.registry, delegation);
      text = render.markup(input.document, code === undefined ? {} : { delegation: code });
    }
    await writeOutput(output, text, io);
    return 0;
  },
};
