import type { DelegationRegistry, FootnoteKind } from "@accord/schema";
import { escapeHtml } from "./escape.js";

/** A footnote as the foot of the page lists it. */
export interface FootnoteEntry {
  readonly kind: FootnoteKind;
  /** Delegation code of a reservation; empty otherwise. */
  readonly delegation: string;
  readonly text: string;
}

/** What stands between two footnote references that follow each other: "¹,²", never "¹²" (read as footnote 12), as Word writes them. */
export const REFERENCE_SEPARATOR = '<sup class="fn-sep">,</sup>';

/**
 * The HTML of inline segments in order, with `REFERENCE_SEPARATOR` between
 * two footnotes that follow each other. Never fails.
 */
export function joinInline<S extends { readonly kind: string }>(segments: readonly S[], render: (segment: S) => string): string {
  let out = "";
  let previous: string | null = null;
  for (const segment of segments) {
    if (segment.kind === "footnote" && previous === "footnote") out += REFERENCE_SEPARATOR;
    out += render(segment);
    previous = segment.kind;
  }
  return out;
}

/**
 * Numbers the footnotes of one page by first use. A footnote met again (the
 * same kind, delegation and text, as a status footnote repeated paragraph
 * after paragraph) keeps its number, as `N/ IDEM` does in the drafts.
 */
export class FootnoteList {
  private readonly numbers = new Map<string, number>();
  readonly entries: FootnoteEntry[] = [];

  /** The reference mark for `entry`: a superscript number linking to its text. */
  reference(entry: FootnoteEntry): string {
    const key = `${entry.kind}\u0000${entry.delegation}\u0000${entry.text}`;
    let number = this.numbers.get(key);
    if (number === undefined) {
      this.entries.push({ kind: entry.kind, delegation: entry.delegation, text: entry.text });
      number = this.entries.length;
      this.numbers.set(key, number);
    }
    return `<sup class="fn-ref"><a href="#fn-${number}" aria-label="Footnote ${number}">${number}</a></sup>`;
  }
}

/**
 * The footnote texts at the foot of the page, numbered as referenced. With
 * `labels`, a reservation is introduced by its delegation ("Reservation of
 * Nicaragua (NIC):") and a procedural footnote says so; without, every
 * footnote is its text alone, as a clean text prints it. Empty for no footnotes.
 */
export function footnotesHtml(list: FootnoteList, registry: DelegationRegistry, labels: boolean): string {
  if (list.entries.length === 0) return "";
  const items = list.entries.map((entry, index) => {
    const n = index + 1;
    let label = "";
    if (labels && entry.kind === "reservation") {
      const who = entry.delegation
        ? `<span class="d-${entry.delegation}">${escapeHtml(registry.get(entry.delegation)?.name ?? entry.delegation)} (${escapeHtml(entry.delegation)})</span>`
        : "a delegation";
      label = `<span class="fn-kind reservation">Reservation of ${who}:</span> `;
    } else if (labels && entry.kind === "procedural") {
      label = `<span class="fn-kind">Procedural:</span> `;
    }
    return `<li id="fn-${n}" value="${n}">${label}${escapeHtml(entry.text)}</li>`;
  });
  return `<section class="footnotes" aria-label="Footnotes">\n<ol>\n${items.join("\n")}\n</ol>\n</section>`;
}
