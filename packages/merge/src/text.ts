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
  const width = Math.max(9, ...rows.map((r) => r.old.length));
  const lines = rows.map((r) => `${r.old.padEnd(width)}  ${r.change === "deleted" ? "deleted" : r.new}${r.change === "new" ? " (new)" : ""}`);
  return `CONCORDANCE\n\n${"Old".padEnd(width)}  New\n${lines.join("\n")}\n`;
}
