/** What a proposal asks for: text added, text removed, or text in dispute. */
export type ProposalOp = "insert" | "delete" | "bracket";

/** Where a proposal stands. Only `open` proposals are still negotiated. */
export type ProposalState = "open" | "accepted" | "rejected" | "withdrawn";

/** Every proposal operation. */
export const PROPOSAL_OPS: readonly ProposalOp[] = Object.freeze(["insert", "delete", "bracket"]);

/** Every proposal state. */
export const PROPOSAL_STATES: readonly ProposalState[] = Object.freeze(["open", "accepted", "rejected", "withdrawn"]);

/**
 * How a group of alternatives was written, so that it is written back the
 * same way: `adjacent` brackets (`[shall][should]`, `[G77: scale up][US:
 * consider scaling up]`), or options separated by ` / ` inside one bracket
 * (`[agreed / made]`).
 */
export type ChoiceStyle = "adjacent" | "slash";

/** Every choice style. */
export const CHOICE_STYLES: readonly ChoiceStyle[] = Object.freeze(["adjacent", "slash"]);

/** True when `value` names a choice style. */
export function isChoiceStyle(value: unknown): value is ChoiceStyle {
  return typeof value === "string" && (CHOICE_STYLES as readonly string[]).includes(value);
}

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
  /**
   * The group of alternatives this proposal is an option of, one of which
   * will be chosen: an id every option of the group shares; "" when the
   * proposal is no option. A group has two options or more, in one
   * paragraph, and at most one of them is accepted (`modelProblems`).
   */
  readonly choice: string;
  /** How the group was written (`adjacent` when the proposal is in no group); every option of a group has the same. */
  readonly choiceStyle: ChoiceStyle;
  /**
   * Positions of delegations on the proposal (who wants it deleted,
   * retained, who reserves) and where its attribution is written, as one
   * short string: "" for none (see positions.ts, `readPositions`).
   */
  readonly positions: string;
  /**
   * The bracket spanning paragraphs this proposal is a part of (`[Parties
   * shall …` in one paragraph, `… registry.] (G77)` in a later one): the id
   * of its first part, which every part carries; "" when the proposal is no
   * part of one. Its parts are in consecutive blocks, one per block, and
   * agree on delegations, note, state and positions (`spanProblems`).
   */
  readonly span: string;
  /**
   * The tag as written (`European Union` where the document's exports write
   * `EU`), kept where it differs from the registry's preferred spellings;
   * "" for none. Exports use it only while it names exactly `by`
   * (written-tags.ts, `tagToWrite`); where an attribution after or inside
   * the bracket names the proposers (`(G-77, México)`), it holds their
   * names as written, written back name by name (`attributionNamesToWrite`).
   */
  readonly tag: string;
}
