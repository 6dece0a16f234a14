import { h } from "./dom.js";

/** The counts a progress bar shows: as `GET /api/documents` gives them and as the outline counts them. */
export interface ProgressCounts {
  readonly paragraphs: number;
  readonly agreed: number;
  readonly deleted: number;
  readonly openProposals: number;
}

/** "5 of 12 paragraphs agreed · 1 deleted · 13 open brackets": the counts in words; never fails. */
export function describeProgress(counts: ProgressCounts): string {
  const parts = [`${counts.agreed} of ${counts.paragraphs} paragraph${counts.paragraphs === 1 ? "" : "s"} agreed`];
  if (counts.deleted) parts.push(`${counts.deleted} deleted`);
  parts.push(`${counts.openProposals} open bracket${counts.openProposals === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

/** The share of paragraphs in each part of the bar, in percent (0 for an empty document). */
export function progressShares(counts: ProgressCounts): { agreed: number; deleted: number } {
  if (counts.paragraphs <= 0) return { agreed: 0, deleted: 0 };
  const share = (n: number) => Math.round((Math.min(n, counts.paragraphs) / counts.paragraphs) * 1000) / 10;
  return { agreed: share(counts.agreed), deleted: share(counts.deleted) };
}

/**
 * A bar of agreed (and, apart, deleted) paragraphs over all paragraphs, with
 * the counts written under it; the bar's label says the same for screen readers.
 */
export function progressBar(counts: ProgressCounts): HTMLElement {
  const shares = progressShares(counts);
  const words = describeProgress(counts);
  return h(
    "div",
    { class: "progress" },
    h(
      "div",
      { class: "progress-bar", role: "img", "aria-label": words },
      h("span", { class: "progress-agreed", style: `width: ${shares.agreed}%` }),
      h("span", { class: "progress-deleted", style: `width: ${shares.deleted}%` }),
    ),
    h(
      "p",
      { class: "progress-text" },
      h("strong", {}, `${counts.agreed}/${counts.paragraphs}`),
      " agreed",
      counts.deleted ? ` · ${counts.deleted} deleted` : "",
      " · ",
      h("strong", {}, counts.openProposals),
      ` open bracket${counts.openProposals === 1 ? "" : "s"}`,
    ),
  );
}
