import { describeStatus, formatDate, type DateStyle, type StatusAttrs } from "@accord/schema";
import { escapeHtml } from "./escape.js";
import type { FootnoteList } from "./footnotes.js";

/**
 * A status in words, date (in the document's style) and body: "Agreed ad
 * referendum · 04/19/12 · CSH". Empty for `open`.
 */
export function statusWords(attrs: StatusAttrs, dateStyle: DateStyle): string {
  if (attrs.status === "open") return "";
  const words = describeStatus(attrs.status);
  const parts = [`${words[0]!.toUpperCase()}${words.slice(1)}`];
  if (attrs.statusDate) parts.push(formatDate(attrs.statusDate, dateStyle));
  if (attrs.statusBody) parts.push(attrs.statusBody);
  return parts.join(" · ");
}

/**
 * The badge of a block's status, with the reference of its status footnote
 * when it has one; empty for an open block without a status footnote.
 */
export function statusBadge(attrs: StatusAttrs, footnotes: FootnoteList, dateStyle: DateStyle): string {
  const words = statusWords(attrs, dateStyle);
  const badge = words ? `<span class="badge status-${attrs.status}">${escapeHtml(words)}</span>` : "";
  const note = attrs.statusFootnote ? footnotes.reference({ kind: "procedural", delegation: "", text: attrs.statusFootnote }) : "";
  return badge || note ? ` <span class="status">${badge}${note}</span>` : "";
}
