import { PARAGRAPH_STATUSES, type ParagraphStatus } from "@accord/schema";

/** How a status is drawn: `ink` for text, borders and dots (4.5:1 on white and on `tint`), `tint` for a background. */
export interface StatusColour {
  readonly ink: string;
  readonly tint: string;
}

// Agreement in greens that deepen as it firms up, deletion in reds, open in a
// quiet slate, so the outline reads at a glance and the text stays legible.
const COLOURS: Readonly<Record<ParagraphStatus, StatusColour>> = Object.freeze({
  open: Object.freeze({ ink: "#475569", tint: "#f1f5f9" }),
  "agreed-informally": Object.freeze({ ink: "#2e7031", tint: "#e8f5e9" }),
  "agreed-ad-referendum": Object.freeze({ ink: "#00695c", tint: "#e0f2f1" }),
  approved: Object.freeze({ ink: "#1b5e20", tint: "#d7ecd8" }),
  "deleted-informally": Object.freeze({ ink: "#b3261e", tint: "#fdecea" }),
  "deleted-ad-referendum": Object.freeze({ ink: "#7f1d1d", tint: "#fbe3e3" }),
});

const SHORT_LABELS: Readonly<Record<ParagraphStatus, string>> = Object.freeze({
  open: "open",
  "agreed-informally": "agreed inf.",
  "agreed-ad-referendum": "agreed ad ref.",
  approved: "approved",
  "deleted-informally": "deleted inf.",
  "deleted-ad-referendum": "deleted ad ref.",
});

/**
 * The colours of a paragraph status, the same in the outline, the legend and
 * the editor's badges. An unknown value (a caller's bug) gets the colours of `open`.
 */
export function statusColour(status: ParagraphStatus): StatusColour {
  return COLOURS[status] ?? COLOURS.open;
}

/** A status in a few letters, for badges and the legend ("agreed ad ref."); unknown values read as "open". */
export function shortStatusLabel(status: ParagraphStatus): string {
  return SHORT_LABELS[status] ?? SHORT_LABELS.open;
}

/**
 * The status colours as CSS custom properties (`--status-approved-ink`,
 * `--status-approved-tint` …), so the style sheet draws them from this one
 * table. Set them on the root element once at start.
 */
export function statusColourProperties(): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const status of PARAGRAPH_STATUSES) {
    properties[`--status-${status}-ink`] = COLOURS[status].ink;
    properties[`--status-${status}-tint`] = COLOURS[status].tint;
  }
  return properties;
}
