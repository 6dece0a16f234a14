/**
 * What a negotiation document is, beside its text: the title as circulated,
 * the document symbol (`CSH/GT/DSS-12/12`), the body negotiating it, the date
 * and the revision label (`rev. 2`). Every field may be empty.
 */
export interface DocumentMeta {
  readonly title: string;
  readonly symbol: string;
  readonly body: string;
  /** `YYYY-MM-DD`, or empty. */
  readonly date: string;
  readonly revision: string;
}

/** Metadata with every field empty. */
export const EMPTY_META: DocumentMeta = Object.freeze({ title: "", symbol: "", body: "", date: "", revision: "" });

/** The metadata field names, in the order files write them. */
export const META_FIELDS: readonly (keyof DocumentMeta)[] = Object.freeze(["title", "symbol", "body", "date", "revision"]);
