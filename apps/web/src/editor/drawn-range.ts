import type { Node } from "prosemirror-model";
import { PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { blockMapping } from "./changed-blocks.js";

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
