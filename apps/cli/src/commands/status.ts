import { setStatus } from "@accord/merge";
import { formatIsoDate, isParagraphStatus, isStatusDate, PARAGRAPH_STATUSES } from "@accord/schema";
import { stringOption } from "../args.js";
import { UsageError } from "../cli.js";
import type { Command } from "../command.js";
import { loadDocumentFile, OUTPUT_HELP, OUTPUT_OPTION, saveResolution } from "../edit.js";
import { findTarget } from "../lookup.js";

const SEE = "(see 'accord status --help')";

/** Today's date where the command runs, `YYYY-MM-DD`. */
export function today(now = new Date()): string {
  return formatIsoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/**
 * `accord status <doc.json> <paragraph> <status> [--date YYYY-MM-DD] [--body CSH] [-o out]`:
 * records a paragraph's (or heading's) standing with `setStatus` and writes
 * the document back, atomically, unless `-o` is given.
 */
export const statusCommand: Command = {
  name: "status",
  summary: "record a paragraph's status (agreed, approved, deleted …) with date and body",
  help: `Usage: accord status <doc.json> <paragraph> <status> [--date YYYY-MM-DD] [--body <body>] [-o <out.json>]

Records the standing of a paragraph in an Accord document (.json) and writes
the document back to the same file (or to -o), then prints what was done.

<paragraph> is a paragraph's label as written in the draft, with or without
its final dot or parentheses (1bis, 5 bis alt, 3 for "(3)"), or the id of a
paragraph or a heading (p12, h3). Numbering starts again under each objective,
so a label may match several paragraphs: the command then lists them with
their ids and the heading above each; run it again with the id.

<status> is one of:
  ${PARAGRAPH_STATUSES.join("\n  ")}
Setting open clears the date and the body.

Options:
  --date <YYYY-MM-DD>      the date of the decision (default: today)
  --body <body>            the body that took it (CSH, the Working Group)
${OUTPUT_HELP}
  -h, --help               show this help

Exit status: 0 when the status was recorded, 1 when the paragraph is not
found or the label is ambiguous (nothing is written) or a file cannot be read
or written, 2 for a wrong command line or an unknown status.`,
  options: {
    date: { type: "string" },
    body: { type: "string" },
    ...OUTPUT_OPTION,
  },
  async run(args, io) {
    const [file, target, status, ...rest] = args.positionals;
    if (file === undefined || target === undefined || status === undefined || !file || !target) {
      throw new UsageError(`status needs a document, a paragraph and a status: accord status <doc.json> <paragraph> <status> ${SEE}`);
    }
    if (rest.length) throw new UsageError(`status takes one paragraph and one status; unexpected '${rest[0]}' ${SEE}`);
    if (!isParagraphStatus(status)) {
      throw new UsageError(`unknown status '${status}' (statuses: ${PARAGRAPH_STATUSES.join(", ")})`);
    }
    const date = stringOption(args, "date");
    if (date !== undefined && !isStatusDate(date)) throw new UsageError(`--date '${date}' is not a date; write it as YYYY-MM-DD ${SEE}`);
    const document = await loadDocumentFile("status", file);
    const block = findTarget(document, target, file);
    const details = status === "open" ? {} : { date: date ?? today(), body: stringOption(args, "body") ?? "" };
    return saveResolution(file, args, setStatus(document, block.id, status, details), io);
  },
};
