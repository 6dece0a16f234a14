import { delegationColour, delegationVersion } from "@accord/merge";
import { optionPathOf, type HeadingAttrs, type NegotiationDocument, type ParagraphAttrs } from "@accord/schema";
import { END_OF_OPTIONS, exportMarkupText, formatStatusMarker, writeOptionBlocks } from "@accord/text";
import { FootnoteReferenceRun, TextRun, type FileChild, type ParagraphChild } from "docx";
import { readMarkupLine, type FootnoteCounter, type LinePiece } from "./markup-line.js";
import { RunStyles } from "./run-styles.js";
import { blockParagraph, HEADER_PROPERTY, pack, wordColour, wordDocument, type FootnoteBody } from "./word.js";

/** Options of `markupDocx`. */
export interface MarkupDocxOptions {
  /** This delegation's compilation (`delegationVersion`) instead of the whole marked-up text. */
  readonly delegation?: string;
}

/**
 * The marked-up version as a Word document, in the convention secretariats
 * write: square brackets with the delegations' tags in bold, proposed
 * insertions underlined, proposed deletions struck through, each bracket in
 * its proposer's colour, status markers with their dates after each
 * paragraph (in bold), labels as written with the text on a hanging indent,
 * headings as Word headings, real Word footnotes, the symbol, title, date
 * and revision in the page header and page numbers in the footer. The text
 * of every paragraph is exactly the line the text export writes for it
 * (`exportMarkupText`), with `~~` drawn as strike-through and `N/` as
 * footnotes, so `importDocx` reads it back as the same document; the text
 * header (metadata, the document's own delegations) travels in a custom
 * document property. Throws a RangeError for a delegation the registry does
 * not know, as `delegationVersion` does.
 */
export async function markupDocx(document: NegotiationDocument, options: MarkupDocxOptions = {}): Promise<Uint8Array> {
  const shown = options.delegation === undefined ? document : delegationVersion(document, options.delegation);
  const { header, body: bodyText } = splitHeader(exportMarkupText(shown));

  const parts = bodyText.replace(/\n$/, "").split("\n\n");
  // Option blocks write lines of their own (labels alone, `(End of options)`) and labels before a block's text: as the export writes them.
  const optionWriting = writeOptionBlocks(
    shown.content.children.map((block) => ({ type: block.type.name as "heading" | "paragraph", label: (block.attrs.label as string | undefined) ?? "", path: optionPathOf(block), empty: block.childCount === 0 })),
  );
  const extra = optionWriting.reduce((n, o) => n + o.before.length + o.after.length, 0);
  const lines = parts.slice(0, shown.content.childCount + extra);
  const notes = parts.slice(lines.length).join("\n").split("\n").filter(Boolean);
  const bodies = new Map<number, string>();
  for (const note of notes) {
    const match = /^(\d+)\/ ?(.*)$/.exec(note);
    if (match) bodies.set(Number(match[1]), match[2]!);
  }

  const counter: FootnoteCounter = { next: 1 };
  const footnotes = new Map<number, FootnoteBody>();
  const registry = shown.registry;
  const body: FileChild[] = [];
  const styles = new RunStyles();
  let next = 0;
  const optionLabel = (text: string) => body.push(blockParagraph("paragraph", false, styles.runs.joined([styles.run(text, { bold: true })])));
  shown.content.forEach((block, _offset, index) => {
    const option = optionWriting[index]!;
    for (const written of option.before) if (lines[next++] !== END_OF_OPTIONS) optionLabel(written);
    let line = lines[next++] ?? "";
    if (option.noText) {
      optionLabel(option.noText);
      next += option.after.length;
      return;
    }
    if (option.inline) line = line.slice(option.inline.length);
    const heading = block.type.name === "heading";
    const text = heading && line.startsWith("# ") ? line.slice(2) : line;
    const attrs = block.attrs as ParagraphAttrs & HeadingAttrs;
    const marker = formatStatusMarker(attrs.status, attrs.statusDate, attrs.statusBody, { dateStyle: shown.meta.dateStyle, ...(heading ? { subject: "Section", parenthesize: true } : {}) });
    const label = heading || !attrs.label ? "" : labelledStart(text, attrs.label);
    const pieces = readMarkupLine(label ? text.slice(label.length + 1) : text, registry, counter);
    const runs: ParagraphChild[] = [];
    if (option.inline) runs.push(styles.run(option.inline, { bold: true }));
    if (label) runs.push(styles.run(label, PLAIN), styles.run("\t", PLAIN));
    runs.push(...piecesToRuns(pieces, marker, bodies, footnotes, styles));
    body.push(blockParagraph(heading ? "heading" : "paragraph", Boolean(label), styles.runs.joined(runs)));
    next += option.after.length;
  });

  const properties = header ? [{ name: HEADER_PROPERTY, value: header }] : [];
  return pack(wordDocument({ document: shown, versionName: versionName(document, options.delegation), body, footnotes, properties, characterStyles: styles.definitions() }));
}

