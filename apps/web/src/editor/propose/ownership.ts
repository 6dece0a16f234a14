import { isProposer, type ProposalAttrs, type ProposalOp } from "@accord/schema";
import type { Mark } from "prosemirror-model";

/** True for a `proposal` mark. */
export function isProposalMark(mark: Mark): boolean {
  return mark.type.name === "proposal";
}

/**
 * True when `mark` is a proposal delegation `code` made (it is first among
 * its delegations, as the trust rule reads ownership), of operation `op` when
 * given, whatever its state.
 */
export function isOwnProposal(mark: Mark, code: string, op?: ProposalOp): boolean {
  if (!isProposalMark(mark)) return false;
  const attrs = mark.attrs as ProposalAttrs;
  return isProposer(attrs.by, code) && (op === undefined || attrs.op === op);
}

/** True when `mark` is an open proposal of delegation `code` (see `isOwnProposal`): one it may still change. */
export function isOwnOpenProposal(mark: Mark, code: string, op?: ProposalOp): boolean {
  return isOwnProposal(mark, code, op) && (mark.attrs as ProposalAttrs).state === "open";
}

/** The last of `marks` that is an open proposal of `code` with operation `op`, or null. */
export function lastOwnOpen(marks: readonly Mark[], code: string, op: ProposalOp): Mark | null {
  for (let i = marks.length - 1; i >= 0; i--) if (isOwnOpenProposal(marks[i]!, code, op)) return marks[i]!;
  return null;
}
