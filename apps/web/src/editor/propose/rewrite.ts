import { Fragment, Mark, type Node, type Slice } from "prosemirror-model";
import { TextSelection, type EditorState, type Transaction } from "prosemirror-state";
import { AddMarkStep, AddNodeMarkStep, Mapping, RemoveMarkStep, RemoveNodeMarkStep, ReplaceStep, type Step } from "prosemirror-transform";
import { blockEditMode } from "./block-mode.js";
import { insertedText, type InputKind } from "./inserted-content.js";
import { insertionMarks } from "./insertion-marks.js";
import { DIRECT_EDIT_META, isSyncTransaction, PROPOSAL_EDIT_META, REWRITTEN_META } from "./meta.js";
import { isProposalMark } from "./ownership.js";
import { NO_FORMATTING, NO_SETTINGS, Refusal, SPLIT_OR_JOIN } from "./refusal.js";
import { strikeOrRemove } from "./strike.js";
import { editTrustProblem } from "./trust-guard.js";

/** What propose mode makes of a transaction: the transaction to apply (the given one or its rewriting), or a refusal. */
export type RewriteOutcome =
  | { readonly kind: "apply"; readonly tr: Transaction }
  | { readonly kind: "refused"; readonly reason: string };

/** Who proposes, and where new proposal ids come from. */
export interface ProposalContext {
  /** The delegation code the edits are proposed in ("URY"); "" turns propose mode off. */
  readonly delegation: string;
  /** A new, never used proposal id. */
  readonly newId: () => string;
}

// Metas of the view's transaction that the rewriting keeps (the view and other plugins read them).
const KEPT_METAS = ["uiEvent", "paste", "composition", "pointer", "addToHistory"] as const;

/** What one rewritten step did, in positions of the rewritten document as of `at` steps. */
interface StepResult {
  readonly at: number;
  /** Where the replaced range now starts and ends (its struck text stays between them). */
  readonly start: number;
  readonly end: number;
  /** The inserted text, if any. */
  readonly inserted: { readonly from: number; readonly to: number } | null;
}

/**
 * Propose mode's decision on a transaction `tr` made from `state`. It
 * applies untouched what is not a delegate's local input: selection-only
 * transactions, y-prosemirror's (remote changes, undo and redo through Yjs),
 * those carrying `DIRECT_EDIT_META`, and everything when `context.delegation`
 * is "". Those carrying `PROPOSAL_EDIT_META` or `REWRITTEN_META` are only
 * checked. Any other is rewritten into the delegation's proposals — typed or
 * pasted text as its insertion, deleted text struck out as its deletion,
 * text typed over a selection as a replacement (see `strikeOrRemove`,
 * `insertionMarks`, `insertedText`) — and refused, with the reason in a
 * delegate's words, when it cannot be (a locked paragraph, a heading, Enter,
 * formatting) or when the result breaks the trust rule (`editTrustProblem`,
 * the server's own check, always the last word). Throws a RangeError when
 * `tr` was not made from `state` (a caller's bug).
 */
export function rewriteTransaction(state: EditorState, tr: Transaction, context: ProposalContext): RewriteOutcome {
  if (tr.before !== state.doc && !tr.before.eq(state.doc)) throw new RangeError("rewriteTransaction: the transaction was not made from this state");
  const code = context.delegation;
  if (!tr.docChanged || !code || isSyncTransaction(tr) || tr.getMeta(DIRECT_EDIT_META)) return { kind: "apply", tr };
  if (tr.getMeta(PROPOSAL_EDIT_META) || tr.getMeta(REWRITTEN_META)) {
    const problem = editTrustProblem(state.doc, tr.doc, code);
    return problem ? { kind: "refused", reason: problem } : { kind: "apply", tr };
  }
  let rewritten: Transaction;
  try {
    rewritten = rewriteSteps(state, tr, code, context.newId);
  } catch (error) {
    if (error instanceof Refusal) return { kind: "refused", reason: error.reason };
    throw error;
  }
  const problem = editTrustProblem(state.doc, rewritten.doc, code);
  return problem ? { kind: "refused", reason: problem } : { kind: "apply", tr: rewritten };
}

