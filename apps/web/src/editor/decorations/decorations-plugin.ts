import { DelegationRegistry, passedOverBySpans, spansIn } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { Mapping, StepMap } from "prosemirror-transform";
import { DecorationSet, type Decoration } from "prosemirror-view";
import { blockDecorations, neighboursOf, type DecorationContext } from "./block-decorations.js";
import { blockMapping, changedBlocks, type BlockChange } from "../changed-blocks.js";
import { drawnBlocks, drawnRangeKey, mapRange, selectionBlockIndex } from "../window/drawn-range.js";
import { NO_FILTER, type Filter } from "../types.js";

/** The decorations plugin's state: the set and what it was drawn with. */
export interface NegotiationDecorations {
  readonly set: DecorationSet;
  readonly context: DecorationContext;
}

/** The key of the plugin that draws brackets; its meta `{ filter }` or `{ registry }` redraws everything. */
export const negotiationDecorationsKey = new PluginKey<NegotiationDecorations>("accord-decorations");

/** Every block's decorations, for a whole document, or only for the blocks `drawn` says are drawn (see `drawnBlocks`). */
export function documentDecorations(doc: Node, context: DecorationContext, drawn: ((pos: number, block: Node) => boolean) | null = null): DecorationSet {
  const all: Decoration[] = [];
  doc.forEach((block, offset, index) => {
    if (drawn && !drawn(offset, block)) return;
    for (const decoration of blockDecorations(block, offset, context, neighboursOf(doc, index))) all.push(decoration);
  });
  return DecorationSet.create(doc, all);
}

/** True when a block's drawing reads the blocks beside it: it holds a part of a span, or is in an option. */
function readsNeighbours(block: Node | null): block is Node {
  return block !== null && (Boolean(block.attrs.optionPath) || spansIn(block).size > 0);
}

/**
 * The changed blocks and the unchanged ones beside them whose drawing reads
 * them (`readsNeighbours`): a span's part drawn with or without its bracket,
 * an option's label, change with the block next to them — for a span's part,
 * the next block past empty paragraphs (`passedOverBySpans`), which the parts
 * meet across.
 */
function withNeighbours(change: BlockChange, doc: Node): BlockChange {
  let { from, oldTo, newTo } = change;
  let start = from;
  for (let before = doc.resolve(start).nodeBefore; before; before = doc.resolve(start).nodeBefore) {
    if (readsNeighbours(before)) from = start - before.nodeSize;
    if (!passedOverBySpans(before)) break;
    start -= before.nodeSize;
  }
  let end = newTo;
  for (let after = doc.resolve(end).nodeAfter; after; after = doc.resolve(end).nodeAfter) {
    if (readsNeighbours(after)) {
      oldTo += end + after.nodeSize - newTo;
      newTo = end + after.nodeSize;
    }
    if (!passedOverBySpans(after)) break;
    end += after.nodeSize;
  }
  return { from, oldTo, newTo };
}

/**
 * The decorations after a transaction: unchanged blocks keep (and shift)
 * theirs, changed blocks are drawn again — when they are drawn at all: in a
 * long document only the block window's blocks and the selection's have
 * decorations, and those that come into it or leave it are added or removed.
 */
