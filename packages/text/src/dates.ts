import { formatIsoDate, isCalendarDate } from "@accord/schema";

const MONTHS = [
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
];

/** A date as drafts write it: `04/19/12`, `3/22/2012`, `October 31, 2013` or `2013-10-31`. */
export const DATE_PATTERN =
  "(?:\\d{1,2}/\\d{1,2}/(?:\\d{4}|\\d{2})|\\d{4}-\\d{2}-\\d{2}|(?:January|February|March|April|May|June|July|August|September|October|November|December)\\s+\\d{1,2},?\\s+\\d{4})";

/**
 * Reads a date in one of the forms of `DATE_PATTERN` (month/day/year, as OAS
 * English texts write it; two-digit years are 20xx) into `YYYY-MM-DD`.
 * Returns null for an impossible date such as 02/30/12.
 */
export function parseDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(t);
  if (m) {
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return safeIso(year, Number(m[1]), Number(m[2]));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return safeIso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
    if (month > 0) return safeIso(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

function safeIso(year: number, month: number, day: number): string | null {
  return isCalendarDate(year, month, day) ? formatIsoDate(year, month, day) : null;
}

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split("-").map(Number);
  return [y!, m!, d!];
}

/** `2012-04-19` → `04/19/12`, the short form of status markers. */
export function formatShortDate(iso: string): string {
  const [y, m, d] = parts(iso);
  const year = y >= 2000 && y < 2100 ? String(y - 2000).padStart(2, "0") : String(y);
  return `${String(m).padStart(2, "0")}/${String(d).padStart(2, "0")}/${year}`;
}

/** `2013-10-31` → `October 31, 2013`. */
export function formatLongDate(iso: string): string {
  const [y, m, d] = parts(iso);
  const month = MONTHS[m - 1]!;
  return `${month[0]!.toUpperCase()}${month.slice(1)} ${d}, ${y}`;
}
