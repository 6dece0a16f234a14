import { zipSync, strToU8 } from "fflate";

/** WordprocessingML's namespace declaration, as Word writes it on every part. */
const NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

/** The parts of a Word document, by path, as XML text (the body's paragraphs for `word/document.xml`). */
export interface DraftParts {
  readonly body: string;
  readonly footnotes?: string;
  readonly numbering?: string;
  readonly styles?: string;
  /** Written before the document element of word/document.xml (a DOCTYPE, for the refusal tests). */
  readonly prolog?: string;
}

/** A .docx as Word writes one, from hand-written parts: the shape of the drafts delegations send. */
export function wordDraft(parts: DraftParts): Uint8Array {
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8(CONTENT_TYPES),
    "word/document.xml": strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${parts.prolog ?? ""}<w:document ${NS}><w:body>${parts.body}</w:body></w:document>`),
  };
  if (parts.footnotes) files["word/footnotes.xml"] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:footnotes ${NS}>${parts.footnotes}</w:footnotes>`);
  if (parts.numbering) files["word/numbering.xml"] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:numbering ${NS}>${parts.numbering}</w:numbering>`);
  if (parts.styles) files["word/styles.xml"] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:styles ${NS}>${parts.styles}</w:styles>`);
  return zipSync(files);
}

/** A run of text, with `w:strike`, `w:u` or `w:b` when asked. */
export function run(text: string, look: { strike?: boolean; underline?: boolean; bold?: boolean } = {}): string {
  const props = `${look.bold ? "<w:b/>" : ""}${look.strike ? "<w:strike/>" : ""}${look.underline ? '<w:u w:val="single"/>' : ""}`;
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ""}<w:t xml:space="preserve">${text}</w:t></w:r>`;
}

/** A paragraph, in a style and a list when given. */
export function paragraph(content: string, options: { style?: string; list?: [numId: number, level: number] } = {}): string {
  const style = options.style ? `<w:pStyle w:val="${options.style}"/>` : "";
  const list = options.list ? `<w:numPr><w:ilvl w:val="${options.list[1]}"/><w:numId w:val="${options.list[0]}"/></w:numPr>` : "";
  return `<w:p>${style || list ? `<w:pPr>${style}${list}</w:pPr>` : ""}${content}</w:p>`;
}
