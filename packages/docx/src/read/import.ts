import { DelegationRegistry, type NegotiationDocument } from "@accord/schema";
import { importText, type ImportOptions } from "@accord/text";
import { HEADER_PROPERTY } from "../write/word.js";
import { ListCounter } from "./numbering.js";
import { readBody, readCustomProperties, readFootnotes, readNumbering, readStyleNames, type TrackedChange, type WordParagraph } from "./word-document.js";
import { XmlRefusal } from "./xml.js";
import { defaultZipLimits, readZip, ZipRefusal, type ZipLimits } from "./zip.js";

/** A problem found reading a Word draft, placed where a person finds it in Word. */
export interface DocxDiagnostic {
  /** 1-based paragraph of the Word document's body, or null when the problem is not in one (a footnote, the document). */
  readonly paragraph: number | null;
  /** 1-based footnote (in order of reference), or null. */
  readonly footnote: number | null;
  /** 1-based column in the paragraph's text as read (labels and tracked changes written in brackets), or 0. */
  readonly column: number;
  readonly message: string;
  readonly excerpt: string;
}

/** What a Word import gives: the document with its diagnostics, or a refusal saying why the file cannot be read. */
export type DocxImport =
  | { readonly ok: true; readonly document: NegotiationDocument; readonly diagnostics: readonly DocxDiagnostic[]; readonly text: string }
  | { readonly ok: false; readonly message: string };

/** Options of `importDocx`. */
export interface DocxImportOptions extends ImportOptions {
  readonly limits?: ZipLimits;
}

const PARTS = new Set(["word/document.xml", "word/footnotes.xml", "word/numbering.xml", "word/styles.xml", "docProps/custom.xml", "[Content_Types].xml"]);

/**
 * Reads a Word draft (.docx) into the model, as a delegation or secretariat
 * sends it: the text with its brackets and tags, struck-through runs as
 * proposed deletions, real tracked changes as proposals of their author
 * (`w:ins` / `w:del`; an author who names a delegation becomes its tag,
 * another is kept as a delegation of its own with a diagnostic), Word
 * footnotes, automatic numbering as labels, Word headings as headings. The
 * paragraphs are written in the bracketed text convention and read by
 * `importText`, so the same diagnostics and no-loss guarantee hold; each
 * diagnostic says the Word paragraph or footnote. The archive is read with
 * hard limits (`readZip`) and no DTD (`walkXml`); a file that is not a
 * .docx, a damaged or oversized archive, or a zip bomb is refused with a
 * sentence saying so, never thrown.
 */
export function importDocx(bytes: Uint8Array, options: DocxImportOptions = {}): DocxImport {
  const limits = options.limits ?? defaultZipLimits();
  try {
    const zip = readZip(bytes, (name) => PARTS.has(name), limits);
    const documentXml = zip.files.get("word/document.xml");
    if (!documentXml) {
      return {
        ok: false,
        message: zip.names.includes("word/document.xml")
          ? "the archive is damaged: its main part, word/document.xml, is cut short"
          : "this zip archive is not a Word document: it has no word/document.xml",
      };
    }
    const { paragraphs, unread } = readBody(documentXml, limits.deadline);
    const part = (name: string) => zip.files.get(name);
    const footnotes = part("word/footnotes.xml") ? readFootnotes(part("word/footnotes.xml")!, limits.deadline) : new Map<string, string>();
    const lists = part("word/numbering.xml") ? readNumbering(part("word/numbering.xml")!, limits.deadline) : new Map();
    const styles = part("word/styles.xml") ? readStyleNames(part("word/styles.xml")!, limits.deadline) : new Map<string, string>();
    const properties = part("docProps/custom.xml") ? readCustomProperties(part("docProps/custom.xml")!, limits.deadline) : new Map<string, string>();
    return assemble(paragraphs, unread, footnotes, new ListCounter(lists), styles, properties.get(HEADER_PROPERTY) ?? "", options);
  } catch (error) {
    if (error instanceof ZipRefusal || error instanceof XmlRefusal) return { ok: false, message: error.message };
    throw error;
  }
}

interface Placed {
  /** 0-based line of the assembled text. */
  readonly line: number;
  readonly paragraph: number | null;
  readonly footnote: number | null;
}

