import { bracketsAcrossBlocks, newId } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { Plugin, type EditorState, type Transaction } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";
import { changedBlocks } from "../changed-blocks.js";
import { DIRECT_EDIT_META } from "../propose/meta.js";

/** The kinds of change `bracketsAcrossBlocks` makes one after another: joins, splits, choice groups, unlinked spans. */
const MAX_ROUNDS = 4;

/** How many blocks of `doc` between these positions carry each proposal id. */
function proposalBlockCounts(doc: Node, from: number, to: number): Map<string, number> {
  const counts = new Map<string, number>();
  doc.nodesBetween(from, to, (block) => {
    if (!block.inlineContent) return false;
    const ids = new Set<string>();
    block.forEach((child) => {
      for (const mark of child.marks) if (mark.type.name === "proposal") ids.add(mark.attrs.id as string);
    });
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    return false;
  });
  return counts;
}

/**
 * The proposals an edit may have split or joined across paragraphs: every
 * one in the blocks it changed when it changed how many blocks there are
 * (Enter, a join, a paste of paragraphs), else those it put into more
 * blocks than they were in (a part given to text typed between two parts of
 * a span, a bracket pasted). Typing inside a bracket does neither, so a
 * keystroke costs a look at the blocks it changed.
 */
export function proposalsAcrossBlocks(before: Node, after: Node): Set<string> {
  const changed = changedBlocks(before, after);
  const out = new Set<string>();
  if (!changed) return out;
  const now = proposalBlockCounts(after, changed.from, changed.newTo);
  if (before.childCount !== after.childCount) return new Set(now.keys());
  const was = proposalBlockCounts(before, changed.from, changed.oldTo);
  for (const [id, count] of now) if (count > (was.get(id) ?? 0)) out.add(id);
  return out;
}

/**
 * The transaction that keeps brackets whole across the paragraphs the local
 * transactions split or joined (`bracketsAcrossBlocks`): a bracket left in
 * several paragraphs spans them (or is a bracket of its own in each where it
 * cannot), parts of a span left in one paragraph are one part. Null when
 * there is nothing to change. `state` is the state after them. Never throws.
 */
export function bracketsAcrossParagraphsMarking(transactions: readonly Transaction[], before: EditorState, state: EditorState): Transaction | null {
  if (!transactions.some((tr) => tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined)) return null;
  const ids = proposalsAcrossBlocks(before.doc, state.doc);
  if (!ids.size) return null;
  const tr = state.tr;
  // One kind of change at a time (joins, splits, choice groups, unlinked spans), each asked of the document the last left.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const changes = bracketsAcrossBlocks(tr.doc, () => newId(), ids);
    if (!changes.length) break;
    for (const { from, to, mark, replacement } of changes) tr.removeMark(from, to, mark).addMark(from, to, replacement);
  }
  return tr.docChanged ? tr.setMeta(DIRECT_EDIT_META, true) : null;
}

/**
 * A bracket the chair's own edit leaves in two paragraphs or more goes on as
 * one bracket spanning them, as UNFCCC texts write one: Enter pressed inside
 * `[G77: Parties shall communicate their contributions]` gives two parts of
 * one proposal — accepted, rejected, supported as one, drawn with one `[`
 * and one `]` — not one proposal id in two paragraphs, which every reader
 * would split into two unrelated brackets. Text typed into the empty
 * paragraph Enter leaves where two parts meet becomes a part too
 * (`spanPartsAt`), and Backspace joining two parts' paragraphs makes them
 * one part again. For direct editing; a delegate's Enter in base text is
 * refused before it is made.
 */
export function bracketsAcrossParagraphs(): Plugin {
  return new Plugin({
    appendTransaction: (transactions, before, after) => bracketsAcrossParagraphsMarking(transactions, before, after),
  });
}
