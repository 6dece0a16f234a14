import {
  inlineTree,
  negotiationStats,
  optionPathOf,
  type DateStyle,
  type HeadingAttrs,
  type NegotiationDocument,
  type ParagraphAttrs,
} from "@accord/schema";
import type { Node } from "prosemirror-model";
import { optionLabelsHtml } from "./options.js";
import { delegationVersion } from "../versions/delegation.js";
import { delegationNames, excerpt } from "../describe.js";
import { escapeHtml } from "./escape.js";
import { FootnoteList, footnotesHtml } from "./footnotes.js";
import { documentHeader, documentTitle } from "./header.js";
import { bracketHtml, markupInline, spanEnds, type InlineContext } from "./inline.js";

/** What rendering the blocks shares: the inline context, and the document's date style for status badges. */
interface MarkupContext extends InlineContext {
  readonly dateStyle: DateStyle;
}
import { htmlPage } from "./page.js";
import { statusBadge } from "./status.js";
import { delegationCss, MARKUP_CSS } from "./styles.js";
import { summaryHtml } from "./summary.js";

/** Options of `markupHtml`. */
export interface MarkupHtmlOptions {
  /** Render this delegation's compilation (`delegationVersion`) instead of the whole marked-up text. */
  readonly delegation?: string;
}

/**
 * The marked-up version as a standalone HTML page that prints on A4 with
 * page numbers: a header with the document symbol and title, a summary box
 * (paragraphs by status, open proposals by delegation, and the legend of the
 * delegations' colours), then the text with everything visible — brackets
 * with their delegations' tags and colours, insertions underlined, deletions
 * struck through, notes and states of proposals, status badges with dates
 * and bodies, whole-paragraph proposals and alternatives marked, editorial
 * notes in italics — and the footnotes at the foot, reservations labelled
 * with their delegation. With `delegation`, the page is that delegation's
 * compilation and its header says so. All text is escaped. Throws a
 * RangeError for a delegation code the document's registry does not know
 * (a caller's mistake), as `delegationVersion` does.
 */
export function markupHtml(document: NegotiationDocument, options: MarkupHtmlOptions = {}): string {
  const code = options.delegation;
  const shown = code === undefined ? document : delegationVersion(document, code);
  const { registry } = shown;
  const context: MarkupContext = { registry, footnotes: new FootnoteList(), seen: new Set(), dateStyle: document.meta.dateStyle, spans: spanEnds(shown.content) };

  const byId = new Map<string, { node: Node; index: number }>();
  shown.content.forEach((block, _offset, index) => byId.set(block.attrs.id as string, { node: block, index }));
  const blocks: string[] = [];
  shown.content.forEach((block, _offset, index) => {
    // Option blocks: each option's label before its first block; the option of no text is its label alone.
    blocks.push(optionLabelsHtml(shown.content, index));
    if (optionPathOf(block).at(-1)?.noText && block.childCount === 0) return;
    blocks.push(block.type.name === "heading" ? headingHtml(block, context) : paragraphHtml(block, index, byId, context));
  });

  const stats = negotiationStats(shown.content);
  const summary = summaryHtml(stats, [...context.seen], registry);
  const footnotes = footnotesHtml(context.footnotes, registry, true);
  const version = code === undefined ? { name: "Marked-up version" } : compilationLine(code, shown);
  const header = documentHeader(shown, version);
  const title = documentTitle(shown);
  const symbol = shown.meta.symbol;

  return htmlPage({
    title: `${symbol ? `${symbol} — ` : ""}${title} (${version.name[0]!.toLowerCase()}${version.name.slice(1)})`,
    kind: "markup",
    css: MARKUP_CSS + delegationCss([...context.seen, ...Object.keys(stats.proposals.byDelegation).filter(Boolean)]),
    runningLeft: symbol || excerpt(title, 8),
    runningRight: version.name,
    body: [header, summary, `<main class="text">`, ...blocks, `</main>`, footnotes].filter(Boolean).join("\n"),
  });
}

function compilationLine(code: string, document: NegotiationDocument): { name: string; detail: string } {
  const name = document.registry.get(code)?.name ?? code;
  return {
    name: `Compilation for ${name}`,
    detail:
      `Compilation for ${name} (${code}): its own proposals as they stand, in brackets with tags; ` +
      `untagged brackets as disputed text; other delegations' proposals resolved into the text they leave.`,
  };
}

