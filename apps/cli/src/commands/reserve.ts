import { addReservation } from "@accord/merge";
import { UsageError } from "../cli.js";
import type { Command } from "../command.js";
import { loadDocumentFile, OUTPUT_HELP, OUTPUT_OPTION, saveResolution } from "../edit.js";
import { delegationCode, findTarget } from "../lookup.js";

const SEE = "(see 'accord reserve --help')";

/**
 * `accord reserve <doc.json> <paragraph> <delegation> "<text>" [-o out]`:
 * adds a delegation's reservation to a paragraph (`addReservation`) and
 * writes the document back, atomically, unless `-o` is given.
 */
export const reserveCommand: Command = {
  name: "reserve",
  summary: "record a delegation's reservation on a paragraph",
  help: `Usage: accord reserve <doc.json> <paragraph> <delegation> "<text>" [-o <out.json>]

Adds a delegation's reservation to a paragraph of an Accord document (.json),
as a footnote at the end of the paragraph, and writes the document back to the
same file (or to -o). Reservations stay in the clean version.

  <paragraph>   the paragraph's label (1bis, 5 bis alt) or its id (p12); a label
                that several paragraphs share is refused with the list of their
                ids, as in 'accord status'
  <delegation>  a code (ECU) or any tag or name the document knows (Ecuador)
  <text>        the reservation, in quotes: "The Government of Ecuador reserves
                its position on this paragraph."

Options:
${OUTPUT_HELP}
  -h, --help               show this help

Exit status: 0 when the reservation was added, 1 when the paragraph or the
delegation is not found or the text is refused (nothing is written) or a file
cannot be read or written, 2 for a wrong command line.`,
  options: OUTPUT_OPTION,
  async run(args, io) {
    const [file, target, delegation, text, ...rest] = args.positionals;
    if (!file || !target || !delegation || text === undefined) {
      throw new UsageError(`reserve needs a document, a paragraph, a delegation and the text: accord reserve <doc.json> <paragraph> <delegation> "<text>" ${SEE}`);
    }
    if (rest.length) throw new UsageError(`reserve takes the text as one argument; put it in quotes (unexpected '${rest[0]}') ${SEE}`);
    const document = await loadDocumentFile("reserve", file);
    const block = findTarget(document, target, file);
    const code = delegationCode(document.registry, delegation);
    return saveResolution(file, args, addReservation(document, block.id, code, text), io);
  },
};
