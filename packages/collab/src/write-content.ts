import type { Node } from "prosemirror-model";
import { updateYFragment } from "y-prosemirror";
import * as Y from "yjs";

/**
 * Indices (into `sequence`) of a longest strictly increasing subsequence:
 * the blocks that kept their order, which are updated in place.
 */
function longestIncreasing(sequence: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous = new Array<number>(sequence.length).fill(-1);
  sequence.forEach((value, i) => {
    if (value < 0) return;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sequence[tails[mid]!]! < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const kept = new Set<number>();
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i]!) kept.add(i);
  return kept;
}

/**
 * Brings a Y.Doc's content to `doc`, matching blocks by their id so that
 * every block that still exists is updated in place — its attributes set,
 * its text diffed — and concurrent edits to it by others survive. (Matching
 * by position, as y-prosemirror does without an editor's mapping, turns an
 * inserted paragraph into an edit of the one that was there and, under
 * concurrency, duplicates paragraphs.) Call inside a transaction.
 */
export function writeContent(ydoc: Y.Doc, fragment: Y.XmlFragment, doc: Node): void {
  const meta = { mapping: new Map(), isOMark: new Map() };
  const wanted = new Map<string, number>();
  doc.forEach((block, _offset, index) => wanted.set(block.attrs.id as string, index));

  // Where each existing block goes in the new content (-1: nowhere, or a type change).
  const yBlocks = fragment.toArray();
  const targets = yBlocks.map((y) => {
    if (!(y instanceof Y.XmlElement)) return -1;
    const index = wanted.get(String(y.getAttribute("id") ?? ""));
    return index !== undefined && doc.child(index).type.name === y.nodeName ? index : -1;
  });
  const kept = longestIncreasing(targets);

  for (let i = yBlocks.length - 1; i >= 0; i--) if (!kept.has(i)) fragment.delete(i, 1);

  const keptByTarget = new Map<number, Y.XmlElement>();
  kept.forEach((i) => keptByTarget.set(targets[i]!, yBlocks[i] as Y.XmlElement));
  doc.forEach((block, _offset, index) => {
    let element = keptByTarget.get(index);
    if (!element) {
      element = new Y.XmlElement(block.type.name);
      fragment.insert(index, [element]);
    }
    updateYFragment(ydoc, element, block, meta);
  });
}
