/** A paragraph's (or heading's) standing in the negotiation. */
export type ParagraphStatus =
  | "open"
  | "agreed-informally"
  | "agreed-ad-referendum"
  | "approved"
  | "deleted-informally"
  | "deleted-ad-referendum";

/** Every status, in the order reports list them. */
export const PARAGRAPH_STATUSES: readonly ParagraphStatus[] = Object.freeze([
  "open",
  "agreed-informally",
  "agreed-ad-referendum",
  "approved",
  "deleted-informally",
  "deleted-ad-referendum",
]);

/** True when `value` names a status. */
export function isParagraphStatus(value: unknown): value is ParagraphStatus {
  return typeof value === "string" && (PARAGRAPH_STATUSES as readonly string[]).includes(value);
}

/**
 * Agreed, approved and deleted paragraphs are locked: delegates may no longer
 * propose in them; only the chair or the secretariat may reopen them.
 */
export function isLockedStatus(status: ParagraphStatus): boolean {
  return status !== "open";
}

/** Deleted paragraphs drop out of the clean version. */
export function isDeletedStatus(status: ParagraphStatus): boolean {
  return status === "deleted-informally" || status === "deleted-ad-referendum";
}

/** Words for a status as a person reads them ("agreed ad referendum"). */
export function describeStatus(status: ParagraphStatus): string {
  switch (status) {
    case "open": return "open";
    case "agreed-informally": return "agreed informally";
    case "agreed-ad-referendum": return "agreed ad referendum";
    case "approved": return "approved";
    case "deleted-informally": return "deleted informally";
    case "deleted-ad-referendum": return "deleted ad referendum";
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for a real calendar date written `YYYY-MM-DD` (the form every status
 * date takes in the model), or for the empty string (no date).
 */
export function isStatusDate(value: unknown): value is string {
  if (value === "") return true;
  if (typeof value !== "string") return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True when year, month (1–12) and day form a real date. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Writes a date as `YYYY-MM-DD`; throws a RangeError for an impossible date. */
export function formatIsoDate(year: number, month: number, day: number): string {
  if (!isCalendarDate(year, month, day)) throw new RangeError(`Not a calendar date: ${year}-${month}-${day}`);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
