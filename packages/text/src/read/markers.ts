import { DEFAULT_DATE_STYLE, formatDate, MAX_BODY_LENGTH, readDate, type DateStyle, type ParagraphStatus } from "@accord/schema";
import { DATE_PATTERN } from "../conventions/dates.js";

/** A footnote reference written after a marker or in text: `1/`, `2/IDEM`. */
export interface FootnoteRef {
  readonly number: number;
  /** `IDEM` followed: "same as footnote N". */
  readonly idem: boolean;
}

/** A status marker read from text. */
export interface StatusMarker {
  readonly status: ParagraphStatus;
  /** `YYYY-MM-DD` or empty. */
  readonly date: string;
  readonly body: string;
  readonly footnote: FootnoteRef | null;
  /**
   * The form it was written in, without date or footnote: `AGREED INF`,
   * `(Agreed ad ref)`, `[Agreed ad ref]`, `agreed ad ref.`, `(Agreed, placement
   * tbd)`, `(Agreed subject to …)`, `sentence` for the sentence form.
   */
  readonly form: string;
  /** What a UN status adds to "Agreed": `placement tbd`, `subject to …`; otherwise "". */
  readonly qualifier: string;
}

/** How a document writes its statuses: OAS short and sentence forms, or the UN's `(Agreed)`, `(Agreed ad ref)`. */
export type StatusStyle = "oas" | "un";

/** What `readTrailingMarker` found at the end of a text. */
export type TrailingMarker =
  | { readonly kind: "marker"; readonly start: number; readonly marker: StatusMarker }
  | { readonly kind: "unreadable"; readonly start: number; readonly text: string; readonly reason: string };

const FN_REF = "(?:\\s*(\\d{1,3})\\/\\s*(IDEM\\b)?)?";
const SHORT = new RegExp(
  `(?:^|(?<=[\\s.;,:)\\]]))(\\(\\s*)?(?:(AGREED|DELETED)\\s*(INF\\b\\.?|AD[\\s-]*REFERENDUM)|(APPROVED)(?=\\s*\\d|\\s*\\)|\\s*${DATE_PATTERN}))(?:\\s*(${DATE_PATTERN}))?(\\s*\\))?${FN_REF}\\s*$`,
  "g",
);
const LONG = new RegExp(
  `\\(\\s*(?:(?:the\\s+)?(?:paragraph|heading|objective|chapter|section|text|action)\\s+)?(?:was\\s+)?(approved|agreed(?:\\s+(?:informally|ad\\s+referendum))?|deleted(?:\\s+(?:informally|ad\\s+referendum))?)\\s+by\\s+(?:the\\s+)?([^()]+?)(?:\\s+on\\s+(${DATE_PATTERN}))?\\s*\\)${FN_REF}\\s*$`,
  "gi",
);
// UN drafts: `(Agreed)`, `(Agreed ad ref)`, `[Agreed ad ref]`, `agreed ad ref.`, `(Agreed, placement tbd)`, `(Agreed subject to …)`.
const UN_MARKER =
  /(?:^|(?<=[\s.;,:)\]]))(?:([([])\s*)?(agreed|deleted|approved)(\s+ad\s+ref(?:erendum)?\.?)?(,\s*placement\s+(?:tbd|to\s+be\s+determined)\.?|\s+subject\s+to\s+[^()[\]]{1,200}?)?\s*([)\]])?\s*$/gi;