function assemble(
  paragraphs: readonly WordParagraph[],
  unread: readonly { paragraph: number; what: string }[],
  footnoteTexts: ReadonlyMap<string, string>,
  lists: ListCounter,
  styles: ReadonlyMap<string, string>,
  header: string,
  options: ImportOptions,
): DocxImport {
  const diagnostics: DocxDiagnostic[] = [];
  const lines: string[] = header ? header.replace(/\n$/, "").split("\n") : [];
  const placed: Placed[] = [];
  const numbers = new Map<string, number>();
  const bodies: string[] = [];
  const byBody = new Map<string, number>();
  const seenAuthors = new Set<string>();

  const reference = (id: string): string => {
    const body = footnoteTexts.get(id);
    if (body === undefined) return "/";
    const known = byBody.get(body);
    if (known !== undefined) return `${known}/ IDEM`;
    bodies.push(body);
    byBody.set(body, bodies.length);
    numbers.set(id, bodies.length);
    return `${bodies.length}/`;
  };

  for (const paragraph of paragraphs) {
    const styleName = (styles.get(paragraph.styleId) ?? paragraph.styleId).toLowerCase();
    if (paragraph.styleId.startsWith("Accord")) continue;
    const label = paragraph.list ? lists.next(paragraph.list.numId, paragraph.list.level) : "";
    let text = paragraphText(paragraph, reference, (author, line) => {
      if (seenAuthors.has(author)) return;
      seenAuthors.add(author);
      if (!DelegationRegistry.default.find(author).ok) {
        diagnostics.push({
          paragraph: paragraph.number,
          footnote: null,
          column: 0,
          message: `the tracked change by “${author}” names no delegation: it is kept as a proposal of “${tagOfAuthor(author)}”; rename the delegation in the document if it is one`,
          excerpt: line.slice(0, 60),
        });
      }
    });
    if (!text.trim()) continue;
    if (label) text = `${label} ${text}`;
    if (/^(heading [1-9]|title|subtitle)$/.test(styleName) && !text.startsWith("# ")) text = `# ${text}`;
    if (placed.length) lines.push("");
    placed.push({ line: lines.length, paragraph: paragraph.number, footnote: null });
    lines.push(text.replace(/\s+/g, " ").trim());
  }
  if (bodies.length) {
    lines.push("");
    bodies.forEach((body, index) => {
      placed.push({ line: lines.length, paragraph: null, footnote: index + 1 });
      lines.push(`${index + 1}/ ${body}`);
    });
  }
  for (const { paragraph, what } of unread) {
    diagnostics.push({ paragraph, footnote: null, column: 0, message: `${what} is not read: Accord keeps text only`, excerpt: "" });
  }

  const text = `${lines.join("\n")}\n`;
  const result = importText(text, options);
  for (const d of result.diagnostics) {
    const where = placedAt(placed, d.line - 1);
    diagnostics.push({ paragraph: where?.paragraph ?? null, footnote: where?.footnote ?? null, column: d.column, message: d.message, excerpt: d.excerpt });
  }
  diagnostics.sort((a, b) => (a.paragraph ?? Infinity) - (b.paragraph ?? Infinity) || (a.footnote ?? 0) - (b.footnote ?? 0));
  return { ok: true, document: result.document, diagnostics, text };
}

/** The placed line holding 0-based `line` of the assembled text (the last one starting at or before it). */
function placedAt(placed: readonly Placed[], line: number): Placed | undefined {
  let found: Placed | undefined;
  for (const p of placed) {
    if (p.line <= line) found = p;
    else break;
  }
  return found;
}

/** An author's name as a bracket tag: the delegation's preferred tag when it names one, else the name without the characters that separate tags. */
function tagOfAuthor(author: string): string {
  const found = DelegationRegistry.default.find(author);
  if (found.ok) return DelegationRegistry.default.preferredTag(found.delegation.code);
  return author.replace(/[[\]:,;/~\\]+/g, " ").replace(/\s+/g, " ").trim() || "Unknown author";
}

/**
 * A paragraph's runs in the text convention: struck runs between `~~`,
 * footnote references as `N/`, and each stretch of tracked changes by one
 * author as one bracket tagged with the author (`[Uru: ~~old~~ new]`).
 */
function paragraphText(paragraph: WordParagraph, reference: (id: string) => string, author: (name: string, line: string) => void): string {
  let out = "";
  let group: string | null = null;
  let strike = false;
  const setStrike = (on: boolean) => {
    if (on !== strike) out += "~~";
    strike = on;
  };
  const openGroup = (change: TrackedChange | null) => {
    const name = change ? change.author || "Unknown author" : null;
    if (name === group) return;
    setStrike(false);
    if (group !== null) out += "]";
    if (name !== null) {
      author(name, out);
      out += `[${tagOfAuthor(name)}: `;
    }
    group = name;
  };
  for (const run of paragraph.runs) {
    openGroup(run.change);
    setStrike(run.strike || run.change?.kind === "delete");
    out += run.kind === "text" ? run.text : reference(run.id);
  }
  setStrike(false);
  if (group !== null) out += "]";
  return out;
}
