import { describeStatus, type StatusAttrs } from "@accord/schema";

const SHORT: Readonly<Record<StatusAttrs["status"], string>> = Object.freeze({
  open: "",
  "agreed-informally": "AGREED INF",
  "agreed-ad-referendum": "AGREED AD REF.",
  approved: "APPROVED",
  "deleted-informally": "DELETED INF",
  "deleted-ad-referendum": "DELETED AD REF.",
});

/**
 * A block's status as the badge beside it reads, in the room's shorthand:
 * `AGREED INF 2026-04-19`, `AGREED AD REF.`, `APPROVED by CSH 2013-10-31`.
 * Empty for an open block. Never fails.
 */
export function statusBadgeText(attrs: StatusAttrs): string {
  const short = SHORT[attrs.status] ?? "";
  if (!short) return "";
  const parts = [short];
  if (attrs.statusBody) parts.push(`by ${attrs.statusBody}`);
  if (attrs.statusDate) parts.push(attrs.statusDate);
  return parts.join(" ");
}

/**
 * The status in full words, for the badge's tooltip and screen readers:
 * "agreed ad referendum on 2026-11-25 by the CSH". Empty for an open block.
 */
export function statusDescription(attrs: StatusAttrs): string {
  if (attrs.status === "open") return "";
  let words = describeStatus(attrs.status);
  if (attrs.statusDate) words += ` on ${attrs.statusDate}`;
  if (attrs.statusBody) words += ` by the ${attrs.statusBody}`;
  return words;
}