function stepProblem(step: Step): string {
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep || step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep) {
    return NO_FORMATTING;
  }
  return NO_SETTINGS;
}

function rewriteSteps(state: EditorState, tr: Transaction, code: string, newId: () => string): Transaction {
  const out = state.tr;
  // The block the caret is in is named first when the key acts there (Backspace at a locked paragraph's start
  // joins it to the heading before: the paragraph's lock is the reason, not the heading; Enter at a block's start
  // puts an empty paragraph right before it: the block's closure is the reason).
  const first = tr.steps[0];
  const head = state.selection.head;
  const $head = state.doc.resolve(head);
  const rightBefore = $head.depth > 0 && first instanceof ReplaceStep && first.from === first.to && first.from === $head.before();
  if (first instanceof ReplaceStep && ((head >= first.from && head <= first.to) || rightBefore)) closedBlockProblem(state.doc, head, code);
  const uiEvent = tr.getMeta("uiEvent") as string | undefined;
  const input: InputKind = tr.getMeta("paste") || uiEvent === "paste" || uiEvent === "drop" ? "pasted" : "typed";
  let last: StepResult | null = null;
  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i]!;
    if (!(step instanceof ReplaceStep)) throw new Refusal(stepProblem(step));
    // The step's positions, taken back to the original document, then into the rewritten one.
    // (A new Mapping: `Mapping.slice(…).invert()` inverts every map, not the slice's.)
    const back = new Mapping(tr.mapping.maps.slice(0, i)).invert();
    const from = out.mapping.map(back.map(step.from, 1), 1);
    const to = Math.max(from, out.mapping.map(back.map(step.to, -1), -1));
    last = rewriteStep(out, from, to, step.slice, input, code, newId) ?? last;
  }

  for (const key of KEPT_METAS) if (tr.getMeta(key) !== undefined) out.setMeta(key, tr.getMeta(key));
  out.setMeta(REWRITTEN_META, true);
  if (tr.scrolledIntoView) out.scrollIntoView();
  if (tr.storedMarksSet) out.setStoredMarks(tr.storedMarks ? tr.storedMarks.filter((m) => !isProposalMark(m)) : null);
  if (last && caretFollowsEdit(state, tr)) placeCaret(state, tr, out, last);
  return out;
}

/**
 * One replace step of the delegate's transaction (`from`–`to` replaced by
 * `slice`, in positions of `out.doc`), redone as proposals on `out`.
 * Returns null when it changes nothing.
 */
function rewriteStep(out: Transaction, from: number, to: number, slice: Slice, input: InputKind, code: string, newId: () => string): StepResult | null {
  // A block closed to the delegate is the reason, whatever the edit (Enter in an agreed paragraph is refused
  // because the paragraph is locked, not because delegates do not split paragraphs).
  closedBlockProblem(out.doc, from, code);
  closedBlockProblem(out.doc, to, code);
  const nodes = insertedText(slice, input, out.doc.type.schema);
  const segments = from < to ? textblockSegments(out.doc, from, to) : [];
  const filled = segments.filter((s) => s.from < s.to);
  if (!filled.length && !nodes.length) {
    if (from < to) throw new Refusal(SPLIT_OR_JOIN);
    return null;
  }

  const first = out.steps.length;
  const map = (pos: number, assoc: number) => out.mapping.slice(first).map(pos, assoc);
  let replacing = null as Mark | null;
  filled.forEach((segment, index) => {
    const deletion = strikeOrRemove(out, map(segment.from, 1), map(segment.to, -1), code, newId);
    if (index === 0) replacing = deletion;
  });
  const lastTo = filled.length ? filled[filled.length - 1]!.to : to;

  let inserted: StepResult["inserted"] = null;
  if (nodes.length) {
    const at = textblockPosition(out.doc, map(filled.length ? filled[0]!.to : from, -1));
    const block = out.doc.resolve(at).parent;
    const mode = blockEditMode(block, code);
    if ("problem" in mode) throw new Refusal(mode.problem);
    const content = mode.mode === "own-paragraph" ? plainMarks(out.doc, at, nodes, input) : proposalMarks(out.doc, at, nodes, input, code, replacing, newId);
    const fragment = Fragment.fromArray(content);
    out.insert(at, fragment);
    inserted = { from: at, to: at + fragment.size };
  }
  return { at: out.steps.length, start: map(from, -1), end: map(lastTo, -1), inserted };
}

