import type { ListDefinitions, ListLevel } from "./numbering.js";
import { W, walkXml, type Attributes } from "./xml.js";

/** A tracked change around a run: Word's `w:ins` / `w:del` (or a move) and its author. */
export interface TrackedChange {
  readonly kind: "insert" | "delete";
  readonly author: string;
}

/** A piece of a Word paragraph. */
export type WordRun =
  | { readonly kind: "text"; readonly text: string; readonly strike: boolean; readonly change: TrackedChange | null }
  | { readonly kind: "footnote"; readonly id: string; readonly strike: boolean; readonly change: TrackedChange | null };

/** A paragraph of the document's body as Word holds it. */
export interface WordParagraph {
  /** 1-based, counting every paragraph of the body: what a diagnostic calls "Word paragraph N". */
  readonly number: number;
  readonly styleId: string;
  /** The list it is numbered in (`w:numPr`), or null. */
  readonly list: { readonly numId: string; readonly level: number } | null;
  readonly runs: readonly WordRun[];
}

/** A part of the document the importer does not read, said once per kind. */
export interface Unread {
  readonly paragraph: number;
  readonly what: string;
}

const ON_OFF_FALSE = new Set(["0", "false", "off", "none"]);

function isOn(attributes: Attributes): boolean {
  const value = attributes.get(`{${W}}val`);
  return value === undefined || !ON_OFF_FALSE.has(value);
}

/** What the body reader reports for parts it skips: pictures, objects, text boxes, endnotes, fields' results are kept. */
const UNREAD: Record<string, string> = {
  drawing: "a picture",
  pict: "a picture",
  object: "an embedded object",
  txbxContent: "a text box",
  endnoteReference: "an endnote",
  commentReference: "",
};

/**
 * Reads `word/document.xml` into paragraphs of runs: their text (`w:t`,
 * `w:delText`, tabs and breaks as spaces), strike-through, footnote
 * references and the tracked change around them, with each paragraph's style
 * and list; tables' cells are read as paragraphs in order. Pictures, objects,
 * text boxes and endnotes are skipped and listed in `unread`. Throws an
 * `XmlRefusal` for malformed XML, a DTD or a deadline passed.
 */
export function readBody(bytes: Uint8Array, deadline: number): { paragraphs: WordParagraph[]; unread: Unread[] } {
  const paragraphs: WordParagraph[] = [];
  const unread: Unread[] = [];
  const stack: string[] = [];
  const changes: (TrackedChange | null)[] = [];
  let paragraph: { styleId: string; numId: string; level: number; runs: WordRun[] } | null = null;
  let strike = false;
  let skipDepth = 0;
  let textDepth = 0;
  const inside = (local: string) => stack.includes(local);
  const change = () => {
    for (let k = changes.length - 1; k >= 0; k--) if (changes[k]) return changes[k]!;
    return null;
  };
  const push = (text: string) => {
    if (!paragraph || !text) return;
    const last = paragraph.runs[paragraph.runs.length - 1];
    const current = change();
    if (last?.kind === "text" && last.strike === strike && last.change === current) {
      paragraph.runs[paragraph.runs.length - 1] = { ...last, text: last.text + text };
    } else paragraph.runs.push({ kind: "text", text, strike, change: current });
  };

  walkXml("word/document.xml", bytes, {
    open(uri, local, attributes) {
      stack.push(local);
      if (skipDepth > 0) {
        skipDepth++;
        return;
      }
      if (uri !== W) {
        // Markup compatibility: read the fallback of an alternative, never its choice.
        if (local === "Choice") skipDepth = 1;
        return;
      }
      const number = paragraphs.length + 1;
      if (local in UNREAD) {
        if (UNREAD[local]) unread.push({ paragraph: number, what: UNREAD[local]! });
        skipDepth = 1;
        return;
      }
      switch (local) {
        case "rPrChange":
        case "pPrChange":
        case "instrText":
        case "delInstrText":
          skipDepth = 1;
          return;
        case "p":
          paragraph = { styleId: "", numId: "", level: 0, runs: [] };
          return;
        case "pStyle":
          if (paragraph && inside("pPr")) paragraph.styleId = attributes.get(`{${W}}val`) ?? "";
          return;
        case "numId":
          if (paragraph && inside("numPr")) paragraph.numId = attributes.get(`{${W}}val`) ?? "";
          return;
        case "ilvl":
          if (paragraph && inside("numPr")) paragraph.level = Number(attributes.get(`{${W}}val`) ?? 0) || 0;
          return;
        case "r":
          strike = false;
          return;
        case "strike":
        case "dstrike":
          if (inside("rPr") && !inside("pPr")) strike = strike || isOn(attributes);
          return;
        case "ins":
        case "moveTo":
          changes.push(inside("rPr") || inside("pPr") ? null : { kind: "insert", author: attributes.get(`{${W}}author`) ?? "" });
          return;
        case "del":
        case "moveFrom":
          changes.push(inside("rPr") || inside("pPr") ? null : { kind: "delete", author: attributes.get(`{${W}}author`) ?? "" });
          return;
        case "t":
        case "delText":
          textDepth++;
          return;
        case "tab":
        case "br":
        case "cr":
          if (inside("r")) push(" ");
          return;
        case "noBreakHyphen":
          push("-");
          return;
        case "footnoteReference":
          if (paragraph) paragraph.runs.push({ kind: "footnote", id: attributes.get(`{${W}}id`) ?? "", strike, change: change() });
          return;
      }
    },
    close(uri, local) {
      stack.pop();
      if (skipDepth > 0) {
        skipDepth--;
        return;
      }
      if (uri !== W) return;
      if (local === "t" || local === "delText") textDepth--;
      else if (local === "ins" || local === "del" || local === "moveTo" || local === "moveFrom") changes.pop();
      else if (local === "p" && paragraph) {
        const number = paragraphs.length + 1;
        paragraphs.push({
          number,
          styleId: paragraph.styleId,
          list: paragraph.numId && paragraph.numId !== "0" ? { numId: paragraph.numId, level: paragraph.level } : null,
          runs: paragraph.runs,
        });
        paragraph = null;
      }
    },
    text(text) {
      if (skipDepth === 0 && textDepth > 0) push(text);
    },
  }, deadline);
  return { paragraphs, unread };
}

