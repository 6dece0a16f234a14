import { proposalMarks, proposalNesting, type ProposalAttrs } from "@accord/schema";
import type { Node } from "prosemirror-model";

/**
 * The bracketed proposals the text at `pos` lies in, innermost first, with
 * their attributes: those of the character after `pos`, or, at the end of a
 * run of text, of the one before it. Empty outside text. Throws a RangeError
 * when `pos` is outside the document.
 */
export function proposalsAt(doc: Node, pos: number): ProposalAttrs[] {
  const $pos = doc.resolve(pos);
  if (!$pos.parent.inlineContent) return [];
  const after = $pos.textOffset ? $pos.parent.child($pos.index()) : $pos.nodeAfter;
  const node = after?.isText ? after : $pos.nodeBefore?.isText ? $pos.nodeBefore : null;
  if (!node) return [];
  const children: Node[] = [];
  $pos.parent.forEach((child) => children.push(child));
  const { outerFirst } = proposalNesting(children);
  return proposalMarks(node.marks)
    .sort(outerFirst)
    .reverse()
    .map((mark) => mark.attrs as ProposalAttrs);
}
