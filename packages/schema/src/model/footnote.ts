/**
 * What a footnote is for. Reservations belong to a delegation and survive into
 * the clean version; procedural footnotes (quorum, pending consultations) go.
 */
export type FootnoteKind = "reservation" | "procedural" | "editorial";

/** Every footnote kind. */
export const FOOTNOTE_KINDS: readonly FootnoteKind[] = Object.freeze(["reservation", "procedural", "editorial"]);

/** True when `value` names a footnote kind. */
export function isFootnoteKind(value: unknown): value is FootnoteKind {
  return typeof value === "string" && (FOOTNOTE_KINDS as readonly string[]).includes(value);
}

/** The attributes of a `footnote` node. */
export interface FootnoteAttrs {
  readonly id: string;
  readonly kind: FootnoteKind;
  /** Delegation code of a reservation; empty otherwise. */
  readonly delegation: string;
  readonly text: string;
}
