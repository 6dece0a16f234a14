/** What a proposal asks for: text added, text removed, or text in dispute. */
export type ProposalOp = "insert" | "delete" | "bracket";

/** Where a proposal stands. Only `open` proposals are still negotiated. */
export type ProposalState = "open" | "accepted" | "rejected" | "withdrawn";

/** Every proposal operation. */
export const PROPOSAL_OPS: readonly ProposalOp[] = Object.freeze(["insert", "delete", "bracket"]);

/** Every proposal state. */
export const PROPOSAL_STATES: readonly ProposalState[] = Object.freeze(["open", "accepted", "rejected", "withdrawn"]);

/** True when `value` names a proposal operation. */
export function isProposalOp(value: unknown): value is ProposalOp {
  return typeof value === "string" && (PROPOSAL_OPS as readonly string[]).includes(value);
}

/** True when `value` names a proposal state. */
export function isProposalState(value: unknown): value is ProposalState {
  return typeof value === "string" && (PROPOSAL_STATES as readonly string[]).includes(value);
}

/**
 * The attributes of a `proposal` mark. One bracket is one proposal `id`; a
 * replacement is a `delete` span and an `insert` span carrying the same id,
 * delegations, note and state.
 */
export interface ProposalAttrs {
  readonly id: string;
  readonly op: ProposalOp;
  /** Delegation codes (ISO alpha-3 for states); empty for an untagged bracket. */
  readonly by: readonly string[];
  /** A trailing note, e.g. "Brazil is opposed to including this reference". */
  readonly note: string;
  readonly state: ProposalState;
}
