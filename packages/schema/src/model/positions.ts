import { isWrittenName } from "../registries/written-forms.js";

// Positions of delegations on a proposal, as UN drafts record them:
// `[financial - G77; EU, US delete]`, `[text] (EU, Russia, US: delete)`,
// `(G77: retain)`, `(Canada: reserve)`, `(EU: oppose)`, `(Norway: support)`,
// `(Japan: reservation)`, and a name alone after a tagged bracket,
// `[Uru: text] (Mexico)`. Two of them are about the text (delete, retain),
// two about the proposal (oppose, support): opposing a proposal to delete a
// text is wanting the text kept. Supporting is not co-sponsoring: a
// co-sponsor is in the proposal's `by`, the proposal is its own.
//
// Every proposal mark's attributes are stored in every Yjs format marker, so
// the value is one short string, "" when nobody states a position and the
// attribution is written as a tag: an absent position costs its key alone.

/**
 * What a delegation says of a proposal it does not sponsor: it wants the
 * bracketed text deleted or retained, it reserves its position, or it
 * opposes or supports the proposal (without making it its own).
 */
export type Stance = "delete" | "retain" | "reserve" | "oppose" | "support";

/** Every stance, in the order lists and buttons show them. */
export const STANCES: readonly Stance[] = Object.freeze(["delete", "retain", "reserve", "oppose", "support"]);

/** True when `value` names a stance. */
export function isStance(value: unknown): value is Stance {
  return typeof value === "string" && (STANCES as readonly string[]).includes(value);
}

/**
 * How a draft wrote a stance other than by its own word, kept so the export
 * writes it back: `reservation` (a `reserve`: `(Japan: reservation)`),
 * `named` (a `support` written as the delegation's name alone in
 * parentheses after a bracket with proposers: `[Uru: text] (Mexico)`).
 */
export type StanceSpelling = "reservation" | "named";

/** The stance each spelling states. */
const SPELLED: Readonly<Record<StanceSpelling, Stance>> = Object.freeze({ reservation: "reserve", named: "support" });

/** Every word a draft writes for a stance (`named` is no word): the stances, then `reservation`. */
export const STANCE_WORDS: readonly string[] = Object.freeze([...STANCES, "reservation"]);

/** The stance a draft's word states, with its spelling when it is not the stance's own word (`reservation`); undefined for another word. Never fails. */
export function readStanceWord(word: string): { readonly stance: Stance; readonly spelling?: StanceSpelling } | undefined {
  if (isStance(word)) return { stance: word };
  return word === "reservation" ? { stance: "reserve", spelling: "reservation" } : undefined;
}

/** The word a position is written with (`reservation` for a reserve so written), or null for a support named alone (`(Mexico)`). Never fails. */
export function writtenStance(position: Position): string | null {
  return position.spelling === "named" ? null : (position.spelling ?? position.stance);
}

/**
 * Where a draft wrote a proposal's attribution, so the export writes it back
 * there and no word moves: `tag` (`[G77: text]`, positions after it in
 * parentheses), `dash` (inside the bracket after a spaced dash: `[text -
 * G77; EU delete]`), `after` (in parentheses after it: `[text] (G77)`),
 * `trail` (after the paragraph it covers: `text. -G77; Canada delete.`).
 */
export type AttributionForm = "tag" | "dash" | "after" | "trail";

/** Every attribution form. */
export const ATTRIBUTION_FORMS: readonly AttributionForm[] = Object.freeze(["tag", "dash", "after", "trail"]);

/**
 * One delegation's stated position; `spelling` only when the draft wrote it
 * otherwise than by the stance's word, `written` only when the draft named
 * the delegation otherwise than the registry's preferred spelling
 * (`European Union` for `EU`; written back by the rule of written-tags.ts).
 */
export interface Position {
  readonly delegation: string;
  readonly stance: Stance;
  readonly spelling?: StanceSpelling;
  readonly written?: string;
}

