import type { AttributionForm, ChoiceStyle, OptionGroupCounts } from "@accord/schema";
import type { Diagnostic } from "../diagnostics.js";
import type { RegistryChoice } from "./registry-guess.js";
import type { PdfReading } from "./unwrap.js";

/**
 * What an import recognised, so a secretariat can check it at a glance
 * (`accord stats --json`): the registry and whether it was guessed, statuses
 * by the form they were written in, labels and headings by convention,
 * attributions by delegation, citations kept as text, and each place where
 * the reading was a guess (with line and column, like a diagnostic).
 */
export interface Recognition {
  readonly registry: RegistryChoice;
  /** Statuses by written form: `AGREED INF`, `(Agreed ad ref)`, `[Agreed ad ref]`, `agreed ad ref.`, `sentence`… */
  readonly statuses: Readonly<Record<string, number>>;
  /** Paragraph labels by convention: `PP`, `OP`, `1.`, `2bis`, `3.3`, `(a)`, `(i)`, `alt.`. */
  readonly labels: Readonly<Record<string, number>>;
  /** Headings by convention: `Article`, `I. / A.` (a section), `other`. */
  readonly headings: Readonly<Record<string, number>>;
  /** Brackets and whole paragraphs attributed to delegations (by a tag or `(Proposal by …)`), each counted once per delegation code. */
  readonly attributions: { readonly total: number; readonly byDelegation: Readonly<Record<string, number>> };
  /** Decision and resolution symbols (`decision 2/CMA.3`, `A/RES/75/1`) read as text, not footnote references. */
  readonly citations: number;
  /** Choice groups by the convention they were written in: `adjacent` (`[shall][should]`), `slash` (`[agreed / made]`). */
  readonly choices: Readonly<Record<ChoiceStyle, number>>;
  /**
   * Delegations' positions read (`total`), and the brackets that carry positions or an attribution after their
   * text by the form it was written in: `tag` (positions in parentheses after a tagged or untagged bracket),
   * `dash` (`[text - G77; EU delete]`), `after` (`[text] (G77)`), `trail` (`… -G77; Canada delete.`).
   */
  readonly positions: { readonly total: number; readonly byForm: Readonly<Record<AttributionForm, number>> };
  /**
   * Readings that were guesses: a preambular paragraph known only by its verb, `I. Scope` read as a heading, lines
   * joined as one wrapped paragraph, page furniture removed, a paragraph split off the line of the one before.
   */
  readonly guesses: readonly Diagnostic[];
  /** What reading the text as copied from a PDF or a web page changed: lines joined, words de-hyphenated, furniture removed. */
  readonly pdf: PdfReading;
  /** Option blocks (`Option 1:` … `Option 2: No text`): groups (each once; open, chosen), options, those with no text, groups nested in an option. */
  readonly optionGroups: OptionGroupCounts;
  /** Brackets that open in one paragraph and close in a later one, each once (`total`), and the paragraphs they run through. */
  readonly spans: { readonly total: number; readonly paragraphs: number };
}

/** Choice groups by style, from each group's style (by group id). Never fails. */
export function countChoices(styles: ReadonlyMap<string, ChoiceStyle>): Record<ChoiceStyle, number> {
  const counts: Record<ChoiceStyle, number> = { adjacent: 0, slash: 0 };
  for (const style of styles.values()) counts[style]++;
  return counts;
}

/** Adds one to `key` of a count. */
export function countUp(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

// `decision 2/CMA.3`, `1/CP.17`, `3/CMP.1`, `resolution 70/1`, `45/264`, `A/RES/75/1`, `A/CONF.216/L.1`.
const CITATION =
  /\b(?:[A-Z]{1,5}\/(?:[A-Z0-9.]+\/)*[A-Z0-9.]*\d[A-Za-z0-9.]*|\d{1,3}\/(?:CP|CMA|CMP|COP|MOP|CBD|SBSTA|SBI)\.\d{1,3}|(?:decisions?|resolutions?)\s+\d{1,3}\/\d{1,4}(?:\/\d{1,4})?)/g;

/** The decision and resolution symbols in `text` (`decision 2/CMA.3`, `1/CP.17`, `resolution 70/1`, `A/RES/75/1`). Never fails. */
export function countCitations(text: string): number {
  return text.match(CITATION)?.length ?? 0;
}
