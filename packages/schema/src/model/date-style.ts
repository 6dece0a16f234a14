import { formatIsoDate, isCalendarDate, isStatusDate } from "./status.js";

/**
 * How a document writes its dates, as its secretariat does: `MM/DD/YY`
 * (`11/18/26`, OAS English markers), `MM/DD/YYYY`, `DD/MM/YY`, `DD/MM/YYYY`
 * (day first, as many other bodies write), `YYYY-MM-DD`, `Month D, YYYY`
 * (`November 18, 2026`) or `D Month YYYY` (`18 November 2026`). The model
 * keeps every date as `YYYY-MM-DD`; the style is only how it is shown and
 * written.
 */
export type DateStyle = "MM/DD/YY" | "MM/DD/YYYY" | "DD/MM/YY" | "DD/MM/YYYY" | "YYYY-MM-DD" | "Month D, YYYY" | "D Month YYYY";

/** Every date style, in the order a menu lists them. */
export const DATE_STYLES: readonly DateStyle[] = Object.freeze([
  "MM/DD/YY",
  "MM/DD/YYYY",
  "DD/MM/YY",
  "DD/MM/YYYY",
  "YYYY-MM-DD",
  "Month D, YYYY",
  "D Month YYYY",
]);

/** The style of a document that says nothing else: the OAS markers' `04/19/12`. */
export const DEFAULT_DATE_STYLE: DateStyle = "MM/DD/YY";

/** True when `value` names a date style. */
export function isDateStyle(value: unknown): value is DateStyle {
  return typeof value === "string" && (DATE_STYLES as readonly string[]).includes(value);
}

/** Whether numbers written `a/b/y` in this style put the day first. */
export function isDayFirst(style: DateStyle): boolean {
  return style === "DD/MM/YY" || style === "DD/MM/YYYY" || style === "D Month YYYY";
}

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;

const two = (n: number) => String(n).padStart(2, "0");

/**
 * Writes an ISO date (`2026-11-18`) in `style`: `11/18/26`, `18/11/2026`,
 * `November 18, 2026`… A two-digit year is written only for 2000–2099;
 * other years keep four digits, so the date reads back the same. Throws a
 * RangeError for a value that is not a `YYYY-MM-DD` date (a caller's bug:
 * the model holds only real dates); "" gives "".
 */
export function formatDate(iso: string, style: DateStyle): string {
  if (iso === "") return "";
  if (!isStatusDate(iso)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const short = y >= 2000 && y < 2100 ? two(y - 2000) : String(y);
  switch (style) {
    case "MM/DD/YY": return `${two(m)}/${two(d)}/${short}`;
    case "MM/DD/YYYY": return `${two(m)}/${two(d)}/${y}`;
    case "DD/MM/YY": return `${two(d)}/${two(m)}/${short}`;
    case "DD/MM/YYYY": return `${two(d)}/${two(m)}/${y}`;
    case "YYYY-MM-DD": return iso;
    case "Month D, YYYY": return `${MONTHS[m - 1]} ${d}, ${y}`;
    case "D Month YYYY": return `${d} ${MONTHS[m - 1]} ${y}`;
  }
}

/** How to write a date in `style`, with an example: "MM/DD/YY, e.g. 11/18/26". */
export function describeDateStyle(style: DateStyle, exampleIso = "2026-11-18"): string {
  return `${style}, e.g. ${formatDate(exampleIso, style)}`;
}

/** What `readDate` gives: the date as `YYYY-MM-DD`, or why the text is not one. */
export type DateReading = { readonly ok: true; readonly iso: string } | { readonly ok: false; readonly message: string };

const MONTH_NAME = "January|February|March|April|May|June|July|August|September|October|November|December";

/**
 * A date in any form `readDate` reads, for finding dates in running text:
 * `4/19/12`, `19/04/2012`, `2012-04-19`, `April 19, 2012`, `19 April 2012`.
 */
export const DATE_PATTERN =
  `(?:\\d{1,2}/\\d{1,2}/(?:\\d{4}|\\d{2})|\\d{4}-\\d{2}-\\d{2}|(?:${MONTH_NAME})\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+(?:${MONTH_NAME})\\s+\\d{4})`;

/** Longer than any date `readDate` reads; longer text is refused unread. */
const MAX_DATE_TEXT = 40;

/**
 * Reads a date as a person or a draft writes it in a document of `style`:
 * the style's own form, and every form that cannot be misread (`2026-11-18`,
 * `November 18, 2026`, `18 November 2026`, month names in any case). Numbers
 * written `a/b/y` are read in the style's order (day first for `DD/MM/…` and
 * `D Month YYYY`, month first otherwise); a two-digit year is 20xx. Never
 * throws: text that is no date, or an impossible one (`02/30/26`), comes
 * back with a message saying how to write it ("write the date as MM/DD/YY,
 * e.g. 11/18/26").
 */
export function readDate(text: string, style: DateStyle): DateReading {
  // Said only when the text is no date: writing the example date cost more than reading a good one.
  const how = () => `write the date as ${describeDateStyle(style)}`;
  const t = text.trim().replace(/\s+/g, " ");
  if (!t) return { ok: false, message: `no date given; ${how()}` };
  if (t.length > MAX_DATE_TEXT) return { ok: false, message: `that is not a date; ${how()}` };
  const parts = dateParts(t, style);
  if (!parts) return { ok: false, message: `‘${t}’ is not a date in this document's style; ${how()}` };
  const [year, month, day] = parts;
  if (!isCalendarDate(year, month, day)) return { ok: false, message: `there is no such date as ‘${t}’; ${how()}` };
  return { ok: true, iso: formatIsoDate(year, month, day) };
}

/** Year, month and day as written (not yet checked to exist), or null when `t` has no date's shape. */
function dateParts(t: string, style: DateStyle): [number, number, number] | null {
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(t);
  if (m) {
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const [a, b] = [Number(m[1]), Number(m[2])];
    return isDayFirst(style) ? [year, b, a] : [year, a, b];
  }
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /^([A-Za-z]+) (\d{1,2}),? (\d{4})$/.exec(t);
  if (m) {
    const month = monthNumber(m[1]!);
    return month ? [Number(m[3]), month, Number(m[2])] : null;
  }
  m = /^(\d{1,2}) ([A-Za-z]+),? (\d{4})$/.exec(t);
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? [Number(m[3]), month, Number(m[1])] : null;
  }
  return null;
}

function monthNumber(name: string): number {
  return MONTHS.findIndex((month) => month.toLowerCase() === name.toLowerCase()) + 1;
}
