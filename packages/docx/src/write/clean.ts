import { cleanVersion, describeUnresolved, type CleanOptions, type ConcordanceRow } from "@accord/merge";
import { inlineTree, type InlineSegment, type NegotiationDocument, type ParagraphAttrs, type Result } from "@accord/schema";
import { HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type FileChild, type ParagraphChild } from "docx";
import { WordFootnotes } from "./convention.js";
import { PreparedRuns, type PreparedRunOptions } from "./prepared.js";
import { blockParagraph, pack, wordDocument } from "./word.js";

/**
 * The clean version (`cleanVersion`) as a Word document: the text as it
 * stands, renumbered, with no tags, colours or statuses, what is unresolved
 * in plain `[ ]`, reservations and editorial footnotes as Word footnotes;
 * with `concordance`, an annex with the table Old / New. With `final`, a text
 * that still has anything unresolved is refused with the list
 * (`describeUnresolved`), and nothing is written.
 */
export async function cleanDocx(document: NegotiationDocument, options: CleanOptions = {}): Promise<Result<Uint8Array>> {
  const clean = cleanVersion(document);
  if (options.final && clean.unresolved.length) return { ok: false, message: describeUnresolved(clean.unresolved) };
  const footnotes = new WordFootnotes(clean.document.registry, false);
  const body: FileChild[] = [];
  const runs = new PreparedRuns();
  if (clean.unresolved.some((item) => item.kind !== "not-agreed")) {
    body.push(new Paragraph({ children: [new TextRun({ text: "Text in square brackets is still under negotiation.", italics: true })] }));
  }
  clean.document.content.forEach((block) => {
    const heading = block.type.name === "heading";
    const { label } = block.attrs as ParagraphAttrs;
    const children: ParagraphChild[] = [];
    if (!heading && label) children.push(runs.text(label, PLAIN), runs.text("\t", PLAIN));
    children.push(...cleanRuns(inlineTree(block), footnotes, runs));
    body.push(blockParagraph(heading ? "heading" : "paragraph", !heading && Boolean(label), runs.joined(children)));
  });
  if (options.concordance) body.push(...concordanceAnnex(clean.concordance));
  const versionName = options.final ? "Final text" : "Clean version";
  return { ok: true, value: await pack(wordDocument({ document: clean.document, versionName, body, footnotes: footnotes.bodies })) };
}

const PLAIN: PreparedRunOptions = {};

/** The runs of a block's inline content: its text with its emphasis, brackets as plain `[` and `]`, footnote references. */
function cleanRuns(segments: readonly InlineSegment[], footnotes: WordFootnotes, runs: PreparedRuns): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const segment of segments) {
    if (segment.kind === "footnote") out.push(footnotes.reference(segment.attrs));
    else if (segment.kind === "bracket") out.push(runs.text("[", PLAIN), ...cleanRuns(segment.children, footnotes, runs), runs.text("]", PLAIN));
    else {
      const names = segment.marks.map((mark) => mark.type.name);
      out.push(runs.text(segment.text, { italics: names.includes("em") ? true : undefined, bold: names.includes("strong") ? true : undefined }));
    }
  }
  return out;
}

/** The concordance as an annex: a heading and a table Old / New (and Under, when old labels repeat). */
function concordanceAnnex(rows: readonly ConcordanceRow[]): (Paragraph | Table)[] {
  const heading = new Paragraph({ heading: HeadingLevel.HEADING_2, pageBreakBefore: true, children: [new TextRun("Annex: Concordance")] });
  if (rows.length === 0) return [heading, new Paragraph("No numbered operative paragraphs.")];
  const repeated = new Set(rows.map((r) => r.old)).size < rows.length;
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const head = new TableRow({ tableHeader: true, children: [...(repeated ? [cell("Under", true)] : []), cell("Old", true), cell("New", true)] });
  const body = rows.map((row) => {
    const now = row.change === "deleted" || row.change === "moved" ? row.change : `${row.new}${row.change === "new" ? " (new)" : ""}`;
    return new TableRow({ children: [...(repeated ? [cell(row.section)] : []), cell(row.old), cell(now)] });
  });
  return [heading, new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [head, ...body] })];
}
