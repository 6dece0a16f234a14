import { Fragment, type Mark, type Node } from "prosemirror-model";
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
 * Blocks of `doc` that are the very nodes `readFrom` (the reading of the
 * Y.Doc as it is) has under the same id are known to be unchanged and skipped.
 */
export function writeContent(ydoc: Y.Doc, fragment: Y.XmlFragment, doc: Node, readFrom?: Node): void {
  const unchanged = new Map<string, Node>();
  readFrom?.forEach((block) => unchanged.set(block.attrs.id as string, block));
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
    } else if (unchanged.get(block.attrs.id as string) === block) {
      return;
    }
    updateYFragment(ydoc, element, reuseStoredAttrs(element, block), meta);
  });
}

/**
 * `block` with every mark whose attributes equal (as JSON) a value already
 * stored in `element`'s text using that very value. Yjs compares format values
 * shallowly (`by` arrays by identity), so a mark rebuilt from the model would
 * look changed and y-prosemirror would rewrite its boundaries: every
 * proposal of a paragraph re-marked whenever one of them is supported, and a
 * delegate typing at the end of one of them at that moment can see its words
 * fall outside its bracket. With the stored values only the runs that really
 * changed are formatted.
 */
function reuseStoredAttrs(element: Y.XmlElement, block: Node): Node {
  const stored = new Map<string, Record<string, unknown>>();
  for (const child of element.toArray()) {
    if (!(child instanceof Y.XmlText)) continue;
    for (const run of child.toDelta() as { attributes?: Record<string, unknown> }[]) {
      for (const value of Object.values(run.attributes ?? {})) {
        if (value && typeof value === "object") stored.set(JSON.stringify(value), value as Record<string, unknown>);
      }
    }
  }
  if (!stored.size || !block.inlineContent) return block;
  const sameMark = (mark: Mark): Mark => {
    const value = stored.get(JSON.stringify(mark.attrs));
    return value ? mark.type.create(value) : mark;
  };
  const children: Node[] = [];
  block.forEach((child) => children.push(child.isText ? child.mark(child.marks.map(sameMark)) : child));
  return block.copy(Fragment.from(children));
}
