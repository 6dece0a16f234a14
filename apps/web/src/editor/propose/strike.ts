import { proposalMarks, proposalNesting, type ProposalAttrs } from "@accord/schema";
import type { Mark, Node } from "prosemirror-model";
import type { Transaction } from "prosemirror-state";
import { blockEditMode } from "./block-mode.js";
import { isOwnOpenProposal, lastOwnOpen } from "./ownership.js";
import { FOOTNOTES_STAY, Refusal } from "./refusal.js";

/**
 * A delegate of `code` deletes `from`–`to`, a range inside one textblock of
 * `tr.doc`; this does it the way the delegate may, as steps added to `tr`:
 * text whose innermost bracket is the delegation's own open insertion (and
 * any text of its own open paragraph) really goes; text it already struck
 * out stays as it is; anything else — base text, other delegations'
 * proposals — stays and is struck out as the delegation's proposed deletion.
 * That deletion continues the delegation's open deletion right before or
 * right after the range (or inside it), so Backspace after Backspace is one
 * bracket; otherwise it is a new one with id `newId()`. Footnotes always
 * stay. Returns the deletion the range now belongs to (for a replacement
 * typed over it), or null. Throws a `Refusal` when the block is closed to
 * the delegate or the range holds footnotes only.
 */
export function strikeOrRemove(tr: Transaction, from: number, to: number, code: string, newId: () => string): Mark | null {
  const $from = tr.doc.resolve(from);
  const block = $from.parent;
  const start = $from.start();
  const mode = blockEditMode(block, code);
  if ("problem" in mode) throw new Refusal(mode.problem);

  const children: Node[] = [];
  block.forEach((child) => children.push(child));
  const { outerFirst } = proposalNesting(children);
  const remove: [number, number][] = [];
  const strike: [number, number][] = [];
  let text = 0;
  let footnotes = 0;
  let struck = null as Mark | null;
  block.forEach((child, offset) => {
    const childFrom = start + offset;
    const childTo = childFrom + child.nodeSize;
    if (childTo <= from || childFrom >= to) return;
    if (!child.isText) {
      footnotes++;
      return;
    }
    text++;
    const piece: [number, number] = [Math.max(childFrom, from), Math.min(childTo, to)];
    if (mode.mode === "own-paragraph") {
      remove.push(piece);
      return;
    }
    const chain = proposalMarks(child.marks).sort(outerFirst);
    const innermost = chain[chain.length - 1];
    if (innermost && isOwnOpenProposal(innermost, code, "insert")) remove.push(piece);
    else {
      const already = lastOwnOpen(child.marks, code, "delete");
      if (already) struck ??= already;
      else strike.push(piece);
    }
  });
  if (!text && footnotes) throw new Refusal(FOOTNOTES_STAY);

  const fresh = () =>
    block.type.schema.marks.proposal!.create({ id: newId(), op: "delete", by: [code], note: "", state: "open", choice: "", choiceStyle: "adjacent", positions: "", span: "", tag: "" } satisfies ProposalAttrs);
  let deletion = struck;
  if (strike.length) {
    const before = $from.nodeBefore;
    const after = tr.doc.resolve(to).nodeAfter;
    deletion =
      (before?.isText ? lastOwnOpen(before.marks, code, "delete") : null) ??
      struck ??
      (after?.isText ? lastOwnOpen(after.marks, code, "delete") : null) ??
      fresh();
    // Text never carries two marks of one proposal (its own insertion nested in another's bracket, struck
    // with that insertion's id): readers keep one of them, whichever Yjs happens to list first.
    let other: Mark | null = null;
    for (const [a, b] of strike) {
      let clash = false;
      tr.doc.nodesBetween(a, b, (node) => {
        clash ||= node.marks.some((m) => m.attrs.id === deletion!.attrs.id && m.type === deletion!.type);
      });
      tr.addMark(a, b, clash ? (other ??= fresh()) : deletion);
    }
  }
  for (let i = remove.length - 1; i >= 0; i--) tr.delete(remove[i]![0], remove[i]![1]);
  return deletion;
}
