import type { Random } from "@accord/schema/generate";
import { joinBackward, splitBlock } from "prosemirror-commands";
import { TextSelection, type EditorState, type Transaction } from "prosemirror-state";

// Random local edits for the propose mode's tests (in memory and against the real server).

const WORDS = ["while", " measurable", "and ", " regional", "gender perspective ", "x"];

/** A local edit and the state it was made in (the selection moved there first). */
export interface RandomEdit {
  readonly kind: string;
  readonly state: EditorState;
  readonly tr: Transaction;
}

/**
 * One random local edit as the view would make it — typing, Backspace, Delete, a range deleted or typed
 * over, a selection across paragraphs, paste, drop, Enter, a join — the selection first moved where the
 * delegate works; null when the view would not make it there.
 */
export function randomEdit(rnd: Random, state: EditorState): RandomEdit | null {
  const blocks: { start: number; end: number }[] = [];
  state.doc.forEach((block, pos) => blocks.push({ start: pos + 1, end: pos + 1 + block.content.size }));
  const index = rnd.int(0, blocks.length - 1);
  const block = blocks[index]!;
  const at = () => rnd.int(block.start, block.end);
  const select = (anchor: number, head = anchor) => state.apply(state.tr.setSelection(TextSelection.create(state.doc, anchor, head)));
  const range = () => {
    const a = at();
    const b = at();
    return [Math.min(a, b), Math.max(a, b)] as const;
  };
  const kind = rnd.pick(["type", "type", "typeAt", "backspace", "backspace", "delete", "range", "replace", "cross", "paste", "paste", "drop", "enter", "join"]);
  try {
    switch (kind) {
      case "type": {
        const s = select(at());
        return { kind, state: s, tr: s.tr.insertText(rnd.pick(WORDS)) };
      }
      case "typeAt": {
        const pos = at();
        const s = select(pos);
        return { kind, state: s, tr: s.tr.insertText(rnd.pick(WORDS), pos, pos) };
      }
      case "backspace": {
        const pos = at();
        if (pos === block.start) return null;
        const s = select(pos);
        return { kind, state: s, tr: s.tr.delete(pos - 1, pos) };
      }
      case "delete": {
        const pos = at();
        if (pos === block.end) return null;
        const s = select(pos);
        return { kind, state: s, tr: s.tr.delete(pos, pos + 1) };
      }
      case "range":
      case "replace": {
        const [a, b] = range();
        const s = select(a, b);
        return { kind, state: s, tr: kind === "range" ? s.tr.deleteSelection() : s.tr.insertText(rnd.pick(WORDS)) };
      }
      case "cross": {
        const other = blocks[Math.min(blocks.length - 1, index + rnd.int(1, 2))]!;
        const s = select(at(), rnd.int(other.start, other.end));
        return { kind, state: s, tr: rnd.chance(0.5) ? s.tr.deleteSelection() : s.tr.insertText(rnd.pick(WORDS)) };
      }
      case "paste": {
        const [a, b] = range();
        const from = rnd.int(1, state.doc.content.size - 1);
        const to = Math.min(state.doc.content.size - 1, from + rnd.int(1, 80));
        const s = select(a, b);
        return { kind, state: s, tr: s.tr.replaceSelection(state.doc.slice(from, to)).setMeta("paste", true).setMeta("uiEvent", "paste") };
      }
      case "drop": {
        const [a, b] = range();
        if (a === b) return null;
        const target = blocks[rnd.int(0, blocks.length - 1)]!;
        const s = select(a, b);
        const tr = s.tr;
        const dragged = s.doc.slice(a, b);
        tr.deleteSelection();
        const pos = tr.mapping.map(rnd.int(target.start, target.end));
        tr.replaceRange(pos, pos, dragged);
        return { kind, state: s, tr: tr.setMeta("uiEvent", "drop") };
      }
      case "enter": {
        const s = select(at());
        let tr: Transaction | null = null;
        splitBlock(s, (t) => (tr = t));
        return tr ? { kind, state: s, tr } : null;
      }
      default: {
        const s = select(block.start);
        let tr: Transaction | null = null;
        joinBackward(s, (t) => (tr = t));
        return tr ? { kind, state: s, tr } : null;
      }
    }
  } catch (error) {
    if (error instanceof RangeError) return null; // a slice that does not fit there: the view would not make this edit
    throw error;
  }
}