function nextDecorations(value: NegotiationDecorations, tr: Transaction, before: EditorState, after: EditorState): NegotiationDecorations {
  const drawn = drawnBlocks(after);
  const meta = tr.getMeta(negotiationDecorationsKey) as { filter?: Filter; registry?: DelegationRegistry } | undefined;
  if (meta?.filter || meta?.registry) {
    const context = { filter: meta.filter ?? value.context.filter, registry: meta.registry ?? value.context.registry };
    return { context, set: documentDecorations(tr.doc, context, drawn) };
  }
  let set = value.set;
  if (tr.docChanged) {
    const changed = changedBlocks(before.doc, tr.doc);
    if (changed) {
      const { from, oldTo, newTo } = withNeighbours(changed, tr.doc);
      // Decorations live inside blocks, so [from + 1, oldTo - 1] holds exactly those of the changed blocks.
      if (oldTo > from) set = set.remove(set.find(from + 1, oldTo - 1));
      set = set.map(new Mapping([new StepMap([from, oldTo - from, newTo - from])]), tr.doc);
      const added: Decoration[] = [];
      tr.doc.nodesBetween(from, newTo, (block, pos) => {
        if (!drawn || drawn(pos, block)) for (const decoration of blockDecorations(block, pos, value.context, neighboursOf(tr.doc, tr.doc.resolve(pos).index(0)))) added.push(decoration);
        return false;
      });
      if (added.length) set = set.add(tr.doc, added);
    }
  }
  // Which blocks are drawn may have changed: the window moved, or the selection went to another block.
  // The old range where this transaction's steps put it (not its meta, which gives the new one).
  const previous = drawnRangeKey.getState(before) ?? null;
  const oldRange = previous && tr.docChanged ? mapRange(previous, tr) : previous;
  const newRange = drawnRangeKey.getState(after) ?? null;
  if ((oldRange === null) !== (newRange === null)) return { context: value.context, set: documentDecorations(tr.doc, value.context, drawn) };
  const moved = blockMapping(tr);
  const oldSelection = [moved.map(before.selection.from), moved.map(before.selection.to)].map((p) => selectionBlockIndex(tr.doc, p));
  const newSelection = [after.selection.from, after.selection.to].map((p) => selectionBlockIndex(tr.doc, p));
  const sameRange = !oldRange || !newRange || (oldRange.from === newRange.from && oldRange.to === newRange.to);
  if (!drawn || (sameRange && oldSelection.every((index, i) => index === newSelection[i]))) {
    return set === value.set ? value : { context: value.context, set };
  }
  const doc = tr.doc;
  const lo = Math.min(oldRange!.from, newRange!.from);
  const hi = Math.max(oldRange!.to, newRange!.to);
  const indices = new Set<number>([...oldSelection, ...newSelection]);
  if (!sameRange) for (let i = selectionBlockIndex(doc, lo); i <= selectionBlockIndex(doc, Math.max(lo, hi - 1)); i++) indices.add(i);
  const added: Decoration[] = [];
  for (const index of indices) {
    const pos = doc.resolve(0).posAtIndex(index, 0);
    const block = doc.child(index);
    set = set.remove(set.find(pos + 1, pos + block.nodeSize - 1));
    if (drawn(pos, block)) for (const decoration of blockDecorations(block, pos, value.context, neighboursOf(doc, index))) added.push(decoration);
  }
  if (added.length) set = set.add(doc, added);
  return { context: value.context, set };
}

/**
 * Draws the negotiation's brackets, tags and filter dimming
 * (`blockDecorations`) and keeps them current at the cost of the blocks a
 * transaction touched, not of the document — so typing in a 2,000-paragraph
 * text stays fast. `registry` is the document's delegation registry at start.
 */
export function negotiationDecorations(registry: DelegationRegistry = DelegationRegistry.default, filter: Filter = NO_FILTER): Plugin<NegotiationDecorations> {
  return new Plugin<NegotiationDecorations>({
    key: negotiationDecorationsKey,
    state: {
      init: (_, state) => {
        const context = { registry, filter };
        return { context, set: documentDecorations(state.doc, context, drawnBlocks(state)) };
      },
      apply: (tr, value, before, after) => nextDecorations(value, tr, before, after),
    },
    props: {
      decorations: (state) => negotiationDecorationsKey.getState(state)?.set,
    },
  });
}

/** A transaction that redraws with this filter; null when `state` has no decorations plugin. */
export function setFilterTransaction(state: EditorState, filter: Filter): Transaction | null {
  return negotiationDecorationsKey.getState(state) ? state.tr.setMeta(negotiationDecorationsKey, { filter }).setMeta("addToHistory", false) : null;
}

/** A transaction that redraws with this registry (tags changed); null when `state` has no decorations plugin. */
export function setRegistryTransaction(state: EditorState, registry: DelegationRegistry): Transaction | null {
  return negotiationDecorationsKey.getState(state) ? state.tr.setMeta(negotiationDecorationsKey, { registry }).setMeta("addToHistory", false) : null;
}
