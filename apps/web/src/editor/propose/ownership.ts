import type { ProposalAttrs, ProposalOp } from "@accord/schema";
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
  return attrs.by[0] === code && (op === undefined || attrs.op === op);
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

/** What a delegate may do with a bracketed proposal from the page. */
export interface ProposalActions {
  /** Join it as a co-sponsor: it is open, tagged, and the delegation is not among its sponsors yet. */
  readonly support: boolean;
  /** Withdraw it: it is open and the delegation made it. */
  readonly withdraw: boolean;
}

/**
 * Which of support and withdraw a delegate of `code` may use on a proposal,
 * so the page shows only those controls (the server decides in the end). An
 * empty `code` (not a delegate) may use neither. Never fails.
 */
export function proposalActions(attrs: ProposalAttrs, code: string): ProposalActions {
  const open = attrs.state === "open" && code !== "";
  return {
    support: open && attrs.op !== "bracket" && attrs.by.length > 0 && !attrs.by.includes(code),
    withdraw: open && attrs.by[0] === code,
  };
}