const MARKER_LIKE = /(?:^|[\s(])((?:AGREED|DELETED)\b[^a-z]*)$/;

// SHORT, LONG and UN_MARKER are global only to be run from `lastIndex` (`execFrom`): each match of these end-anchored
// patterns can start only after a character found with lastIndexOf, so the characters before it are not tried.

/** The leftmost match of the global `pattern` in `text` that starts at `from` or after. */
function execFrom(pattern: RegExp, text: string, from: number): RegExpExecArray | null {
  pattern.lastIndex = from;
  return pattern.exec(text);
}

function shortStatus(verb: string, level: string): ParagraphStatus {
  const informal = /^INF/.test(level);
  if (verb === "AGREED") return informal ? "agreed-informally" : "agreed-ad-referendum";
  return informal ? "deleted-informally" : "deleted-ad-referendum";
}

function longStatus(words: string): ParagraphStatus {
  const w = words.toLowerCase().replace(/\s+/g, " ");
  if (w === "approved") return "approved";
  const deleted = w.startsWith("deleted");
  if (w.endsWith("ad referendum")) return deleted ? "deleted-ad-referendum" : "agreed-ad-referendum";
  return deleted ? "deleted-informally" : "agreed-informally";
}

function footnoteRef(number: string | undefined, idem: string | undefined): FootnoteRef | null {
  return number === undefined ? null : { number: Number(number), idem: idem !== undefined };
}

/**
 * Reads a status marker at the end of `text` in any form drafts use:
 * `AGREED INF 04/19/12`, `AGREED INF. 3/22/12`, `(AGREED INF 04/19/12)`,
 * `AGREED AD REFERENDUM1/ IDEM`, `DELETED AD REFERENDUM 2/IDEM`,
 * `APPROVED 10/31/13`, `(Paragraph approved by the CSH on October 31, 2013)`.
 * Dates are read in the document's `style` (`04/05/12` is 5 April in a
 * `DD/MM/YY` document). Something that looks like a marker but cannot be
 * read (an impossible date, a missing `INF`) comes back as `unreadable` with
 * the reason; no marker, null.
 */
export function readTrailingMarker(text: string, style: DateStyle = DEFAULT_DATE_STYLE): TrailingMarker | null {
  // Markers are short and at the very end: look at the tail only.
  const offset = Math.max(0, text.length - MARKER_WINDOW);
  const found = readMarkerAtEnd(offset ? text.slice(offset) : text, style);
  return found && offset ? { ...found, start: found.start + offset } : found;
}

/** Longer than any marker with its footnote reference. */
const MARKER_WINDOW = 240;

/** A marker's date in `style`: the ISO date, "" when none is written, null when it does not exist. */
function markerDate(written: string | undefined, style: DateStyle): string | null {
  if (!written) return "";
  const reading = readDate(written, style);
  return reading.ok ? reading.iso : null;
}

function readMarkerAtEnd(text: string, style: DateStyle): TrailingMarker | null {
  if (!/AGREED|DELETED|APPROVED|approved|agreed|deleted/i.test(text)) return null;
  // A sentence marker holds one `(`, its first character: it starts at the last one.
  const lastParen = text.lastIndexOf("(");
  const long = lastParen < 0 ? null : execFrom(LONG, text, lastParen);
  if (long && long[2]!.trim().length > MAX_BODY_LENGTH) {
    return { kind: "unreadable", start: long.index, text: long[0].trim().slice(0, 60), reason: `the body's name is longer than ${MAX_BODY_LENGTH} characters` };
  }
  if (long) {
    const date = markerDate(long[3], style);
    if (date === null) return { kind: "unreadable", start: long.index, text: long[0].trim(), reason: `the date ${long[3]} does not exist` };
    return {
      kind: "marker",
      start: long.index,
      marker: { status: longStatus(long[1]!), date, body: long[2]!.trim(), footnote: footnoteRef(long[4], long[5]), form: "sentence", qualifier: "" },
    };
  }
  // A short marker's word is the last AGREED, DELETED or APPROVED (nothing after it spells one), with at most `(` and
  // spaces before it.
  const word = Math.max(text.lastIndexOf("AGREED"), text.lastIndexOf("DELETED"), text.lastIndexOf("APPROVED"));
  const paren = word < 0 ? -1 : text.lastIndexOf("(", word);
  const short = word < 0 ? null : execFrom(SHORT, text, paren < 0 ? word : paren);
  if (short && Boolean(short[1]) === Boolean(short[6])) {
    const date = markerDate(short[5], style);
    if (date === null) return { kind: "unreadable", start: short.index, text: short[0].trim(), reason: `the date ${short[5]} does not exist` };
    const status: ParagraphStatus = short[4] ? "approved" : shortStatus(short[2]!, short[3]!);
    const form = short[4] ? "APPROVED" : `${short[2]} ${/^INF/.test(short[3]!) ? "INF" : "AD REFERENDUM"}`;
    return { kind: "marker", start: short.index, marker: { status, date, body: "", footnote: footnoteRef(short[7], short[8]), form, qualifier: "" } };
  }
  // A UN marker holds no `(` or `[` but the one it may open with.
  const un = execFrom(UN_MARKER, text, Math.max(0, text.lastIndexOf("("), text.lastIndexOf("[")));
  if (un && isUnMarker(un)) return { kind: "marker", start: un.index, marker: unMarker(un) };
  const like = MARKER_LIKE.exec(text);
  if (like && /\d|INF|REF|\bAD\b/.test(like[1]!.slice(7))) {
    const start = like.index + like[0].length - like[1]!.length;
    return {
      kind: "unreadable",
      start,
      text: like[1]!.trim(),
      reason: "expected a form such as AGREED INF 04/19/12, AGREED AD REFERENDUM or DELETED INF 04/03/12",
    };
  }
  return null;
}

/**
 * A UN status is in parentheses or brackets that match (`(Agreed)`,
 * `[Agreed ad ref]`); without them only `agreed ad ref.`, whose words cannot
 * be running text's. A qualifier is for "Agreed" only.
 */
function isUnMarker(m: RegExpExecArray): boolean {
  const [, open, verb, adRef, qualifier, close] = m;
  if (qualifier && !/^agreed$/i.test(verb!)) return false;
  if (!open && !close) return Boolean(adRef) && !qualifier && /\.\s*$/.test(m[0]);
  return (open === "(" && close === ")") || (open === "[" && close === "]");
}

function unMarker(m: RegExpExecArray): StatusMarker {
  const [, open = "", verb, adRef, qualifier = "", close = ""] = m;
  const word = verb!.toLowerCase();
  const status: ParagraphStatus =
    word === "approved" ? "approved" : word === "deleted" ? (adRef ? "deleted-ad-referendum" : "deleted-informally") : adRef ? "agreed-ad-referendum" : "agreed-informally";
  const cleanQualifier = qualifier.replace(/^,?\s*/, "").replace(/\s+/g, " ").trim();
  const shown = `${verb![0]!.toUpperCase()}${word.slice(1)}${adRef ? " ad ref" : ""}`;
  const form = open ? `${open}${shown}${qualifier ? (cleanQualifier.startsWith("placement") ? ", placement tbd" : " subject to …") : ""}${close}` : `${word} ad ref.`;
  return { status, date: "", body: "", footnote: null, form, qualifier: cleanQualifier };
}

const UN_WORDS: Record<Exclude<ParagraphStatus, "open">, string> = {
  approved: "Approved",
  "agreed-informally": "Agreed",
  "agreed-ad-referendum": "Agreed ad ref",
  "deleted-informally": "Deleted",
  "deleted-ad-referendum": "Deleted ad ref",
};

/** True when an editorial note is what a UN status adds to "Agreed" (`placement tbd`, `subject to …`), written inside its parentheses. */
export function isStatusQualifier(note: string): boolean {
  return /^(?:placement\s+(?:tbd|to\s+be\s+determined)\.?$|subject\s+to\s+[^()[\]]{1,200}$)/i.test(note.trim());
}

const SHORT_WORDS: Record<Exclude<ParagraphStatus, "open" | "approved">, string> = {
  "agreed-informally": "AGREED INF",
  "agreed-ad-referendum": "AGREED AD REFERENDUM",
  "deleted-informally": "DELETED INF",
  "deleted-ad-referendum": "DELETED AD REFERENDUM",
};

const LONG_WORDS: Record<Exclude<ParagraphStatus, "open">, string> = {
  approved: "approved",
  "agreed-informally": "agreed informally",
  "agreed-ad-referendum": "agreed ad referendum",
  "deleted-informally": "deleted informally",
  "deleted-ad-referendum": "deleted ad referendum",
};

/**
 * Writes a status as drafts do: the short form (`AGREED INF 04/19/12`) when
 * no body gave it, the sentence form (`(Paragraph approved by the CSH on
 * October 31, 2013)`) when one did; the date in the document's `dateStyle`
 * (default `MM/DD/YY`) in both.
 * `subject` is the sentence's first word ("Paragraph"); `parenthesize` wraps
 * the short form, as headings carry it. In the `un` status style a status
 * with no date or body is written `(Agreed)`, `(Agreed ad ref)`, with its
 * `qualifier` when it is one (`(Agreed, placement tbd)`). Returns "" for `open`.
 */
export function formatStatusMarker(
  status: ParagraphStatus,
  date: string,
  body: string,
  options: { subject?: string; parenthesize?: boolean; dateStyle?: DateStyle; statusStyle?: StatusStyle; qualifier?: string } = {},
): string {
  if (status === "open") return "";
  if (options.statusStyle === "un" && !date && !body) {
    const qualifier = options.qualifier && status.startsWith("agreed") && isStatusQualifier(options.qualifier) ? options.qualifier.trim() : "";
    const joined = !qualifier ? "" : /^placement/i.test(qualifier) ? `, ${qualifier}` : ` ${qualifier}`;
    return `(${UN_WORDS[status]}${joined})`;
  }
  const style = options.dateStyle ?? DEFAULT_DATE_STYLE;
  if (body) {
    const on = date ? ` on ${formatDate(date, style)}` : "";
    return `(${options.subject ?? "Paragraph"} ${LONG_WORDS[status]} by the ${body}${on})`;
  }
  const words = status === "approved" ? "APPROVED" : SHORT_WORDS[status];
  const short = date ? `${words} ${formatDate(date, style)}` : words;
  // A bare APPROVED is an ordinary word; only a date or parentheses make it a marker.
  return options.parenthesize || (status === "approved" && !date) ? `(${short})` : short;
}