/** Throws the refusal of the textblock at `pos`, if the block is closed to the delegate (a heading, a locked paragraph). */
function closedBlockProblem(doc: Node, pos: number, code: string): void {
  const $pos = doc.resolve(pos);
  if (!$pos.parent.isTextblock) return;
  const mode = blockEditMode($pos.parent, code);
  if ("problem" in mode) throw new Refusal(mode.problem);
}

/** The delegate's text as its proposal (see `insertionMarks`); typed text keeps its emphasis, pasted text takes the surrounding one. */
function proposalMarks(doc: Node, at: number, nodes: readonly Node[], input: InputKind, code: string, replacing: Mark | null, newId: () => string): Node[] {
  const marks = insertionMarks(doc, at, code, replacing, newId);
  return nodes.map((node) => {
    const emphasis = input === "typed" ? node.marks.filter((m) => !isProposalMark(m)) : marks.emphasis;
    return node.mark(Mark.setFrom([...marks.proposals, ...emphasis]));
  });
}

/** Text in the delegation's own open paragraph: no bracket of its own, inside the brackets around it (never a deletion). */
function plainMarks(doc: Node, at: number, nodes: readonly Node[], input: InputKind): Node[] {
  const around = doc.resolve(at).marks();
  const proposals = around.filter((m) => isProposalMark(m) && m.attrs.op !== "delete");
  return nodes.map((node) => {
    const emphasis = input === "typed" ? node.marks.filter((m) => !isProposalMark(m)) : around.filter((m) => !isProposalMark(m));
    return node.mark(Mark.setFrom([...proposals, ...emphasis]));
  });
}

/** The parts of `from`–`to` inside each textblock it crosses (empty parts included: they are block boundaries). */
function textblockSegments(doc: Node, from: number, to: number): { from: number; to: number }[] {
  const segments: { from: number; to: number }[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isTextblock) segments.push({ from: Math.max(from, pos + 1), to: Math.min(to, pos + 1 + node.content.size) });
    return false;
  });
  return segments;
}

/** `pos` if it is inside a textblock; between blocks, the end of the block before or the start of the one after. */
function textblockPosition(doc: Node, pos: number): number {
  const $pos = doc.resolve(pos);
  if ($pos.parent.inlineContent) return pos;
  if ($pos.nodeBefore?.isTextblock) return pos - 1;
  if ($pos.nodeAfter?.isTextblock) return pos + 1;
  throw new Refusal("there is no paragraph here to propose text in");
}

/** True when the edit happened at the delegate's selection (typing, deleting, pasting), not elsewhere by a command. */
function caretFollowsEdit(state: EditorState, tr: Transaction): boolean {
  if (tr.selectionSet) return true;
  const step = tr.steps[0] as ReplaceStep;
  const { from, to } = state.selection;
  return from <= step.to && to >= step.from;
}

/**
 * Where the caret goes after the rewritten edit: after inserted text (a
 * dropped text stays selected); after a deletion, where a deletion would
 * have left it — before struck text for Backspace, after it for Delete or a
 * deleted selection, so the next keystroke goes on from there.
 */
function placeCaret(state: EditorState, tr: Transaction, out: Transaction, last: StepResult): void {
  const rest = out.mapping.slice(last.at);
  const doc = out.doc;
  if (last.inserted) {
    const from = rest.map(last.inserted.from, 1);
    const to = rest.map(last.inserted.to, -1);
    const keepSelected = !tr.selection.empty && tr.getMeta("uiEvent") === "drop";
    out.setSelection(TextSelection.between(doc.resolve(keepSelected ? from : to), doc.resolve(to)));
    return;
  }
  const step = tr.steps[0] as ReplaceStep;
  const backward = tr.steps.length === 1 && state.selection.empty && state.selection.head === step.to && step.from < step.to;
  const caret = rest.map(backward ? last.start : last.end, -1);
  out.setSelection(TextSelection.between(doc.resolve(caret), doc.resolve(caret)));
}