/**
 * Reads `word/footnotes.xml`: footnote id → its text (paragraphs joined by
 * a space, deleted text left out, Word's own separators skipped). Throws an
 * `XmlRefusal` as `readBody` does.
 */
export function readFootnotes(bytes: Uint8Array, deadline: number): Map<string, string> {
  const notes = new Map<string, string>();
  let id: string | null = null;
  let text = "";
  let inText = 0;
  let deleted = 0;
  walkXml("word/footnotes.xml", bytes, {
    open(uri, local, attributes) {
      if (uri !== W) return;
      if (local === "footnote") {
        const type = attributes.get(`{${W}}type`);
        id = type && type !== "normal" ? null : (attributes.get(`{${W}}id`) ?? null);
        text = "";
      } else if (local === "t") inText++;
      else if (local === "del") deleted++;
      else if ((local === "tab" || local === "br") && id !== null) text += " ";
      else if (local === "p" && text) text += " ";
    },
    close(uri, local) {
      if (uri !== W) return;
      if (local === "footnote" && id !== null) notes.set(id, text.replace(/\s+/g, " ").trim());
      else if (local === "t") inText--;
      else if (local === "del") deleted--;
    },
    text(value) {
      if (id !== null && inText > 0 && deleted === 0) text += value;
    },
  }, deadline);
  return notes;
}

/** Reads `word/numbering.xml`: each list (`w:num`) with the levels of its abstract definition. */
export function readNumbering(bytes: Uint8Array, deadline: number): ListDefinitions {
  const abstract = new Map<string, Map<number, ListLevel>>();
  const nums = new Map<string, string>();
  let currentAbstract: Map<number, ListLevel> | null = null;
  let level: { ilvl: number; start: number; format: string; text: string } | null = null;
  let num: string | null = null;
  walkXml("word/numbering.xml", bytes, {
    open(uri, local, attributes) {
      if (uri !== W) return;
      const val = attributes.get(`{${W}}val`) ?? "";
      if (local === "abstractNum") {
        currentAbstract = new Map();
        abstract.set(attributes.get(`{${W}}abstractNumId`) ?? "", currentAbstract);
      } else if (local === "lvl" && currentAbstract) level = { ilvl: Number(attributes.get(`{${W}}ilvl`) ?? 0), start: 1, format: "decimal", text: "" };
      else if (local === "start" && level) level.start = Number(val) || 0;
      else if (local === "numFmt" && level) level.format = val;
      else if (local === "lvlText" && level) level.text = val;
      else if (local === "num") num = attributes.get(`{${W}}numId`) ?? null;
      else if (local === "abstractNumId" && num !== null) nums.set(num, val);
    },
    close(uri, local) {
      if (uri !== W) return;
      if (local === "lvl" && level && currentAbstract) {
        currentAbstract.set(level.ilvl, { start: level.start, format: level.format, text: level.text });
        level = null;
      } else if (local === "abstractNum") currentAbstract = null;
      else if (local === "num") num = null;
    },
    text() {},
  }, deadline);
  const lists = new Map<string, ReadonlyMap<number, ListLevel>>();
  for (const [numId, abstractId] of nums) lists.set(numId, abstract.get(abstractId) ?? new Map());
  return lists;
}

/** Reads `word/styles.xml`: style id → name (`Heading2` → `heading 2`). */
export function readStyleNames(bytes: Uint8Array, deadline: number): Map<string, string> {
  const names = new Map<string, string>();
  let style: string | null = null;
  walkXml("word/styles.xml", bytes, {
    open(uri, local, attributes) {
      if (uri !== W) return;
      if (local === "style") style = attributes.get(`{${W}}styleId`) ?? null;
      else if (local === "name" && style !== null) names.set(style, attributes.get(`{${W}}val`) ?? "");
    },
    close(uri, local) {
      if (uri === W && local === "style") style = null;
    },
    text() {},
  }, deadline);
  return names;
}

/** Reads `docProps/custom.xml`: custom property name → its text value. */
export function readCustomProperties(bytes: Uint8Array, deadline: number): Map<string, string> {
  const properties = new Map<string, string>();
  let name: string | null = null;
  let value = "";
  let depth = 0;
  walkXml("docProps/custom.xml", bytes, {
    open(_uri, local, attributes) {
      if (local === "property") {
        name = attributes.get("name") ?? null;
        value = "";
        depth = 0;
      } else if (name !== null) depth++;
    },
    close(_uri, local) {
      if (local === "property" && name !== null) {
        properties.set(name, value);
        name = null;
      } else if (name !== null) depth--;
    },
    text(text) {
      if (name !== null && depth > 0) value += text;
    },
  }, deadline);
  return properties;
}
