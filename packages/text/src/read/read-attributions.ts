import type { Position } from "@accord/schema";
import { isAttributionProblem, readDashAttribution, readParenAttribution, type Attribution, type NamesAlone } from "../conventions/attributions.js";
import type { Bracket } from "./bracket.js";
import type { ImportContext } from "./context.js";

// How the import puts the attributions of attributions.ts on brackets: what
// it cannot place stays text and is reported with line and column.

/** How far the reader looks for a bracket's `]` to find a dash attribution before it. */
const MAX_BRACKET_SCAN = 20_000;

/** The `]` closing a bracket whose text starts at `from`, or -1 (escapes and nested brackets skipped). */
function closingBracket(text: string, from: number, end: number): number {
  let depth = 0;
  const limit = Math.min(end, from + MAX_BRACKET_SCAN);
  for (let k = from; k < limit; k++) {
    const c = text[k];
    if (c === "\\") k++;
    else if (c === "[") depth++;
    else if (c === "]" && depth-- === 0) return k;
    else if (c === "\n" && text[k + 1] === "\n") return -1;
  }
  return -1;
}

/** Why `attribution` cannot go on `bracket` (a delegation both proposes and takes a position, or takes two), or null. Never fails. */
export function conflict(bracket: Bracket, attribution: Attribution): string | null {
  const by = attribution.by.length ? attribution.by : bracket.by;
  const positions: readonly Position[] = [...(bracket.positions ?? []), ...attribution.positions];
  for (const [k, p] of positions.entries()) {
    if (by.includes(p.delegation)) return `${p.delegation} both proposes the bracket and states a position on it; the attribution is kept as text`;
    if (positions.findIndex((q) => q.delegation === p.delegation) !== k) return `${p.delegation} states two positions on one bracket; the second is kept as text`;
  }
  return null;
}

/**
 * `[financial and technological - G77; EU, US delete]`: a bracket not tagged
 * whose text ends in a spaced dash and an attribution list takes its
 * proposers and positions from it; the reader then skips from the dash to
 * the `]`. `from` is where the bracket's text starts.
 */
export function readBracketAttribution(text: string, from: number, end: number, bracket: Bracket, ctx: ImportContext): void {
  const close = closingBracket(text, from, end);
  if (close < 0) return;
  const names = ctx.attributionResolver();
  const read = readDashAttribution(text, from, close, names.resolve);
  if (!read) return;
  if (!("attribution" in read)) {
    ctx.report(read.at, read.problem);
    return;
  }
  // Nothing left to attribute (`[ - G77]`): the words stay text.
  if (!text.slice(from, read.at).trim()) return;
  const problem = conflict(bracket, read.attribution);
  if (problem) {
    ctx.report(read.at + 1, problem);
    return;
  }
  bracket.by = [...read.attribution.by];
  bracket.tagged = bracket.by.length > 0;
  // The proposers as written, kept as the proposal's tag (written-tags.ts).
  bracket.writtenNames = read.attribution.byWritten;
  bracket.positions = [...read.attribution.positions];
  bracket.form = "dash";
  bracket.dashAt = read.at;
  bracket.dashEnd = close;
  names.keep();
}

/** What names alone in parentheses after `bracket` say: its proposers when it has none yet, delegations supporting it when its proposers are written before (a tag, `(G77)`), else nothing. */
function namesAloneAfter(bracket: Bracket): NamesAlone {
  if (!bracket.tagged) return bracket.form === undefined && !bracket.positions?.length ? "proposers" : null;
  return bracket.form === undefined || bracket.form === "after" ? "supporters" : null;
}

/**
 * A parenthesised group after a bracket's `]` (`inner`, whose text starts at
 * `offset`): `(G77)` names the proposers of an untagged bracket, `(Mexico)`
 * after one with proposers names a supporter, `(EU, Russia, US: delete)`
 * adds positions. Returns true when the group was taken; false leaves it to
 * the other readings (a note, a state), after reporting an attribution it
 * cannot place (a name alone that cannot be placed is a note, unreported).
 */
export function readTrailingAttributionGroup(inner: string, offset: number, bracket: Bracket, ctx: ImportContext): boolean {
  const names = ctx.attributionResolver();
  const read = readParenAttribution(inner, names.resolve, namesAloneAfter(bracket));
  if (!read) return false;
  if (isAttributionProblem(read)) {
    ctx.report(offset + read.at, read.problem);
    return false;
  }
  const problem = conflict(bracket, read);
  if (problem) {
    if (!inner.includes(":")) return false;
    ctx.report(offset, problem);
    return false;
  }
  if (read.by.length) {
    bracket.by = [...read.by];
    bracket.tagged = true;
    bracket.writtenNames = read.byWritten;
    bracket.form = "after";
  }
  bracket.positions = [...(bracket.positions ?? []), ...read.positions];
  names.keep();
  return true;
}
