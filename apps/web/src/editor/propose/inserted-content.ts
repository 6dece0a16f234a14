import type { Node, Schema, Slice } from "prosemirror-model";
import { NO_FOOTNOTES, Refusal, SPLIT_OR_JOIN } from "./refusal.js";

/** How text reached the editor: typed (keys, input methods, commands) or pasted/dropped from a clipboard. */
export type InputKind = "typed" | "pasted";

/**
 * The text nodes a delegate's edit inserts, from the slice of a replace
 * step. Typed text keeps its emphasis. Pasted or dropped content keeps only
 * its text: its marks (other delegations' brackets among them) and footnotes
 * are dropped, and several paragraphs become one run of text joined by
 * spaces — a delegate proposes new paragraphs with `proposeParagraph`, not by
 * pasting. Throws a `Refusal` for typed content that would split paragraphs
 * (Enter) or insert a footnote, and for a paste that holds no text at all.
 */
export function insertedText(slice: Slice, input: InputKind, schema: Schema): Node[] {
  if (slice.content.size === 0) return [];
  if (input === "pasted") {
    const text = slice.content.textBetween(0, slice.content.size, " ", "").replace(/[\r\n\t\u2028\u2029]+/g, " ");
    if (!text) throw new Refusal(NO_FOOTNOTES);
    return [schema.text(text)];
  }
  let content = slice.content;
  // One textblock open on both sides is inline content in a wrapper (how a copied run of text arrives).
  const only = content.childCount === 1 ? content.firstChild! : null;
  if (only?.isTextblock && slice.openStart > 0 && slice.openEnd > 0) content = only.content;
  else if (slice.openStart > 0 || slice.openEnd > 0) throw new Refusal(SPLIT_OR_JOIN);
  const nodes: Node[] = [];
  content.forEach((node) => {
    if (node.isText) nodes.push(node);
    else if (node.isInline) throw new Refusal(NO_FOOTNOTES);
    else throw new Refusal(SPLIT_OR_JOIN);
  });
  return nodes;
}
