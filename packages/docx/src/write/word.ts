import { formatDate, type NegotiationDocument } from "@accord/schema";
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  TabStopType,
  TextRun,
  type FileChild,
  type ICharacterStyleOptions,
  type ICommentOptions,
  type IParagraphOptions,
  type ParagraphChild,
} from "docx";
import { deepFreeze, PreparedParagraphs } from "./prepared.js";

/** The custom document property holding the text header (metadata and the document's own delegations) of a marked-up export. */
export const HEADER_PROPERTY = "Accord header";

/** The paragraph style of the title block above the text (symbol, title, facts): the importer skips paragraphs in styles whose id starts with "Accord". */
export const FRONT_STYLE = "AccordFront";

/** The name Accord's own documents carry as their creator; the importer does not rely on it. */
const CREATOR = "Accord";

/** A footnote's content: one paragraph of runs. */
export type FootnoteBody = readonly ParagraphChild[];

/** What every Word export shares: the document, its version's name, the body and the footnotes by Word id. */
export interface WordParts {
  readonly document: NegotiationDocument;
  /** "Marked-up version", "Clean version", "Final text" …: the header's right side. */
  readonly versionName: string;
  readonly body: readonly FileChild[];
  readonly footnotes: ReadonlyMap<number, FootnoteBody>;
  readonly properties?: readonly { readonly name: string; readonly value: string }[];
  /** Word comments (on revisions: co-sponsors, notes). */
  readonly comments?: readonly ICommentOptions[];
  /** Character styles the body's runs name (see RunStyles). */
  readonly characterStyles?: readonly ICharacterStyleOptions[];
}

/** The hanging indent of labelled paragraphs (twentieths of a point): the label, a tab, the text. */
export const LABEL_INDENT = 720;

/** The three kinds of block options, one object each (PreparedParagraphs knows options by their object); frozen, as they are shared. */
const BLOCK_OPTIONS = {
  heading: deepFreeze({ heading: HeadingLevel.HEADING_2, keepNext: true }),
  labelled: deepFreeze({ indent: { left: LABEL_INDENT, hanging: LABEL_INDENT }, tabStops: [{ type: TabStopType.LEFT, position: LABEL_INDENT }], spacing: { after: 160 } }),
  unlabelled: deepFreeze({ indent: { left: LABEL_INDENT }, spacing: { after: 160 } }),
} as const;

/** Paragraph options of a block: a Word heading, or a paragraph whose label hangs in the margin; the same object for the same kind. */
export function blockOptions(kind: "heading" | "paragraph", labelled: boolean): Readonly<Partial<IParagraphOptions>> {
  if (kind === "heading") return BLOCK_OPTIONS.heading;
  return labelled ? BLOCK_OPTIONS.labelled : BLOCK_OPTIONS.unlabelled;
}

/** Every export's block paragraphs: their properties prepared once per kind, for all documents (they are frozen). */
const BLOCK_PARAGRAPHS = new PreparedParagraphs();

/** A block's paragraph of `children`, with its kind's options (`blockOptions`), as docx's Paragraph writes it (see PreparedParagraphs). */
export function blockParagraph(kind: "heading" | "paragraph", labelled: boolean, children: readonly ParagraphChild[]): FileChild {
  return BLOCK_PARAGRAPHS.paragraph(blockOptions(kind, labelled), children);
}

/** The title a rendering shows: the metadata's title, else the first heading's text, else "Untitled document". */
export function titleOf(document: NegotiationDocument): string {
  if (document.meta.title.trim()) return document.meta.title.trim();
  let first = "";
  document.content.forEach((block) => {
    if (!first && block.type.name === "heading") first = block.textContent.replace(/\s+/g, " ").trim();
  });
  return first || "Untitled document";
}

/**
 * The Word document of an export: A4, a header with the symbol, the version,
 * the title, the date (in the document's style) and the revision, page
 * numbers in the footer ("Page 2 of 7"), the title and facts above the text,
 * Word's own footnotes. Never fails.
 */
export function wordDocument(parts: WordParts): Document {
  const { meta } = parts.document;
  const title = titleOf(parts.document);
  const facts = [meta.body, formatDate(meta.date, meta.dateStyle), meta.revision].filter((f) => f.trim()).join(" · ");
  const small = { size: 18, color: "595959" };
  const header = new Header({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: 9000 }],
        children: [new TextRun({ text: meta.symbol, bold: true, ...small }), new TextRun({ text: `\t${parts.versionName}`, ...small })],
      }),
      new Paragraph({ children: [new TextRun({ text: [excerptOf(title), facts].filter(Boolean).join(" · "), ...small })] }),
    ],
  });
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES], ...small })],
      }),
    ],
  });
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  for (const [id, runs] of parts.footnotes) footnotes[String(id)] = { children: [new Paragraph({ children: [...runs] })] };
  const front: Paragraph[] = [];
  // The front repeats the metadata; its style tells the importer it is not part of the text.
  if (meta.symbol) front.push(new Paragraph({ style: FRONT_STYLE, alignment: AlignmentType.RIGHT, children: [new TextRun({ text: meta.symbol, bold: true })] }));
  front.push(new Paragraph({ style: FRONT_STYLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: title, bold: true, size: 28 })] }));
  if (facts) front.push(new Paragraph({ style: FRONT_STYLE, alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: facts, ...small })] }));

  return new Document({
    creator: CREATOR,
    title,
    description: parts.versionName,
    ...(parts.properties?.length ? { customProperties: [...parts.properties] } : {}),
    ...(parts.comments?.length ? { comments: { children: [...parts.comments] } } : {}),
    styles: {
      default: { document: { run: { font: "Times New Roman", size: 24 } } },
      paragraphStyles: [
        { id: FRONT_STYLE, name: "Accord front", basedOn: "Normal", next: "Normal", paragraph: { spacing: { after: 120 } } },
        { id: "Heading2", name: "Heading 2", basedOn: "Normal", next: "Normal", run: { size: 24, bold: true }, paragraph: { spacing: { before: 240, after: 120 } } },
      ],
      ...(parts.characterStyles?.length ? { characterStyles: [...parts.characterStyles] } : {}),
    },
    footnotes,
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } },
        headers: { default: header },
        footers: { default: footer },
        children: [...front, ...parts.body],
      },
    ],
  });
}

/** The front of a title for the running header. */
function excerptOf(title: string): string {
  const words = title.split(/\s+/);
  return words.length > 12 ? `${words.slice(0, 12).join(" ")} …` : title;
}

/** The bytes of a Word document. */
export async function pack(document: Document): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(document));
}

/** A colour `#rrggbb` as Word writes it (`rrggbb`). */
export function wordColour(hex: string): string {
  return hex.replace(/^#/, "").toUpperCase();
}
