import { formatDate, type NegotiationDocument } from "@accord/schema";
import { escapeHtml } from "./escape.js";

/**
 * The title a rendering shows: the metadata's title, else the first heading's
 * text, else "Untitled document".
 */
export function documentTitle(document: NegotiationDocument): string {
  if (document.meta.title.trim()) return document.meta.title.trim();
  let first = "";
  document.content.forEach((block) => {
    if (!first && block.type.name === "heading") first = block.textContent.replace(/\s+/g, " ").trim();
  });
  return first || "Untitled document";
}

/** What the header says about the rendering: "Marked-up version", and a sentence more if needed. */
export interface VersionLine {
  readonly name: string;
  readonly detail?: string;
}

/**
 * The page header: document symbol, title, body, date and revision from the
 * metadata (what is empty is left out; the date in the document's style), and
 * which version this is.
 */
export function documentHeader(document: NegotiationDocument, version: VersionLine): string {
  const { meta } = document;
  const title = documentTitle(document);
  const facts = [meta.body, formatDate(meta.date, meta.dateStyle), meta.revision].filter((f) => f.trim());
  const lines = [
    `<header class="doc-header">`,
    `<div class="doc-top"><span class="symbol">${escapeHtml(meta.symbol)}</span><span class="version">${escapeHtml(version.name)}</span></div>`,
    `<h1 class="title${title.length > 100 ? " long" : ""}">${escapeHtml(title)}</h1>`,
  ];
  if (facts.length) lines.push(`<p class="facts">${facts.map(escapeHtml).join(" · ")}</p>`);
  if (version.detail) lines.push(`<p class="version-detail">${escapeHtml(version.detail)}</p>`);
  lines.push(`</header>`);
  return lines.join("\n");
}
