import { DEFAULT_DATE_STYLE, type DateStyle } from "./date-style.js";

/**
 * What a negotiation document is, beside its text: the title as circulated,
 * the document symbol (`CSH/GT/DSS-12/12`), the body negotiating it, the date,
 * the revision label (`rev. 2`), and the style every date of the document is
 * shown and written in (`MM/DD/YY`: see `DateStyle`). Every field but the
 * date style may be empty.
 */
export interface DocumentMeta {
  readonly title: string;
  readonly symbol: string;
  readonly body: string;
  /** `YYYY-MM-DD`, or empty. */
  readonly date: string;
  readonly revision: string;
  readonly dateStyle: DateStyle;
}

/** Metadata with every field empty, and the default date style. */
export const EMPTY_META: DocumentMeta = Object.freeze({ title: "", symbol: "", body: "", date: "", revision: "", dateStyle: DEFAULT_DATE_STYLE });

/** The longest value of each free-text metadata field, in characters. */
export const META_LIMITS: Readonly<Record<"title" | "symbol" | "body" | "revision", number>> = Object.freeze({ title: 2_000, symbol: 200, body: 500, revision: 200 });

/** The metadata field names, in the order files write them. */
export const META_FIELDS: readonly (keyof DocumentMeta)[] = Object.freeze(["title", "symbol", "body", "date", "revision", "dateStyle"]);
