import { DATE_STYLES, describeDateStyle, formatDate, isDateStyle, isStatusDate, META_FIELDS, META_LIMITS, type DocumentMeta, type NegotiationDocument } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { done, refuse, type Resolution } from "./resolution.js";

const NAMES: Readonly<Record<keyof DocumentMeta, string>> = {
  title: "title",
  symbol: "symbol",
  body: "body",
  date: "date",
  revision: "revision",
  dateStyle: "date style",
};

/**
 * Changes some of the document's metadata — its title, symbol, body, date,
 * revision or date style — leaving the text alone. Refused, with what to
 * write instead, for a date style it does not know, a date that is not
 * `YYYY-MM-DD`, a value over its length, or no change at all.
 */
export function setMetadata(document: NegotiationDocument, changes: Partial<DocumentMeta>): Resolution {
  const { dateStyle, date } = changes;
  if (dateStyle !== undefined && !isDateStyle(dateStyle)) return refuse(`‘${String(dateStyle).slice(0, 40)}’ is not a date style; use one of ${DATE_STYLES.map((style) => `“${style}”`).join(", ")}`);
  if (date !== undefined && !isStatusDate(date)) return refuse(`${String(date).slice(0, 40)} is not a date; write it as YYYY-MM-DD`);
  for (const field of ["title", "symbol", "body", "revision"] as const) {
    const value = changes[field];
    if (value !== undefined && value.length > META_LIMITS[field]) return refuse(`the ${field} is longer than ${META_LIMITS[field]} characters`);
  }
  // In the order files write the fields, whatever the order of the request.
  const changed = META_FIELDS.filter((field) => changes[field] !== undefined && changes[field] !== document.meta[field]);
  if (!changed.length) return refuse("nothing to change: the metadata already reads so");
  const after = document.withMeta(Object.fromEntries(changed.map((field) => [field, changes[field]])));
  return done(after, new Transform(after.content), `${describeChanges(changed, after.meta)}.`);
}

function describeChanges(fields: readonly (keyof DocumentMeta)[], meta: DocumentMeta): string {
  const parts = fields.map((field) => {
    if (field === "dateStyle") return `dates are now written ${describeDateStyle(meta.dateStyle)}`;
    if (field === "date") return meta.date ? `the date is now ${formatDate(meta.date, meta.dateStyle)}` : "the date is cleared";
    return meta[field] ? `the ${NAMES[field]} is now “${meta[field].slice(0, 80)}”` : `the ${NAMES[field]} is cleared`;
  });
  const sentence = parts.join("; ");
  return sentence[0]!.toUpperCase() + sentence.slice(1);
}
