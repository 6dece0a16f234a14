import { spanPartsAt } from "@accord/schema";
import { Slice, type Mark, type Node } from "prosemirror-model";
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
 * The marks of the proposals whose two stretches meet around `from`–`to` —
 * the text before it and the text after it carry one proposal under two
 * variants of its mark, its struck (`delete`) and its inserted text — that
 * the text there does not carry: the inserted variant of each (the one
 * after it when neither is struck). By ProseMirror's rule text put there
 * carries neither, a proposal mark not being inclusive, and so stands
 * outside the bracket, splitting it.
 */
function variantsAcross(doc: Node, from: number, to: number): Mark[] {
  const before = doc.resolve(from).nodeBefore;
  const after = doc.resolve(to).nodeAfter;
  if (!before?.isText || !after?.isText) return [];
  const carried = new Set<string>();
  doc.nodesBetween(from, to, (node) => {
    for (const mark of node.marks) if (mark.type.name === "proposal") carried.add(mark.attrs.id as string);
  });
  const found: Mark[] = [];
  for (const mark of before.marks) {
    if (mark.type.name !== "proposal" || carried.has(mark.attrs.id as string)) continue;
    const other = after.marks.find((m) => m.type === mark.type && m.attrs.id === mark.attrs.id && !m.eq(mark));
    if (other) found.push(other.attrs.op === "delete" ? mark : other);
  }
  return found;
}

/**
 * The transaction that puts text `transactions` inserted where the parts of a
 * bracket spanning paragraphs meet — at the start of a later part's
 * paragraph, at the end of an earlier part's — inside the bracket: each
 * stretch of it, in each paragraph, takes the part `spanPartsAt` names for
 * its place in the document without it; text inserted where a proposal's
 * struck and inserted text meet goes into its inserted text
 * (`variantsAcross`). Null when there is none (text
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
      if (from >= to) return false;
      // Text inside a paragraph's text takes its marks from around it — but where two stretches of one proposal meet
      // (its struck and its inserted text), from neither; only a stretch at either end of it may meet a part.
      if (hasText(block, 0, from - pos - 1) && hasText(block, to - pos - 1, block.content.size)) {
        for (const variant of variantsAcross(doc, from, to)) tr.addMark(from, to, variant);
        return false;
      }
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
