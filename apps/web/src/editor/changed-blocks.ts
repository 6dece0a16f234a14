import type { Node } from "prosemirror-model";
import type { Transaction } from "prosemirror-state";
import { Mapping, StepMap } from "prosemirror-transform";

/**
 * The blocks two versions of a document differ in, by identity: ProseMirror
 * transactions and y-prosemirror (which rebuilds the whole document for a
 * remote change but reuses the node of every untouched block) both keep
 * unchanged blocks as the same objects. Returns the old range
 * `[from, oldTo)` and the new one `[from, newTo)`, or null when no block differs.
 */
export function changedBlocks(before: Node, after: Node): BlockChange | null {
  // Several plugins ask about the same transaction; the answer for the last pair is kept.
  if (last && last.before === before && last.after === after) return last.change;
  const change = compare(before, after);
  last = { before, after, change };
  return change;
}

/** The blocks `[from, oldTo)` of the old document that became `[from, newTo)` of the new one. */
export interface BlockChange {
  readonly from: number;
  readonly oldTo: number;
  readonly newTo: number;
}

let last: { before: Node; after: Node; change: BlockChange | null } | null = null;

function compare(before: Node, after: Node): BlockChange | null {
  const a = before.content;
  const b = after.content;
  const min = Math.min(a.childCount, b.childCount);
  let head = 0;
  let from = 0;
  while (head < min && a.child(head) === b.child(head)) from += a.child(head++).nodeSize;
  if (head === a.childCount && head === b.childCount) return null;
  let tail = 0;
  let tailSize = 0;
  while (tail < min - head && a.child(a.childCount - 1 - tail) === b.child(b.childCount - 1 - tail)) {
    tailSize += a.child(a.childCount - 1 - tail++).nodeSize;
  }
  return { from, oldTo: a.size - tailSize, newTo: b.size - tailSize };
}

/**
 * How a transaction moved positions, at the level of blocks: unchanged
 * blocks before and after the changed ones keep (and shift) their
 * positions, positions inside changed blocks go to the changed range's
 * edges. Unlike `tr.mapping`, this holds for y-prosemirror's remote changes,
 * which replace the whole document in one step (mapped through it, every
 * position would fall to one end of the document).
 */
export function blockMapping(tr: Transaction): Mapping {
  const change = tr.docChanged ? changedBlocks(tr.before, tr.doc) : null;
  return new Mapping(change ? [new StepMap([change.from, change.oldTo - change.from, change.newTo - change.from])] : []);
}
