import { attributionNamesToWrite, nameToWrite, readStanceWord, STANCE_WORDS, stanceRuns, writePositions, writtenNameToKeep, type AttributionForm, type DelegationRegistry, type Position } from "@accord/schema";
import { looksLikeName } from "./conventions.js";

// Attributions UN drafts write after a bracket's text rather than as its tag:
// inside it after a spaced dash (`[financial - G77; EU, US delete]`), after
// it in parentheses (`[text] (G77)`, `(EU, Russia, US: delete)`), or after
// the paragraph they cover (`… development. -G77; Canada, Japan delete.`).
// The import reads them here; the export writes them back here, in the form
// they came in, so no word moves.

/**
 * Who an attribution names: the proposers (a list with no stance word) and
 * the positions, in the order written; each name as written too (the
 * proposers' in `byWritten`, a position's in its `written`), for the import
 * to keep where it differs from the document's spelling.
 */
export interface Attribution {
  readonly by: readonly string[];
  readonly byWritten: readonly string[];
  readonly positions: readonly Position[];
}

/** An attribution that reads as one but cannot be placed: what is wrong, and where in the list it is. */
export interface AttributionProblem {
  readonly problem: string;
  readonly at: number;
}

/** Resolves a spelling to a code of the document's registry, or null; never adds a delegation. */
export type TagResolver = (token: string) => string | null;

