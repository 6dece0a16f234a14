import { readAttributionList, readTrailingAttribution } from "./attributions.js";
import type { Bracket } from "../read/bracket.js";
import type { ImportContext } from "../read/context.js";
import type { InlineItem } from "../read/inline.js";
import { conflict } from "../read/read-attributions.js";

// An attribution of a whole paragraph, after its text (attributions.ts): the
// import reads it off the paragraph's end and puts the paragraph's text in a
// bracket of its own.

/**
 * `… development. -G77; Canada, Japan delete.`: a paragraph whose text ends
 * in an attribution of the whole of it. Returns the bracket that stands for
 * it (its form `trail`) and where the attribution starts, or null (after
 * reporting one it cannot place).
 */
export function readParagraphAttribution(text: string, start: number, end: number, ctx: ImportContext): { at: number; bracket: Bracket } | null {
  const names = ctx.attributionResolver();
  const read = readTrailingAttribution(text, start, end, names.resolve);
  if (!read) return null;
  if (!("attribution" in read)) {
    ctx.report(read.at, read.problem);
    return null;
  }
  // `Sentence one. -G77. Sentence two. -EU; US delete.`: each attribution is its sentence's, which the model cannot
  // hold apart; the last one would claim the whole paragraph. All stay text, said once.
  const earlier = sentenceAttributionBefore(text, start, read.at, ctx);
  if (earlier >= 0) {
    ctx.report(earlier, "this paragraph attributes its sentences one by one; attributions inside a paragraph are not read, they are kept as text");
    return null;
  }
  const bracket = ctx.newBracket(read.at);
  const problem = conflict(bracket, read.attribution);
  if (problem) {
    ctx.report(read.at, problem);
    return null;
  }
  bracket.by = [...read.attribution.by];
  bracket.tagged = bracket.by.length > 0;
  bracket.writtenNames = read.attribution.byWritten;
  bracket.positions = [...read.attribution.positions];
  bracket.form = "trail";
  names.keep();
  return { at: read.at, bracket };
}

/** Where an attribution after a sentence (`… report. -G77. Next …`) stands in `text.slice(start, end)`, or -1. */
function sentenceAttributionBefore(text: string, start: number, end: number, ctx: ImportContext): number {
  const before = text.slice(start, end);
  for (const m of before.matchAll(/\s[-–]\s?([^\s\-–[\]()\\~:][^[\]()\\~:\n.]{0,200})\.(?=\s)/g)) {
    const read = readAttributionList(m[1]!, (token) => ctx.registry.resolveTag(token).ok ? token : null, true);
    if (read && !("problem" in read)) return start + m.index! + 1;
  }
  return -1;
}

/** The paragraph's items inside `bracket`, outermost: what a trailing attribution covers. */
export function wrapItems(items: readonly InlineItem[], bracket: Bracket): InlineItem[] {
  const layer = { bracket, struck: false };
  return items.map((item) => ({ ...item, layers: [layer, ...item.layers] }));
}
