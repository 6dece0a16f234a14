import { describeStatus, formatDate, PARAGRAPH_STATUSES, type DateStyle, type ParagraphStatus } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { h } from "./dom.js";
import { KeyedList } from "./keyed-list.js";
import { buildOutline, type OutlineEntry, type OutlineProgress } from "./outline-model.js";
import { progressBar } from "./progress-bar.js";
import { shortStatusLabel } from "./status-colour.js";

/** Outline entries per chunk (one `<ol>`, holding its entries only near the view). */
const OUTLINE_CHUNK = 64;
/** An entry's height in pixels, about (a first guess for chunks never drawn). */
const OUTLINE_ENTRY_HEIGHT = 27;

/** What the outline panel needs from the page. */
export interface OutlinePanelOptions {
  /** A block was chosen: the page scrolls the editor to it. */
  onSelect(blockId: string): void;
  /** The document's date style, in which the entries' tooltips write status dates. */
  readonly dateStyle: DateStyle;
}

/**
 * The outline: the document's headings and paragraphs (label and first
 * words) coloured by status, a legend with counts, and the progress bar.
 * `update` is cheap on a document whose blocks it has seen (see KeyedList).
 */
export class OutlinePanel {
  readonly element: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly list: HTMLElement;
  private readonly entries: KeyedList<OutlineEntry>;
  private lastProgress: OutlineProgress | null = null;
  private allEntries: readonly OutlineEntry[] = [];
  private notAgreedOnly = false;

  constructor(private readonly options: OutlinePanelOptions) {
    this.summary = h("div", { class: "outline-summary", "aria-live": "polite" });
    // Lists of OUTLINE_CHUNK entries each, drawn only near the view.
    this.list = h("div", { class: "outline-list" });
    this.list.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLElement>("[data-block]");
      if (button) this.options.onSelect(button.dataset.block!);
    });
    this.element = h(
      "nav",
      { class: "panel outline-panel", "aria-label": "Outline" },
      h("h2", { class: "panel-title" }, "Outline"),
      this.summary,
      this.list,
    );
    this.entries = new KeyedList(this.list, (entry) => entry.id, (entry) => renderEntry(entry, this.options.dateStyle), { size: OUTLINE_CHUNK, make: () => h("ol", { class: "outline-chunk" }), itemHeight: OUTLINE_ENTRY_HEIGHT });
  }

  /** Shows the outline of this document. */
  update(doc: Node): void {
    const outline = buildOutline(doc);
    this.allEntries = outline.entries;
    this.showEntries();
    if (!this.lastProgress || !sameProgress(this.lastProgress, outline.progress)) {
      this.summary.replaceChildren(progressBar(outline.progress), legend(outline.progress));
      this.lastProgress = outline.progress;
    }
  }

  /** Shows only paragraphs not yet agreed (status open), with the headings for orientation. */
  setNotAgreedOnly(on: boolean): void {
    if (on === this.notAgreedOnly) return;
    this.notAgreedOnly = on;
    this.showEntries();
  }

  /**
   * The list holds only the entries shown (not all of them, some hidden): its
   * chunks away from the view are as tall as what they would show, so the
   * scrolling does not jump as they are drawn.
   */
  private showEntries(): void {
    this.entries.update(this.notAgreedOnly ? this.allEntries.filter((entry) => entry.kind === "heading" || entry.status === "open") : this.allEntries);
  }
}

function sameProgress(a: OutlineProgress, b: OutlineProgress): boolean {
  return a.openProposals === b.openProposals && PARAGRAPH_STATUSES.every((s) => a.byStatus[s] === b.byStatus[s]);
}

function legend(progress: OutlineProgress): HTMLElement {
  return h(
    "ul",
    { class: "status-legend", "aria-label": "Paragraphs by status" },
    ...PARAGRAPH_STATUSES.map((status) =>
      h(
        "li",
        { "data-status": status, title: describeStatus(status) },
        h("span", { class: "status-swatch", "aria-hidden": "true" }),
        `${shortStatusLabel(status)} `,
        h("span", { class: "count" }, progress.byStatus[status]),
      ),
    ),
  );
}

// The outline's lines are narrow: statuses as the room abbreviates them (the tooltip and the legend spell them out).
const ABBREVIATIONS: Readonly<Record<ParagraphStatus, string>> = Object.freeze({
  open: "",
  "agreed-informally": "agr. inf",
  "agreed-ad-referendum": "ad ref",
  approved: "appr.",
  "deleted-informally": "del. inf",
  "deleted-ad-referendum": "del. ad ref",
});

/** "agreed ad referendum on 11/25/26 by the CSH", the date in the document's style. */
export function describeEntryStatus(entry: { status: ParagraphStatus; statusDate: string; statusBody: string }, dateStyle: DateStyle): string {
  let words = describeStatus(entry.status);
  if (entry.statusDate) words += ` on ${formatDate(entry.statusDate, dateStyle)}`;
  if (entry.statusBody) words += ` by the ${entry.statusBody}`;
  return words;
}

function renderEntry(entry: OutlineEntry, dateStyle: DateStyle): HTMLElement {
  const isHeading = entry.kind === "heading";
  const classes = ["outline-entry", `outline-${entry.kind}`];
  if (entry.alternativeTo) classes.push("outline-alternative");
  if (entry.proposedBy.length) classes.push("outline-proposed");
  const name = isHeading ? "Heading" : entry.label ? `Paragraph ${entry.label}` : "Paragraph";
  const title = [`${name}: ${describeEntryStatus(entry, dateStyle)}`];
  if (entry.proposedBy.length) title.push(`proposed by ${entry.proposedBy.join(", ")}`);
  if (entry.alternativeTo) title.push("an alternative");
  if (entry.openProposals) title.push(`${entry.openProposals} open bracket${entry.openProposals === 1 ? "" : "s"}`);
  return h(
    "li",
    { class: classes.join(" "), "data-status": entry.status },
    h(
      "button",
      { type: "button", "data-block": entry.id, title: title.join(" · ") },
      !isHeading && entry.label ? h("span", { class: "outline-label" }, entry.label) : null,
      h("span", { class: "outline-excerpt" }, entry.alternativeTo ? h("span", { class: "outline-tag" }, "alt") : null, entry.excerpt || "(empty)"),
      entry.status !== "open" ? h("span", { class: "status-badge", "data-status": entry.status, "aria-label": describeStatus(entry.status) }, ABBREVIATIONS[entry.status] ?? entry.status) : null,
      entry.openProposals ? h("span", { class: "outline-count", "aria-label": `${entry.openProposals} open` }, entry.openProposals) : null,
    ),
  );
}