/** A proposal's `positions` attribute, read: how its attribution is written, and the positions in the order stated. */
export interface Positions {
  readonly form: AttributionForm;
  readonly positions: readonly Position[];
}

/** The most positions one proposal holds: every delegation of a large conference, and no more. */
export const MAX_POSITIONS = 250;

const CODE = "[A-Z0-9][A-Z0-9_-]{0,15}";
// A name as written follows the stance, URI-encoded (no space, no colon): `EU:delete:European%20Union`.
const ENTRY = new RegExp(`^(${CODE}):(delete|retain|reserve|oppose|support|reservation|named)(?::([^\\s:]{1,600}))?$`);

/** The longest entry: a code, a stance word, and a name as written of 60 characters, each encoded in at most 12. */
const MAX_ENTRY_LENGTH = 16 + 1 + 11 + 1 + 720;

/** A name as written (`written`), encoded for an entry; `encodeURIComponent` keeps it one word with no colon. */
const encodeName = (name: string) => encodeURIComponent(name);

/** The name an entry's encoded part holds, or null when it is not one `encodeName` writes (each name has one encoding, so equal positions are equal strings). */
function decodeName(encoded: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  return isWrittenName(name) && encodeName(name) === encoded ? name : null;
}
const FORMS = new Set<string>(["dash", "after", "trail"]);

/** No positions, written as a tag: the `positions` attribute's default. */
export const NO_POSITIONS: Positions = Object.freeze({ form: "tag", positions: Object.freeze([]) });

/**
 * Reads a `positions` attribute: an optional form word (`dash`, `after`,
 * `trail`) and `CODE:stance` entries, separated by single spaces
 * (`"dash EU:delete USA:delete"`), where the stance may be a spelling
 * (`JPN:reservation`, `MEX:named`), and may end in the delegation's name
 * as written, URI-encoded (`EU:delete:European%20Union`; values stored
 * before have none and read as they did); "" is `NO_POSITIONS`. Returns the
 * reason in words when the value is malformed: not a string, an unknown
 * word, a delegation named twice, more than `MAX_POSITIONS`, a support
 * named alone in the dash or trail form (where a name alone is a proposer).
 */
export function parsePositions(value: unknown): Positions | string {
  if (value === "") return NO_POSITIONS;
  if (typeof value !== "string") return "a string";
  if (value.length > MAX_POSITIONS * MAX_ENTRY_LENGTH) return `at most ${MAX_POSITIONS} positions`;
  const words = value.split(" ");
  let form: AttributionForm = "tag";
  if (FORMS.has(words[0]!)) form = words.shift() as AttributionForm;
  if (words.length > MAX_POSITIONS) return `at most ${MAX_POSITIONS} positions`;
  const positions: Position[] = [];
  for (const entry of words) {
    const m = ENTRY.exec(entry);
    if (!m) return "an attribution form (dash, after, trail) and CODE:stance entries (delete, retain, reserve, oppose, support, reservation, named), each with an optional :name as written, one space apart";
    if (positions.some((p) => p.delegation === m[1])) return "each delegation once";
    const stated = m[2]!;
    if (stated === "named" && (form === "dash" || form === "trail")) return "a support named alone (CODE:named) only after a bracket (the tag or after form)";
    const written = m[3] === undefined ? undefined : decodeName(m[3]);
    if (written === null) return "a name as written (CODE:stance:name) that is a delegation's name, URI-encoded";
    const position: Position = stated in SPELLED ? { delegation: m[1]!, stance: SPELLED[stated as StanceSpelling], spelling: stated as StanceSpelling } : { delegation: m[1]!, stance: stated as Stance };
    positions.push(written === undefined ? position : { ...position, written });
  }
  return { form, positions };
}

/** `parsePositions` for a value already validated (a mark's attribute); throws a RangeError when it is malformed (a caller's bug). */
export function readPositions(value: unknown): Positions {
  const read = parsePositions(value);
  if (typeof read === "string") throw new RangeError(`Invalid positions ${JSON.stringify(value)} (expected ${read})`);
  return read;
}

