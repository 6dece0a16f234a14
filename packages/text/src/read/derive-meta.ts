import { DEFAULT_DATE_STYLE, readDate, type DocumentMeta } from "@accord/schema";
import type { Node } from "prosemirror-model";

// Read on import and asked on export, so a header is written wherever the headings would say something else.
const SYMBOL = /\b[A-Z]{2,}(?:\/[A-Z0-9][A-Za-z0-9.-]*)+(?:\s+\d+)?(?:\s+\([A-Z0-9/-]+\))?/;
const LONG_DATE = /\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),?\s+(\d{4})\b/i;

/**
 * Metadata read off the opening headings of a draft that has no header: a
 * symbol, a title and a long date where the headings hold them, else empty
 * fields. Never fails.
 */
export function deriveMeta(content: Node): Partial<DocumentMeta> {
  const headings: string[] = [];
  for (let k = 0; k < content.childCount && content.child(k).type.name === "heading"; k++) headings.push(content.child(k).textContent.trim());
  const symbol = headings.map((h) => SYMBOL.exec(h)?.[0]).find(Boolean)?.replace(/\.$/, "") ?? "";
  const title = headings.find((h) => h !== symbol && h.length > symbol.length + 3) ?? "";
  const dateMatch = headings.map((h) => LONG_DATE.exec(h)).find(Boolean);
  const reading = dateMatch ? readDate(`${dateMatch[1]} ${dateMatch[2]}, ${dateMatch[3]}`, DEFAULT_DATE_STYLE) : null;
  return { title, symbol, date: reading?.ok ? reading.iso : "" };
}
