import type { ParagraphKind, ProposalState } from "@accord/schema";
import { readTrailingMarker } from "../read/markers.js";

// How drafts mark the structure of a paragraph: labels, headings, notes.
// The importer reads with these, and the exporter asks the same functions
// whether what it writes will be read back as meant.

/** The Latin suffixes of an inserted paragraph's number: `2bis`, `3 ter`, `OP4quater`. */
const SUFFIX = "(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)";

const LABEL = new RegExp(
  "^(?:" +
    [
      `(?:[Pp][Pp]|[Oo][Pp])\\s?\\d{1,3}(?:\\s?${SUFFIX})?(?:\\s?alt\\.?)?\\.?`, // PP1 PP2bis OP3ter Pp1 (UN resolutions)
      `\\d{1,3}(?:\\.\\d{1,3})+\\s?${SUFFIX}(?:\\s?alt\\.?)?\\.?`, // 3.3bis 3.3 ter
      "\\d{1,3}(?:\\.\\d{1,3})+\\.", // 3.3.
      `\\d{1,3}\\.\\s?${SUFFIX}(?:\\s?alt\\.?)?\\.?`, // 2.bis
      `\\(\\s*(?:\\d{1,3}(?:\\s?${SUFFIX})?|[a-z]|[ivxlc]{1,6})\\s*\\)`, // (3) (3 bis) (a) (iv)
      `\\d{1,3}(?:\\s?${SUFFIX})?\\.?\\s?(?:[Aa]lt\\s?\\d{1,2}\\.?|Alt\\.)`, // 41. Alt1, 41 Alt 2, 41. Alt. (Rio+20 style)
      `\\d{1,3}(?:\\s?${SUFFIX})?(?:\\s?alt\\.?)?[.)]`, // 1. 1) 1bis. 5 bis. 5 bis alt.
      `\\d{1,3}\\s?${SUFFIX}(?:\\s?alt\\.?)?`, // 1bis 5 bis alt
      "[a-zA-Z][.)]", // a. b) A.
      "(?:[ivxlc]{1,6}|[IVXLC]{1,6})[.)]", // ii. IV)
    ].join("|") +
    ")(?=\\s|$)",
);

const HAS_SUFFIX = new RegExp(SUFFIX);

/** The negotiating label at the start of `text` (`1.`, `(3)`, `5 bis alt.`), or "". */
export function readLabel(text: string): string {
  return LABEL.exec(text)?.[0] ?? "";
}

// `LABEL` read at an offset: `readLabel(text.slice(at))` without the copy.
const LABEL_AT = new RegExp(LABEL.source.slice(1), "y");

/** `readLabel` of `text` from offset `at`. Never fails: "" for no label. */
export function readLabelAt(text: string, at: number): string {
  LABEL_AT.lastIndex = at;
  return LABEL_AT.exec(text)?.[0] ?? "";
}

/**
 * The convention a label is written in, for the import's report: `PP`, `OP`,
 * `3.3` (numbered by section), `2bis` (a number with a Latin suffix), `1.`,
 * `(a)`, `(i)`, `alt.` (an alternative). Never fails: "" for no label.
 */
export function labelForm(label: string): string {
  if (!label) return "";
  if (alternativeBase(label) !== null) return "alt.";
  if (/^PP/i.test(label)) return "PP";
  if (/^OP/i.test(label)) return "OP";
  if (/^\d{1,3}\.\d/.test(label)) return "3.3";
  if (HAS_SUFFIX.test(label)) return "2bis";
  if (/\d/.test(label)) return "1.";
  const letters = label.replace(/[().\s]/g, "");
  // A Roman numeral of two letters or more, or i, v, x alone (`(c)` is a letter).
  if (/^(?:[ivxlc]{2,6}|[IVXLC]{2,6}|[ivxIVX])$/.test(letters)) return "(i)";
  return "(a)";
}

