import { spanPartsAt, type ProposalAttrs } from "@accord/schema";
import type { Mark, Node } from "prosemirror-model";
import { isProposalMark, lastOwnOpen } from "./ownership.js";

/** The marks text inserted by a delegate takes, split into the proposal it joins and the rest. */
export interface InsertionMarks {
  /** The delegation's insert proposal the text belongs to (new, or one it extends). */
  readonly proposal: Mark;
  /** Every proposal mark the text carries, `proposal` included: the brackets it sits in. */
  readonly proposals: readonly Mark[];
  /** Emphasis from where the text goes (used for pasted text, which brings none of its own). */
  readonly emphasis: readonly Mark[];
}

/** The insert-op twin of a proposal mark: same id, delegations, note and state (a replacement's second half). */
export function asInsertion(mark: Mark): Mark {
  return mark.attrs.op === "insert" ? mark : mark.type.create({ ...mark.attrs, op: "insert" });
}

/**
 * The marks of text a delegate of `code` inserts at `pos` (a position in a
 * textblock of `doc`). The text joins, in this order: `replacing` (the
 * delete mark this same edit put on the text it replaces: a replacement is a
 * deletion and an insertion sharing one id); the delegation's open insertion
 * ending right before `pos` (consecutive typing is one bracket); its open
 * deletion ending right before `pos` (typing after what it struck out
 * completes a replacement); its open insertion starting right after `pos`.
 * Otherwise it starts a new insertion with id `newId()`. It stays inside the
 * other delegations' insertions and brackets around it (an amendment nested
 * in their proposal), never inside a deletion — and inside the part of a
 * bracket spanning paragraphs whose edge `pos` is where the parts meet
 * (`spanPartsAt`: before a later part's first text, after an earlier part's
 * last), which would otherwise be left not meeting the next. Throws a
 * RangeError when `pos` is outside the document.
 */
export function insertionMarks(doc: Node, pos: number, code: string, replacing: Mark | null, newId: () => string): InsertionMarks {
  const $pos = doc.resolve(pos);
  const left = $pos.nodeBefore?.isText ? $pos.nodeBefore : null;
  const right = $pos.nodeAfter?.isText ? $pos.nodeAfter : null;
  let proposal: Mark | null = null;
  // At a paragraph's edge the part of a span there is not in $pos.marks() (proposal marks are not inclusive).
  let around: readonly Mark[] = spanPartsAt(doc, pos).reduce((set, part) => part.addToSet(set), $pos.marks());
  let found: Mark | null;
  if (replacing) {
    proposal = asInsertion(replacing);
  } else if (left && (found = lastOwnOpen(left.marks, code, "insert"))) {
    proposal = found;
    around = left.marks;
  } else if (left && (found = lastOwnOpen(left.marks, code, "delete"))) {
    proposal = asInsertion(found);
    around = left.marks;
  } else if (right && (found = lastOwnOpen(right.marks, code, "insert"))) {
    proposal = found;
    around = right.marks;
  } else {
    const attrs: ProposalAttrs = { id: newId(), op: "insert", by: [code], note: "", state: "open", choice: "", choiceStyle: "adjacent", positions: "", span: "", tag: "" };
    proposal = doc.type.schema.marks.proposal!.create(attrs);
  }
  const id = proposal.attrs.id as string;
  const kept = around.filter((mark) => isProposalMark(mark) && mark.attrs.op !== "delete" && mark.attrs.id !== id);
  return {
    proposal,
    proposals: proposal.addToSet(kept),
    emphasis: around.filter((mark) => !isProposalMark(mark)),
  };
}
