/**
 * An edit propose mode refuses, with the reason in a delegate's words. Thrown
 * inside the rewriting and turned into a `refused` outcome at its edge; it
 * never leaves the module as an exception.
 */
export class Refusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Why Enter, a join at a paragraph's edge or a structural paste is refused. */
export const SPLIT_OR_JOIN =
  "a delegate cannot split or join paragraphs; to add a paragraph, propose a new one (bis) or an alternative";
/** Why typing or pasting a footnote is refused. */
export const NO_FOOTNOTES = "only text can be proposed here; a reservation is added with “Add reservation”";
/** Why deleting a footnote is refused. */
export const FOOTNOTES_STAY = "footnotes can only be removed by the chair or the secretariat";
/** Why a formatting change is refused. */
export const NO_FORMATTING = "a delegate can only propose text: formatting and other delegations' brackets cannot be changed";
/** Why a change of a block's attributes or structure is refused. */
export const NO_SETTINGS = "a delegate cannot change a paragraph's number, status or structure; the chair and the secretariat can";
