import type { ParagraphStatus } from "./status.js";
import type { ProposalState } from "./proposal.js";

/**
 * How a paragraph reads: a preambular clause, a numbered operative one, a note
 * that is not negotiated ("(Prepared by the Chair on the basis of …)"), or
 * none of these.
 */
export type ParagraphKind = "preambular" | "operative" | "plain" | "note";

/** Every paragraph kind. */
export const PARAGRAPH_KINDS: readonly ParagraphKind[] = Object.freeze(["preambular", "operative", "plain", "note"]);

/**
 * True when a paragraph is negotiated: every paragraph but a note, which no
 * status, count of agreed paragraphs or final text waits for.
 */
export function isNegotiatedParagraph(attrs: { readonly kind: ParagraphKind }): boolean {
  return attrs.kind !== "note";
}

/** True when `value` names a paragraph kind. */
export function isParagraphKind(value: unknown): value is ParagraphKind {
  return typeof value === "string" && (PARAGRAPH_KINDS as readonly string[]).includes(value);
}

/** The status part of a block's attributes, shared by paragraphs and headings. */
export interface StatusAttrs {
  readonly status: ParagraphStatus;
  /** `YYYY-MM-DD`, or empty. */
  readonly statusDate: string;
  /** The body that gave the status ("CSH"), or empty. */
  readonly statusBody: string;
  /** A footnote carried by the status marker ("Approval is pending as ..."), or empty. */
  readonly statusFootnote: string;
}

/** The attributes of a `heading` node. */
export interface HeadingAttrs extends StatusAttrs {
  readonly id: string;
  /** Its place in option blocks (`writeOptionPath`), "" for none. */
  readonly optionPath: string;
}

/** The attributes of a `paragraph` node. */
export interface ParagraphAttrs extends StatusAttrs {
  /** Stable, never reused; survives renumbering. */
  readonly id: string;
  /** Negotiating number as written ("5 bis alt."), or empty. */
  readonly label: string;
  readonly kind: ParagraphKind;
  /** Delegations proposing the whole paragraph; empty for base text. */
  readonly proposedBy: readonly string[];
  /**
   * The tag its whole-paragraph proposal was written with (`URY` where the
   * document's exports write `Uru`), kept where it differs from the
   * registry's preferred spellings; "" for none. Exports use it only while
   * it names exactly `proposedBy` (written-tags.ts, `tagToWrite`).
   */
  readonly proposedTag: string;
  /** Whether a whole-paragraph proposal or an alternative was taken up. */
  readonly proposalState: ProposalState;
  /** Id of the paragraph this one is an alternative to, or empty. */
  readonly alternativeTo: string;
  /** Editorial note ("Previously paragraph 4 of objective 1.1"), or empty. */
  readonly note: string;
  /** Its place in option blocks (`Option 1:` …; `writeOptionPath`), "" for none. */
  readonly optionPath: string;
}
