import { inlineTree, optionPathOf, type NegotiationDocument, type ParagraphAttrs, type Result } from "@accord/schema";
import { optionLabelsHtml } from "./options.js";
import { cleanVersion } from "../versions/clean.js";
import { describeUnresolved } from "../versions/final.js";
import type { CleanOptions } from "../versions/text.js";
import { excerpt } from "../describe.js";
import { concordanceHtml } from "./concordance.js";
import { escapeHtml } from "./escape.js";
import { FootnoteList, footnotesHtml } from "./footnotes.js";
import { documentHeader, documentTitle } from "./header.js";
import { cleanInline } from "./inline.js";
import { htmlPage } from "./page.js";
import { CLEAN_CSS } from "./styles.js";

/**
 * The clean version (`cleanVersion`) as a standalone HTML page, printed like
 * the marked-up one: the text as it stands, with no delegation tags, colours
 * or statuses, renumbered labels, what is unresolved in plain `[ ]`,
 * reservations and editorial footnotes at the foot; with `concordance`, the
 * table Old / New after the text. With `final`, a text that still has
 * unresolved proposals or paragraphs not agreed is refused with the list of
 * them (`describeUnresolved`). All text is escaped. Throws nothing.
 */
export function cleanHtml(document: NegotiationDocument, options: CleanOptions = {}): Result<string> {
  const clean = cleanVersion(document);
  if (options.final && clean.unresolved.length) return { ok: false, message: describeUnresolved(clean.unresolved) };

  const footnotes = new FootnoteList();
  const blocks: string[] = [];
  clean.document.content.forEach((block, _offset, index) => {
    // An option group still undecided shows its labels, as the marked-up version does.
    blocks.push(optionLabelsHtml(clean.document.content, index, false));
    if (optionPathOf(block).at(-1)?.noText && block.childCount === 0) return;
    const text = cleanInline(inlineTree(block), footnotes);
    if (block.type.name === "heading") {
      const caps = /\p{Lu}/u.test(block.textContent) && block.textContent === block.textContent.toUpperCase();
      blocks.push(`<h2 class="heading${caps ? " caps" : ""}">${text}</h2>`);
      return;
    }
    const { label } = block.attrs as ParagraphAttrs;
    const labelHtml = label ? `<span class="label">${escapeHtml(label)}</span> ` : "";
    blocks.push(`<div class="para${label ? "" : " unlabelled"}">${labelHtml}<div class="body"><p class="text">${text}</p></div></div>`);
  });

  const name = options.final ? "Final text" : "Clean version";
  const bracketed = clean.unresolved.some((item) => item.kind !== "not-agreed");
  const note = bracketed ? `<p class="clean-note">Text in square brackets is still under negotiation.</p>` : "";
  const title = documentTitle(document);
  const symbol = document.meta.symbol;
  const html = htmlPage({
    title: `${symbol ? `${symbol} — ` : ""}${title} (${options.final ? "final text" : "clean version"})`,
    kind: "clean",
    css: CLEAN_CSS,
    runningLeft: symbol || excerpt(title, 8),
    runningRight: name,
    body: [
      documentHeader(clean.document, { name }),
      note,
      `<main class="text">`,
      ...blocks,
      `</main>`,
      footnotesHtml(footnotes, clean.document.registry, false),
      options.concordance ? concordanceHtml(clean.concordance) : "",
    ]
      .filter(Boolean)
      .join("\n"),
  });
  return { ok: true, value: html };
}