function isCaps(text: string): boolean {
  return /\p{Lu}/u.test(text) && text === text.toUpperCase();
}

function headingHtml(block: Node, context: MarkupContext): string {
  const attrs = block.attrs as HeadingAttrs;
  const classes = ["heading", `status-${attrs.status}`];
  if (isCaps(block.textContent)) classes.push("caps");
  const text = markupInline(inlineTree(block), context);
  return `<h2 class="${classes.join(" ")}" id="block-${escapeHtml(attrs.id)}">${text}${statusBadge(attrs, context.footnotes, context.dateStyle)}</h2>`;
}

function paragraphHtml(
  block: Node,
  index: number,
  byId: ReadonlyMap<string, { node: Node; index: number }>,
  context: MarkupContext,
): string {
  const attrs = block.attrs as ParagraphAttrs;
  const whole = attrs.proposedBy.length > 0;
  const classes = ["para", `kind-${attrs.kind}`, `status-${attrs.status}`];
  // An unnumbered alternative to a numbered paragraph lines up with that paragraph's text.
  const target = attrs.alternativeTo ? byId.get(attrs.alternativeTo) : undefined;
  if (!attrs.label && !target?.node.attrs.label) classes.push("unlabelled");
  if (whole || attrs.alternativeTo) classes.push("whole", `state-${attrs.proposalState}`);
  if (attrs.alternativeTo) classes.push("alternative");

  let text = markupInline(inlineTree(block), context);
  if (whole) text = bracketHtml({ by: attrs.proposedBy, tag: attrs.proposedTag, note: "", state: attrs.proposalState }, text, context, "whole");
  else if (attrs.alternativeTo && attrs.proposalState !== "open") {
    text += ` <span class="state-label state-${attrs.proposalState}">${attrs.proposalState}</span>`;
  }
  text += statusBadge(attrs, context.footnotes, context.dateStyle);

  const body: string[] = [];
  const caption = captionOf(attrs, index, byId, context);
  if (caption) body.push(`<p class="caption">${escapeHtml(caption)}</p>`);
  if (text) body.push(`<p class="text">${text}</p>`);
  if (attrs.note) body.push(`<p class="note">(${escapeHtml(attrs.note)})</p>`);

  const colour = whole ? ` d-${attrs.proposedBy[0]}` : attrs.alternativeTo ? " d-none" : "";
  // The space keeps label and text apart when the page is copied as text; the grid ignores it.
  const label = attrs.label ? `<span class="label">${escapeHtml(attrs.label)}</span> ` : "";
  return (
    `<div class="${classes.join(" ")}" id="block-${escapeHtml(attrs.id)}">${label}` +
    `<div class="body${colour}">${body.join("")}</div></div>`
  );
}

/** "New paragraph proposed by Colombia and Ecuador", "Alternative to 2 bis, proposed by United States". */
function captionOf(
  attrs: ParagraphAttrs,
  index: number,
  byId: ReadonlyMap<string, { node: Node; index: number }>,
  context: InlineContext,
): string {
  if (!attrs.proposedBy.length && !attrs.alternativeTo) return "";
  const group = attrs.proposedBy.length === 1 && context.registry.get(attrs.proposedBy[0]!)?.kind === "group";
  const names = delegationNames(attrs.proposedBy, context.registry);
  const by = attrs.proposedBy.length ? `proposed by ${group ? `the ${names}` : names}` : "";
  if (!attrs.alternativeTo) return `New paragraph ${by}`;
  return [`Alternative to ${targetName(attrs.alternativeTo, index, byId)}`, by].filter(Boolean).join(", ");
}

function targetName(id: string, index: number, byId: ReadonlyMap<string, { node: Node; index: number }>): string {
  const target = byId.get(id);
  if (!target) return "another paragraph";
  const label = (target.node.attrs.label as string | undefined)?.replace(/[.)]\s*$/, "").replace(/^\(/, "");
  if (label) return label;
  if (target.index === index - 1) return "the paragraph above";
  return `the paragraph “${excerpt(target.node.textContent, 6)}”`;
}
