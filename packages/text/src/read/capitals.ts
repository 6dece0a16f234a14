import { readLabel } from "../conventions/conventions.js";
import type { LineClass } from "./blocks.js";

// Cables and some UN and OAS texts are written all in capitals. A line in
// capitals reads as a heading (`isHeadingText`), and the joining of wrapped
// lines looks for a lower-case start: in such a text every wrapped line would
// be a heading of its own. When the document as a whole shows that its body is
// in capitals, the PDF pass reads its lines in capitals as text that wrapping
// may join; an ordinary draft, whose headings alone are in capitals, is never
// read so.

/** Labelled lines in capitals a text needs, at the least, before its body is read as in capitals. */
const MIN_LABELLED_IN_CAPITALS = 3;

/**
 * True when `text` is written in capitals: three letters or more and no
 * lower-case letter (`REQUESTS THE SECRETARY-GENERAL`, `PAGE 02`). Never fails.
 */
export function inCapitals(text: string): boolean {
  if (/\p{Ll}/u.test(text)) return false;
  return (text.match(/\p{Lu}/gu)?.length ?? 0) >= 3;
}

/** How many of a document's labelled lines have their text in capitals, of how many have a text of three letters or more. */
export interface CapitalsCount {
  readonly inCapitals: number;
  readonly labelled: number;
}

/**
 * Counts the labelled lines (`2. REQUESTS …`, `(a) …`, read as `structured`)
 * among `lines` whose text after the label is in capitals. Never fails.
 */
export function countLabelledInCapitals(lines: readonly { readonly text: string; readonly cls: LineClass }[]): CapitalsCount {
  let capitals = 0;
  let labelled = 0;
  for (const line of lines) {
    if (line.cls !== "structured") continue;
    const rest = line.text.slice(readLabel(line.text).length);
    if (!/\p{L}.*\p{L}.*\p{L}/u.test(rest)) continue;
    labelled++;
    if (inCapitals(rest)) capitals++;
  }
  return { inCapitals: capitals, labelled };
}

/**
 * True when a document's body is in capitals by `count`: three or more of its
 * labelled lines, and more than two in three of them, are. An ordinary draft
 * in which a few paragraphs are in capitals is not. Never fails.
 */
export function bodyInCapitals(count: CapitalsCount): boolean {
  return count.inCapitals >= MIN_LABELLED_IN_CAPITALS && count.inCapitals * 3 > count.labelled * 2;
}

/**
 * True when `label` (`B.`) is the letter after `before` (`A.`), written alike:
 * the next sub-paragraph of a lettered list. Never fails.
 */
export function nextLetterLabel(before: string, label: string): boolean {
  const a = /^([A-Za-z])([.)])$/.exec(before.trim());
  const b = /^([A-Za-z])([.)])$/.exec(label.trim());
  return Boolean(a && b && a[2] === b[2] && b[1]!.charCodeAt(0) === a[1]!.charCodeAt(0) + 1);
}

/**
 * True when the capitals of `text` are all in document symbols and numbers
 * (`A/RES/75/1 1/CMP.1.`): no word of letters alone. Such a line reads as a
 * heading by its capitals, yet is no title. Never fails.
 */
export function symbolsOnly(text: string): boolean {
  const tokens = text.trim().split(/\s+/).filter((token) => /\p{L}/u.test(token));
  return tokens.length > 0 && tokens.every((token) => /[\d/]/.test(token));
}
