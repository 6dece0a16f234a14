import { spanPartsAt } from "@accord/schema";
import { Slice, type Node } from "prosemirror-model";
import { Plugin, type EditorState, type Transaction } from "prosemirror-state";
import { Mapping } from "prosemirror-transform";
import { ySyncPluginKey } from "y-prosemirror";

/** The stretches of the document after `transactions` that the local ones among them (not the sync's) inserted, in document order. */
function insertedRanges(transactions: readonly Transaction[]): { from: number; to: number }[] {
  const all = new Mapping(transactions.flatMap((tr) => tr.mapping.maps));
  const ranges: { from: number; to: number }[] = [];
  let index = 0;
  for (const tr of transactions) {
    const local = tr.getMeta(ySyncPluginKey) === undefined;
    for (const map of tr.mapping.maps) {
      const rest = all.slice(++index);
      if (!local) continue;
      map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
        const from = rest.map(newStart, 1);
        const to = rest.map(newEnd, -1);
        if (from < to) ranges.push({ from, to });
      });
    }
  }
  return ranges.sort((a, b) => a.from - b.from);
}

/** Whether `block` has text between these offsets into its content (footnotes are not text). */
function hasText(block: Node, from: number, to: number): boolean {
  let found = false;
  block.forEach((child, offset) => {
    if (!found && child.isText && offset < to && offset + child.nodeSize > from) found = true;
  });
  return found;
}

/**
 * The transaction that puts text `transactions` inserted where the parts of a
 * bracket spanning paragraphs meet — at the start of a later part's
 * paragraph, at the end of an earlier part's — inside the bracket: each
 * stretch of it, in each paragraph, takes the part `spanPartsAt` names for
 * its place in the document without it. Null when there is none (text
 * inserted anywhere else, or remote changes, which their author's editor
 * marked). `state` is the state after them. Never throws.
 */
export function spanEdgeMarking(transactions: readonly Transaction[], state: EditorState): Transaction | null {
  const doc = state.doc;
  const tr = state.tr;
  for (const range of insertedRanges(transactions)) {
    doc.nodesBetween(range.from, range.to, (block, pos) => {
      if (!block.inlineContent) return true;
      const from = Math.max(range.from, pos + 1);
      const to = Math.min(range.to, pos + 1 + block.content.size);
      // Text inside a paragraph's text takes its marks from around it; only a stretch at either end of it may meet a part.
      if (from >= to || (hasText(block, 0, from - pos - 1) && hasText(block, to - pos - 1, block.content.size))) return false;
      // Asked of the document without the text, as if it were about to be put there: its first or last text is
      // the inserted one, which does not carry the part yet.
      for (const part of spanPartsAt(doc.replace(from, to, Slice.empty), from)) tr.addMark(from, to, part);
      return false;
    });
  }
  return tr.docChanged ? tr : null;
}

/**
 * Text put where the parts of a bracket spanning paragraphs meet goes inside
 * the bracket (`spanEdgeMarking`), for editors that change the text directly
 * (the chair's); a delegate's edits are proposals, which `insertionMarks`
 * marks so. By ProseMirror's rule it went outside (a proposal mark is not
 * inclusive at its ends), between the parts, where it leaves the span broken:
 * read as a bracket per paragraph after the edit. An `appendTransaction`,
 * not `handleTextInput`, `handlePaste`/`transformPasted` or `handleDrop`:
 * text comes in by typing, pasting, dropping, composition (IME), the
 * browser's autocorrect and spelling fixes, and commands, and only some of
 * those pass each prop (composition and autocorrect pass none, a drop's text
 * is placed after `handleDrop`), while every one ends as a transaction. The
 * marks are added in the same update, so the server and the others only
 * ever see the text inside the bracket.
 */
export function spanEdgeText(): Plugin {
  return new Plugin({
    appendTransaction(transactions, _before, after) {
      if (!transactions.some((tr) => tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined)) return null;
      return spanEdgeMarking(transactions, after);
    },
  });
}