/** The attribute value of `positions`: "" for no positions in the tag form. Never fails. */
export function writePositions({ form, positions }: Positions): string {
  const words = positions.map((p) => `${p.delegation}:${p.spelling ?? p.stance}${p.written ? `:${encodeName(p.written)}` : ""}`);
  if (form !== "tag") words.unshift(form);
  return words.join(" ");
}

/** The stance `delegation` states in a `positions` value, or undefined. Throws as `readPositions` does. */
export function stanceOf(value: unknown, delegation: string): Stance | undefined {
  return readPositions(value).positions.find((p) => p.delegation === delegation)?.stance;
}

/**
 * A `positions` value with `delegation`'s entry set to `stance` in its own
 * word (changed in place, keeping its name as written, or added at the
 * end), or taken out when `stance` is null; the form is kept. Throws as
 * `readPositions` does.
 */
export function withStance(value: unknown, delegation: string, stance: Stance | null): string {
  const read = readPositions(value);
  const others = read.positions.filter((p) => p.delegation !== delegation);
  const at = read.positions.findIndex((p) => p.delegation === delegation);
  const positions = stance === null ? others : at < 0 ? [...others, { delegation, stance }] : read.positions.map((p) => (p.delegation !== delegation ? p : p.written ? { delegation, stance, written: p.written } : { delegation, stance }));
  return writePositions({ form: read.form, positions });
}

const DESCRIBED: Readonly<Record<Stance, string>> = Object.freeze({ delete: "wants it deleted", retain: "wants it retained", reserve: "reserves its position", oppose: "opposes it", support: "supports it" });

/** How a stance reads in a sentence: "wants it deleted", "wants it retained", "reserves its position", "opposes it", "supports it". */
export function describeStance(stance: Stance): string {
  return DESCRIBED[stance];
}

/** Positions stated in a document: in all, by stance (every stance present), by delegation (most first, then by code). */
export interface PositionCounts {
  readonly total: number;
  readonly byStance: Readonly<Record<Stance, number>>;
  readonly byDelegation: Readonly<Record<string, number>>;
}

/**
 * Counts the positions of every proposal whose `positions` values are
 * given (each proposal once, whatever its state). Throws as `readPositions`
 * does on a malformed value.
 */
export function countPositions(values: Iterable<string>): PositionCounts {
  const byStance = Object.fromEntries(STANCES.map((s) => [s, 0])) as Record<Stance, number>;
  const byDelegation: Record<string, number> = {};
  let total = 0;
  for (const value of values) {
    if (!value) continue;
    for (const { delegation, stance } of readPositions(value).positions) {
      total++;
      byStance[stance]++;
      byDelegation[delegation] = (byDelegation[delegation] ?? 0) + 1;
    }
  }
  const sorted = Object.fromEntries(Object.entries(byDelegation).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)));
  return { total, byStance, byDelegation: sorted };
}

/** Consecutive delegations of one stance written alike (see `stanceRuns`); `word` is how it is written, null for a support named alone. */
export interface StanceRun {
  readonly delegations: readonly string[];
  readonly stance: Stance;
  readonly word: string | null;
}

/**
 * Positions as written after a bracket: runs of consecutive delegations of
 * one stance written with one word, in order (`EU:delete USA:delete
 * CAN:retain` → EU, USA delete; CAN retain; `JPN:reserve CHL:reservation`
 * are two runs), so every export and view groups them alike. Never fails.
 */
export function stanceRuns(positions: readonly Position[]): StanceRun[] {
  const runs: { delegations: string[]; stance: Stance; word: string | null }[] = [];
  for (const position of positions) {
    const last = runs[runs.length - 1];
    const word = writtenStance(position);
    if (last && last.stance === position.stance && last.word === word) last.delegations.push(position.delegation);
    else runs.push({ delegations: [position.delegation], stance: position.stance, word });
  }
  return runs;
}