/** A delegation's spelling in an attribution: `US`, `G-77`, `G77/China`, `Russian Federation`. */
const TOKEN = /^\p{L}[\p{L}\d&.'’\-/ ]{0,59}$/u;


/** How an attribution list starts, spaces aside: its first name opens with a capital (`TOKEN`, `looksLikeName`). */
const FIRST_NAME_START = /^\s*\p{Lu}/u;

/**
 * Reads an attribution list — `G77; EU, US delete`, `Canada reserve` —
 * segments separated by `;`, each a list of delegations with an optional
 * stance word after it (`delete`, `retain`, `reserve`, `oppose`, `support`,
 * `reservation`: `STANCE_WORDS`); a segment with no stance word names
 * proposers, allowed only when `withProposers`. Returns null when the words
 * do not read as an attribution at all (`Parties shall report`), a problem
 * when they do but name an unknown delegation, a stance Accord does not read
 * (`objects`), or a delegation twice.
 */
export function readAttributionList(list: string, resolve: TagResolver, withProposers: boolean): Attribution | AttributionProblem | null {
  // Most words in parentheses (`(accepted)`, `(paragraph agreed)`) are told by their first character.
  if (!FIRST_NAME_START.test(list)) return null;
  const segments = list.split(";");
  if (!segments.length || segments.length > 20) return null;
  const by: string[] = [];
  const byWritten: string[] = [];
  const positions: Position[] = [];
  const named = new Set<string>();
  let offset = 0;
  for (const raw of segments) {
    const segment = raw.trim();
    const at = offset + raw.indexOf(segment);
    offset += raw.length + 1;
    const m = /^(.*?)(?:\s+(\p{Ll}+))?$/u.exec(segment);
    const tokens = m && m[1] ? m[1].split(/\s*,\s*/) : null;
    if (!tokens || !tokens.every((t) => TOKEN.test(t) && t.split(/\s+/).length <= 6 && looksLikeName(t))) return null;
    const word = m![2];
    const stated = word === undefined ? undefined : readStanceWord(word);
    if (word !== undefined && !stated) return { problem: `‘${word}’ is no position Accord reads (${STANCE_WORDS.join(", ")}); the attribution is kept as text`, at: at + segment.lastIndexOf(word) };
    if (word === undefined && !withProposers) return null;
    for (const token of tokens) {
      const code = resolve(token);
      if (!code) return { problem: `‘${token}’ names no delegation or group of this document's registry; the attribution is kept as text`, at: at + segment.indexOf(token) };
      if (named.has(code)) return { problem: `‘${token}’ is named twice in one attribution; it is kept as text`, at: at + segment.indexOf(token) };
      named.add(code);
      if (!stated) {
        by.push(code);
        byWritten.push(token);
      } else positions.push({ delegation: code, ...stated, written: token });
    }
  }
  return { by, byWritten, positions };
}

/** True for a result of `readAttributionList` that is a problem. */
export function isAttributionProblem(value: Attribution | AttributionProblem | null): value is AttributionProblem {
  return value !== null && "problem" in value;
}

/** A dash with space on each side: the last one in a bracket may start its attribution. */
export const SPACED_DASH = /\s[-–]\s+/g;

/** A dash after a space, before a word: the last one of a paragraph may start its attribution (`-G77`). */
export const TRAILING_DASH = /\s[-–]\s?(?=\S)/g;

/** Where the text after the last match of `pattern` in `text` starts, or -1. */
export function afterLast(text: string, pattern: RegExp): number {
  let at = -1;
  for (const m of text.matchAll(pattern)) at = m.index! + m[0].length;
  return at;
}

/**
 * Where a bracket's text ends in a spaced-dash attribution (`[financial -
 * G77; EU, US delete]`): `text.slice(from, close)` is the bracket's inside,
 * `close` its `]`. Returns the offset of the space before the dash and the
 * attribution read, a problem to report (the text is then kept), or null.
 * The dash must stand outside any nested bracket, with nothing escaped after it.
 */
export function readDashAttribution(text: string, from: number, close: number, resolve: TagResolver): { at: number; attribution: Attribution } | (AttributionProblem & { at: number }) | null {
  const inside = text.slice(from, close);
  let last: RegExpExecArray | null = null;
  for (const m of inside.matchAll(SPACED_DASH)) last = m as RegExpExecArray;
  // Some text before the dash to attribute; not an option of `[agreed / made]`, whose options split the bracket.
  if (!last || !inside.slice(0, last.index).trim() || /\s\/\s/.test(inside)) return looseDashAttribution(inside, from);
  const tail = inside.slice(last.index! + last[0].length);
  if (!tail || tail.length > 300 || /[[\]()\\~\n:]/.test(tail)) return null;
  const read = readAttributionList(tail, resolve, true);
  if (!read) return looseDashAttribution(inside, from);
  const tailAt = from + last.index! + last[0].length;
  if (isAttributionProblem(read)) return { problem: read.problem, at: tailAt + read.at };
  return { at: from + last.index!, attribution: read };
}

/** A stance word at the end of a list, with an optional full stop. */
const STANCE_AT_END = new RegExp(`\\b(?:${STANCE_WORDS.join("|")})\\.?\\s*$`);

/** A stance word ending a segment of a list. */
const SEGMENT_STANCE = new RegExp(`\\s+(?:${STANCE_WORDS.join("|")})$`);

/** Whether `list` (`G77; US, Canada delete.`) is names with stance words, as an attribution is: not words that end in one (`Developed countries shall provide support`). */
function namesWithStances(list: string): boolean {
  return list
    .replace(/\.\s*$/, "")
    .split(";")
    .every((segment) => segment.trim().replace(SEGMENT_STANCE, "").split(",").every((token) => token.trim() !== "" && looksLikeName(token.trim())));
}

/**
 * A bracket's text ending in what reads as delegations' positions written
 * another way than Accord reads them — a dash with no space after it, or a
 * full stop after the stance (`[… -G77; US, Canada, Japan, EU delete.]`, as
 * the Rio+20 compilation text has them): the words stay text, and the
 * problem says so (not passed over in silence). Null when it does not read so.
 */
function looseDashAttribution(inside: string, from: number): (AttributionProblem & { at: number }) | null {
  const loose = /\s[-–]\s?(?=\p{Lu})([^[\]()\\~\n:]{1,300})$/u.exec(inside);
  if (!loose || !STANCE_AT_END.test(loose[1]!) || !namesWithStances(loose[1]!)) return null;
  const written = loose[0].trim();
  return {
    problem: `‘${written.length > 60 ? `${written.slice(0, 57)}…` : written}’ reads as delegations' positions but is not written as Accord reads them (‘[text - G77; EU, US delete]’, a spaced dash, no full stop); it is kept as text`,
    at: from + loose.index + 1,
  };
}

/**
 * What a list of names alone in parentheses after a bracket says: its
 * proposers (`[text] (G77)`, an untagged bracket), delegations joining it in
 * support (`[Uru: text] (Mexico)`, a bracket with proposers), or nothing (a note).
 */
export type NamesAlone = "proposers" | "supporters" | null;

/**
 * A parenthesised group after a bracket, read as an attribution: `G77`,
 * `G77, Mexico` (proposers or supporters, as `namesAlone` says), `EU,
 * Russia, US: delete` (positions). Null when it is something else (a note,
 * a state), a problem when it reads as an attribution it cannot place.
 */
export function readParenAttribution(inner: string, resolve: TagResolver, namesAlone: NamesAlone): Attribution | AttributionProblem | null {
  if (inner.length > 300 || /[[\]()\\~\n]/.test(inner)) return null;
  const colon = inner.indexOf(":");
  if (colon < 0) {
    if (!namesAlone || (namesAlone === "supporters" && inner.includes(";"))) return null;
    const read = readAttributionList(inner, resolve, true);
    // A lone unknown name in parentheses is a remark, not an attribution to report.
    if (!read || isAttributionProblem(read) || namesAlone === "proposers") return isAttributionProblem(read) ? null : read;
    return { by: [], byWritten: [], positions: read.by.map((delegation, k) => ({ delegation, stance: "support", spelling: "named", written: read.byWritten[k]! })) };
  }
  const word = inner.slice(colon + 1).trim();
  if (!/^\p{Ll}+$/u.test(word) || inner.indexOf(":", colon + 1) >= 0) return null;
  const read = readAttributionList(`${inner.slice(0, colon)} ${word}`, resolve, false);
  if (isAttributionProblem(read) && read.at > colon) return { problem: read.problem, at: colon + 1 + inner.slice(colon + 1).indexOf(word) };
  return read;
}

/** "EU, Russian Federation": the delegations of a run of positions, each by its name as written while it names it (written-tags.ts), else as the document writes it. */
function names(codes: readonly string[], positions: readonly Position[], registry: DelegationRegistry): string {
  return codes.map((code) => nameToWrite(code, positions.find((p) => p.delegation === code)?.written, registry)).join(", ");
}

/**
 * The attribution list of the dash and trail forms: `G77; EU, US delete;
 * Canada retain`, the proposers by their names as written while they name
 * them (`attributionNamesToWrite`), each stance in the word it came in (`Japan reservation`).
 */
export function writeAttributionList(proposal: { readonly by: readonly string[]; readonly tag?: string }, positions: readonly Position[], registry: DelegationRegistry): string {
  const segments = proposal.by.length ? [attributionNamesToWrite(proposal, registry)] : [];
  // A support named alone is never in these forms (parsePositions refuses it); written with its word, it stays a support.
  for (const run of stanceRuns(positions)) segments.push(`${names(run.delegations, positions, registry)} ${run.word ?? run.stance}`);
  return segments.join("; ");
}

/** Positions in parentheses after a bracket: ` (EU, US: delete) (Canada: reserve)`, a support named alone as ` (Mexico)`; "" for none. */
export function writeParenPositions(positions: readonly Position[], registry: DelegationRegistry): string {
  return stanceRuns(positions)
    .map((run) => (run.word === null ? ` (${names(run.delegations, positions, registry)})` : ` (${names(run.delegations, positions, registry)}: ${run.word})`))
    .join("");
}

/**
 * The attribute value for what the import read, once `registry` is
 * complete: each position keeps its name as written only where it differs
 * from the document's spelling and names its delegation (`writtenNameToKeep`).
 */
export function positionsValue(form: AttributionForm, positions: readonly Position[], registry: DelegationRegistry): string {
  return writePositions({ form, positions: positions.map(({ written, ...position }) => {
    const kept = written ? writtenNameToKeep(written, position.delegation, registry) : "";
    return kept ? { ...position, written: kept } : position;
  }) });
}

/**
 * A paragraph ending in an attribution of the whole paragraph: `… -G77;
 * Canada, Japan delete.` (a dash, then the list, an optional full stop).
 * `text.slice(start, end)` is the paragraph's inline text. Returns where the
 * attribution starts (the dash) and what it says, a problem, or null.
 */
export function readTrailingAttribution(text: string, start: number, end: number, resolve: TagResolver): { at: number; attribution: Attribution } | (AttributionProblem & { at: number }) | null {
  const base = Math.max(start, end - 320);
  const window = text.slice(base, end);
  let last: RegExpExecArray | null = null;
  for (const m of window.matchAll(TRAILING_DASH)) last = m as RegExpExecArray;
  if (!last) return null;
  const listAt = base + last.index! + last[0].length;
  const list = text.slice(listAt, end).replace(/\.$/, "");
  if (!list || /[[\]()\\~:\n]/.test(list)) return null;
  const read = readAttributionList(list, resolve, true);
  if (!read) return null;
  const dash = base + last.index! + 1;
  if (isAttributionProblem(read)) return { problem: read.problem, at: listAt + read.at };
  // Some text must be left to attribute, and a proposer or a position named.
  if (!text.slice(start, dash).trim() || (!read.by.length && !read.positions.length)) return null;
  return { at: dash, attribution: read };
}