const PLAIN = {};

/**
 * The text export cut into its header (the metadata lines, `---` and the
 * blank line after it, as they are written; "" when there is none) and the
 * rest, which is what the export writes with `header: false`: one export of
 * the text instead of two. A header is known by its last line, `---`, before
 * the first blank line: a block's line has no line break in it, so the first
 * block cannot end so. Never fails.
 */
export function splitHeader(text: string): { readonly header: string; readonly body: string } {
  const firstBlank = text.indexOf("\n\n");
  const end = firstBlank < 0 ? -1 : firstBlank + 2;
  if (end < 0 || !text.slice(0, firstBlank).endsWith("\n---")) return { header: "", body: text };
  return { header: text.slice(0, end), body: text.slice(end) };
}

function versionName(document: NegotiationDocument, delegation: string | undefined): string {
  if (delegation === undefined) return "Marked-up version";
  return `Compilation for ${document.registry.get(delegation)?.name ?? delegation}`;
}

/** The label as the line starts with it (`5 bis.`, or `// 5 bis alt.`), or "" when it does not. */
function labelledStart(line: string, label: string): string {
  if (line.startsWith(`${label} `)) return label;
  if (line.startsWith(`// ${label} `)) return `// ${label}`;
  return "";
}

/** Word runs of a line's pieces, looking as the convention says through `styles`; the status marker at the line's end in bold; footnotes added to `footnotes` by Word id. */
function piecesToRuns(pieces: readonly LinePiece[], marker: string, bodies: ReadonlyMap<number, string>, footnotes: Map<number, FootnoteBody>, styles: RunStyles): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  const lastText = findLastText(pieces, marker);
  pieces.forEach((piece, index) => {
    if (piece.kind === "footnote") {
      const id = footnotes.size + 1;
      footnotes.set(id, [new TextRun(bodies.get(piece.number) ?? "")]);
      runs.push(new FootnoteReferenceRun(id));
      return;
    }
    const look = { color: piece.colour ? wordColour(delegationColour(piece.colour).ink) : "", bold: piece.bold, underline: piece.underline, strike: piece.strike };
    if (index === lastText && marker) {
      const at = piece.text.lastIndexOf(marker);
      if (at > 0) runs.push(styles.run(piece.text.slice(0, at), look));
      runs.push(styles.run(marker, { ...look, bold: true }));
      if (at + marker.length < piece.text.length) runs.push(styles.run(piece.text.slice(at + marker.length), look));
      return;
    }
    runs.push(styles.run(piece.text, look));
  });
  return runs;
}

/** The index of the last text piece holding the marker, or -1. */
function findLastText(pieces: readonly LinePiece[], marker: string): number {
  if (!marker) return -1;
  for (let k = pieces.length - 1; k >= 0; k--) {
    const piece = pieces[k]!;
    if (piece.kind === "text" && piece.text.includes(marker)) return k;
  }
  return -1;
}
