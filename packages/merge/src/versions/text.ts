import type { NegotiationDocument, Result } from "@accord/schema";
import { exportMarkupText } from "@accord/text";
import { cleanVersion } from "./clean.js";
import { delegationVersion } from "./delegation.js";
import { describeUnresolved } from "./final.js";
import { plainText } from "./plain.js";
import type { ConcordanceRow } from "./renumber.js";

/** Options of the clean renderings. */
export interface CleanOptions {
  /** Refuse, listing what is unresolved, unless every proposal is resolved and every paragraph agreed. */
  readonly final?: boolean;
  /** Append the concordance table: old label → new number. */
  readonly concordance?: boolean;
}

/**
 * The clean version as plain text (untagged brackets for what is unresolved,
 * `N/` footnotes), optionally followed by the concordance table. With `final`, a text with anything unresolved is refused
 * with the list of what is.
 */
export function cleanText(document: NegotiationDocument, options: CleanOptions = {}): Result<string> {
  const clean = cleanVersion(document);
  if (options.final && clean.unresolved.length) return { ok: false, message: describeUnresolved(clean.unresolved) };
  let text = plainText(clean.document);
  if (options.concordance) text += `\n${concordanceText(clean.concordance)}`;
  return { ok: true, value: text };
}

/** The marked-up version as text, or one delegation's compilation of it. */
export function markupText(document: NegotiationDocument, options: { delegation?: string } = {}): string {
  return exportMarkupText(options.delegation ? delegationVersion(document, options.delegation) : document);
}

/** The concordance as a plain-text table. */
export function concordanceText(rows: readonly ConcordanceRow[]): string {
  // When old numbers repeat (numbering restarts under each objective), say where each stood.
  const repeated = new Set(rows.map((r) => r.old)).size < rows.length;
  const under = repeated ? Math.max(5, ...rows.map((r) => r.section.length)) : 0;
  const width = Math.max(9, ...rows.map((r) => r.old.length));
  const place = (text: string) => (repeated ? `${text.padEnd(under)}  ` : "");
  const lines = rows.map((r) => {
    const now = r.change === "deleted" || r.change === "moved" ? r.change : `${r.new}${r.change === "new" ? " (new)" : ""}`;
    return `${place(r.section)}${r.old.padEnd(width)}  ${now}`.trimEnd();
  });
  return `CONCORDANCE\n\n${place("Under")}${"Old".padEnd(width)}  New\n${lines.join("\n")}\n`;
}
