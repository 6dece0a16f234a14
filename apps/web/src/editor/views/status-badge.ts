import { describeStatus, formatDate, type DateStyle, type StatusAttrs } from "@accord/schema";

const SHORT: Readonly<Record<StatusAttrs["status"], string>> = Object.freeze({
  open: "",
  "agreed-informally": "AGREED INF",
  "agreed-ad-referendum": "AGREED AD REF.",
  approved: "APPROVED",
  "deleted-informally": "DELETED INF",
  "deleted-ad-referendum": "DELETED AD REF.",
});

/**
 * A block's status as the badge beside it reads, in the room's shorthand and
 * the document's date style: `AGREED INF 04/19/26`, `AGREED AD REF.`,
 * `APPROVED by CSH 10/31/13`. Empty for an open block. Never fails.
 */
export function statusBadgeText(attrs: StatusAttrs, dateStyle: DateStyle): string {
  const short = SHORT[attrs.status] ?? "";
  if (!short) return "";
  const parts = [short];
  if (attrs.statusBody) parts.push(`by ${attrs.statusBody}`);
  if (attrs.statusDate) parts.push(formatDate(attrs.statusDate, dateStyle));
  return parts.join(" ");
}

/**
 * The status in full words, for the badge's tooltip and screen readers:
 * "agreed ad referendum on 11/25/26 by the CSH". Empty for an open block.
 */
export function statusDescription(attrs: StatusAttrs, dateStyle: DateStyle): string {
  if (attrs.status === "open") return "";
  let words = describeStatus(attrs.status);
  if (attrs.statusDate) words += ` on ${formatDate(attrs.statusDate, dateStyle)}`;
  if (attrs.statusBody) words += ` by the ${attrs.statusBody}`;
  return words;
}

/**
 * Draws a status badge's text and tooltip in `dateStyle` from the status the
 * element carries (`data-status`, `data-status-date`, `data-status-body`),
 * so a change of the document's style redraws badges without their blocks.
 */
export function drawStatusBadge(badge: HTMLElement, dateStyle: DateStyle): void {
  const attrs = {
    status: badge.dataset.status as StatusAttrs["status"],
    statusDate: badge.dataset.statusDate ?? "",
    statusBody: badge.dataset.statusBody ?? "",
    statusFootnote: "",
  };
  badge.textContent = statusBadgeText(attrs, dateStyle);
  badge.title = statusDescription(attrs, dateStyle);
}