/** `Article 4 (Mitigation)`, `[Article 3bis]`: `Article`; `I. Scope`, `A. Mitigation`: `I. / A.`; any other heading: `other`. */
export function headingForm(text: string): string {
  const t = text.trim();
  if (ARTICLE_HEADING.test(t)) return "Article";
  if (isSectionHeading(t)) return "I. / A.";
  return "other";
}

/**
 * The label of the paragraph a label makes its own an alternative to, when
 * it ends in `alt.` (`5 bis alt.`) or, as UN compilation texts number them,
 * `Alt1`, `Alt 2`, `Alt.` (`41. Alt1`): the rest of it; null for any other.
 */
export function alternativeBase(label: string): string | null {
  const m = /^(.*?)\s*(?:alt\.?|[Aa]lt\s?\d{1,2}\.?|Alt\.)$/.exec(label);
  return m ? m[1]! : null;
}

/**
 * Operative paragraphs carry a numeric label or `OP`; preambular ones `PP`,
 * or no label and an opening in capitals ("RECOGNIZING the importance…",
 * "TAKING NOTE of…", "RECALLING 45/264", "RECALLING A/RES/75/1",
 * "WELCOMING [Uru: the]…") or a preambular verb in sentence case ("Recalling its
 * resolution 70/1,", "Noting also"); the rest, lettered sub-paragraphs
 * included, are plain.
 */
