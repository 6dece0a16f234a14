import type { Node } from "prosemirror-model";
import { PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import { blockMapping } from "../changed-blocks.js";

/**
 * The blocks the editor draws in a long document (`block-window.ts`): from
 * the start of the first to the end of the last, in document positions, or
 * null when every block is drawn. Plugins that make costly things per block
 * (the brackets' decorations) make them only for drawn blocks and for the
 * blocks the selection is in.
 */
export interface DrawnRange {
  readonly from: number;
  readonly to: number;
}

/** The key of the plugin state holding the drawn range (the block window's plugin); its meta sets it. */
export const drawnRangeKey = new PluginKey<DrawnRange | null>("accord-drawn-range");

/** A transaction setting the drawn range (null: every block). */
export function setDrawnRange(tr: Transaction, range: DrawnRange | null): Transaction {
  return tr.setMeta(drawnRangeKey, range).setMeta("addToHistory", false);
}

/** The drawn range after a transaction: as set by its meta, else mapped through its steps. */
export function nextDrawnRange(tr: Transaction, value: DrawnRange | null): DrawnRange | null {
  const meta = tr.getMeta(drawnRangeKey) as DrawnRange | null | undefined;
  if (meta !== undefined) return meta;
  return value && tr.docChanged ? mapRange(value, tr) : value;
}

/**
 * A range mapped through a transaction, block by block (`blockMapping`, so a
 * remote change keeps it in place): blocks inserted at its edges stay outside it.
 */
export function mapRange(range: DrawnRange, tr: Transaction): DrawnRange {
  const mapping = blockMapping(tr);
  return { from: mapping.map(range.from, 1), to: mapping.map(range.to, -1) };
}

/**
 * Which blocks of `state` are drawn: a predicate on a block's position,
 * true for all when the state has no drawn range (no block window, or a
 * short document). The selection's blocks always count as drawn.
 */
export function drawnBlocks(state: EditorState): ((pos: number, block: Node) => boolean) | null {
  const range = drawnRangeKey.getState(state);
  if (!range) return null;
  const { doc, selection } = state;
  const $start = doc.resolve(0);
  const selected = new Set([selection.from, selection.to].map((p) => $start.posAtIndex(selectionBlockIndex(doc, p), 0)));
  return (pos) => (pos >= range.from && pos < range.to) || selected.has(pos);
}

/** The index of the block a selection end at `pos` lies in (the block after it at a boundary, the last past the end). */
export function selectionBlockIndex(doc: Node, pos: number): number {
  return Math.max(0, Math.min(doc.resolve(Math.max(0, Math.min(pos, doc.content.size))).index(0), doc.childCount - 1));
}

/** The spec key of the node decorations that mark drawn blocks. */
const DRAWN_SPEC = "accordDrawn";

/** Whether a block view's outer decorations mark it drawn (see `drawnBlockDecorations`). */
export function markedDrawn(decorations: readonly Decoration[]): boolean {
  return decorations.some((decoration) => (decoration.spec as Record<string, unknown>)[DRAWN_SPEC] === true);
}

let lastDrawn: { doc: Node; from: number; to: number; selected: string; set: DecorationSet } | null = null;

/**
 * Node decorations, with no attributes, on the blocks of the drawn range and
 * the selection's: block views read them to make their text only for drawn
 * blocks (a hidden block is an empty placeholder, so opening a long document
 * builds a few dozen blocks' DOM, not thousands). Null when every block is
 * drawn. The last answer is kept: ProseMirror asks for each view update.
 */
export function drawnBlockDecorations(state: EditorState): DecorationSet | null {
  const range = drawnRangeKey.getState(state);
  if (!range) return null;
  const { doc, selection } = state;
  const indices = [selection.from, selection.to].map((p) => selectionBlockIndex(doc, p));
  const selected = indices.join(" ");
  if (lastDrawn && lastDrawn.doc === doc && lastDrawn.from === range.from && lastDrawn.to === range.to && lastDrawn.selected === selected) return lastDrawn.set;
  const decorations: Decoration[] = [];
  const $start = doc.resolve(0);
  const marked = new Set<number>();
  const mark = (pos: number, block: Node) => {
    if (marked.has(pos)) return;
    marked.add(pos);
    decorations.push(Decoration.node(pos, pos + block.nodeSize, {}, { [DRAWN_SPEC]: true }));
  };
  doc.nodesBetween(Math.max(0, range.from), Math.min(doc.content.size, Math.max(range.from, range.to)), (block, pos) => {
    if (pos >= range.from && pos < range.to) mark(pos, block);
    return false;
  });
  for (const index of indices) {
    if (index < doc.childCount) mark($start.posAtIndex(index, 0), doc.child(index));
  }
  const set = DecorationSet.create(doc, decorations);
  lastDrawn = { doc, from: range.from, to: range.to, selected, set };
  return set;
}