export function paragraphKind(label: string, text: string): ParagraphKind {
  if (/^PP/i.test(label)) return "preambular";
  if (/^(?:OP|\(?\d)/i.test(label)) return "operative";
  if (!label && (PREAMBULAR_LEAD.test(text) || PREAMBULAR_VERB.test(text))) return "preambular";
  return "plain";
}

/** True when a paragraph without label is preambular only by its opening verb in sentence case (`Recalling …`): a guess the import reports. */
export function isPreambularByVerb(label: string, text: string): boolean {
  return !label && !PREAMBULAR_LEAD.test(text) && PREAMBULAR_VERB.test(text);
}

/**
 * True when a paragraph's whole text is one remark in parentheses, as the
 * notes a chair or secretariat puts under a title are: "(Prepared by the Chair
 * on the basis of …)", "(Adopted at the fourth plenary session …)". Such a
 * paragraph, unlabelled and with no bracket or status, is a note: not
 * negotiated. Editorial notes, states and markers in parentheses are not.
 */
export function isNoteText(text: string): boolean {
  const t = text.trim();
  if (t.length < 3 || !t.startsWith("(") || !t.endsWith(")") || /[[\]]/.test(t)) return false;
  let depth = 0;
  for (let k = 0; k < t.length; k++) {
    if (t[k] === "(") depth++;
    else if (t[k] === ")" && --depth === 0 && k < t.length - 1) return false;
  }
  const inner = t.slice(1, -1);
  return depth === 0 && /\p{L}/u.test(inner) && !isEditorialNote(inner) && !readParagraphState(inner) && !readProposalState(inner) && readTrailingMarker(t)?.kind !== "marker";
}

const PREAMBULAR_LEAD =
  /^(?:[A-Z]{2,}(?:ING|ED)|AWARE|MINDFUL|CONSCIOUS|CONVINCED|DEEPLY|FULLY|ALSO|FURTHER|HAVING|NOTING|BEARING|KEEPING|GUIDED|AFFIRMING|REAFFIRMING|EMPHASIZING|STRESSING|WELCOMING|RECALLING|CONSIDERING|RECOGNIZING|EXPRESSING|TAKING|ACKNOWLEDGING|UNDERSCORING|HIGHLIGHTING)(?:\s+[A-Z]{2,})*\s+(?:[a-z“"(\[\d]|[A-Z][a-z]|[A-Z]{1,5}\/)/;

// The participles UN resolutions open preambular paragraphs with, in sentence case, and what may follow them.
const PREAMBULAR_VERB =
  /^(?:Recalling|Reaffirming|Recognizing|Recognising|Noting|Acknowledging|Welcoming|Emphasizing|Emphasising|Stressing|Underlining|Underscoring|Highlighting|Reiterating|Affirming|Considering|Expressing|Bearing in mind|Mindful|Aware|Conscious|Convinced|Concerned|Deeply concerned|Gravely concerned|Alarmed|Determined|Desiring|Encouraged|Guided by|Having considered|Having examined|Taking note|Taking into account|Observing|Appreciating|Commending|Further recalling|Also recalling|Further noting|Noting with concern|Noting with appreciation)(?:\s+(?:also|further|with\s+\w+|in\s+this\s+regard))?(?=[\s,])(?!\s+(?:that\s+)?(?:the\s+)?(?:Parties|Conference)\s+(?:shall|should|may|will)\b)/;

const HEADING_KEYWORD =
  /^(?:CHAPTER|Chapter|PART|Part|SECTION|Section|TITLE|ANNEX|Annex|APPENDIX|Appendix|OBJECTIVE|Objective)(?:\s+(?:[IVXLC]+|\d+(?:\.\d+)*|[A-Z])\b\.?)?(?:\s*[:–—-].*)?$/;
const HEADING_WORD = /^(?:Actions|ACTIONS|Activities|ACTIVITIES|Introduction|INTRODUCTION|Preamble|PREAMBLE|Annex|ANNEX)\s*:?$/;
// `Article 4 (Mitigation)`, `Article 2bis`, `[Article 3bis]`, `Article 6: Cooperation`.
const ARTICLE_HEADING = new RegExp(
  `^(\\[\\s*)?(?:Article|ARTICLE)\\s+\\d{1,3}(?:\\s?${SUFFIX})?(?:\\s*(?:\\([^()[\\]]{1,120}\\)|[:.–—-]\\s*[^[\\]():;.]{1,120}))?\\s*(\\])?$`,
);
// `I. Scope`, `A. Mitigation`: a capital letter or Roman numeral, then a short title without final punctuation.
const SECTION_HEADING = /^(?:[IVXLC]{1,6}|[A-Z])\.\s+\p{Lu}[^.;:!?,[\]()]{0,100}$/u;
const RUN_IN_HEADING = /^\p{Lu}[^.;:!?[\]]{0,48}:$/u;

/**
 * True when a line reads as a heading: `# title`, `CHAPTER 1 – …`,
 * `Objective 1.2`, `Actions`, a line in capitals (`RESOLVES:`), or a short
 * phrase ending in a colon (`Follow-up:`). Status markers are taken off first.
 */
export function isHeadingText(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 300) return false;
  if (t === "#" || t.startsWith("# ")) return true; // `#` alone: an empty heading
  if (isSectionHeading(t)) return true;
  const article = ARTICLE_HEADING.exec(t);
  // `[Article 3bis]`, a proposed article; `[Article 3bis` too, whose bracket closes paragraphs later (a bracket spanning
  // paragraphs); `Article 3bis]` closes one and is no title.
  if (article) return Boolean(article[1]) || !article[2];
  if (readLabel(t)) return false;
  if (HEADING_KEYWORD.test(t) || HEADING_WORD.test(t)) return true;
  // A line in capitals has no lower-case letter: most lines show one at once, before the letters are gathered.
  const letters = /[a-z]/.test(t) ? "" : t.replace(/[^\p{L}]/gu, "");
  if (letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase() && !t.includes("[")) return true;
  return RUN_IN_HEADING.test(t) && t.split(/\s+/).length <= 6;
}

/**
 * True when a line that starts like a label is a section heading: `I. Scope`,
 * `A. Mitigation` — a capital letter or Roman numeral and a title of up to
 * ten words with no final punctuation. A label alone (`A.`) is not.
 */
export function isSectionHeading(text: string): boolean {
  const t = text.trim();
  return SECTION_HEADING.test(t) && t.split(/\s+/).length <= 11;
}

/** `Objective 3.4   To foster…` → the heading and the objective's text, or null. */
export function splitObjective(text: string): { heading: string; rest: string } | null {
  const m = /^((?:Objective|OBJECTIVE)\s+\d+(?:\.\d+)*\.?)(?:\s{2,}|\t|\s+(?=To\s))(\S.*)$/s.exec(text.trim());
  return m ? { heading: m[1]!, rest: m[2]! } : null;
}

const EDITORIAL_NOTE =
  /^(?:previously|formerly|former|originally|this paragraph|paragraph (?:was|has been|moved|merged)|moved|text moved|merged|note:|editor'?s note)/i;

/** True when a parenthesised remark at a paragraph's end is an editorial note. */
export function isEditorialNote(inner: string): boolean {
  return EDITORIAL_NOTE.test(inner.trim());
}

/** How a note must be written to read back as one: `Note: ` prefixed unless it already reads as a note. */
export function editorialNoteText(note: string): string {
  return isEditorialNote(note) ? note : `Note: ${note}`;
}

/** The note a remark carries, with a leading `Note:` taken off. */
export function stripNotePrefix(inner: string): string {
  return inner.replace(/^\s*note:\s*/i, "").trim();
}

/** `(Proposal by the Working Group)` → `Working Group`, or null. */
export function readAttribution(inner: string): string | null {
  const m = /^\s*(?:proposal|proposed|text proposed|proposals)\s+(?:by|of|from)\s+(?:the\s+)?(.{1,120}?)\s*$/i.exec(inner);
  return m ? m[1]! : null;
}

/** `(withdrawn)` after a bracket → its state, or null. */
export function readProposalState(inner: string): ProposalState | null {
  const m = /^\s*(accepted|rejected|withdrawn)\s*$/i.exec(inner);
  return m ? (m[1]!.toLowerCase() as ProposalState) : null;
}

/** `(paragraph withdrawn)` at a paragraph's end → the paragraph proposal's state, or null. */
export function readParagraphState(inner: string): ProposalState | null {
  const m = /^\s*(?:paragraph|alternative)\s+(accepted|rejected|withdrawn)\s*$/i.exec(inner);
  return m ? (m[1]!.toLowerCase() as ProposalState) : null;
}

/**
 * Words that leave a line unfinished when they end it (a title broken over
 * lines: "… CONSIDER THE"). Not after a comma or semicolon: "…; and" closes a
 * preambular clause.
 */
export function endsWithConnective(line: string): boolean {
  return /(?:^|[^\s,;:]\s+)(?:the|of|in|to|and|or|for|on|a|an|with|by|at|from|its|their|our)\s*$/i.test(line);
}

/** True when a line starts in lower case, as the rest of a broken sentence does. */
export function startsLowercase(line: string): boolean {
  return /^\s*[\p{Ll}]/u.test(line);
}

/** True when a line ends a sentence or clause. */
export function endsWithTerminal(line: string): boolean {
  return /[.;:!?,)”"]\s*$/.test(line);
}

/**
 * True when every word is capitalised (connectives aside), as a delegation's
 * name or tag is: `Xyz`, `Working Group`, `G77`, not `Climate forcers` — the
 * one test of whether words before a colon or in an attribution could name
 * a delegation at all. Never fails.
 */
export function looksLikeName(token: string): boolean {
  return token.split(/\s+/).every((word, k) => /^[\p{Lu}\d]/u.test(word) || (k > 0 && /^(?:and|of|the|de|del|la|los|las|y|et|du|des)$/.test(word)));
}

const TAG_TOKEN = /^\p{L}[\p{L}&.'’\- ]{0,39}$/u;

/** Splits a tag list into tags: `Arg, Bra` / `Arg/Bra` / `Antigua and Barbuda`. */
export function tagListTokens(candidate: string): string[] | null {
  if (!candidate) return null;
  const tokens = candidate.split(/\s*[,;/+]\s*/).filter(Boolean);
  return tokens.every((t) => TAG_TOKEN.test(t) && t.split(/\s+/).length <= 5) ? tokens : null;
}
