import {
  DEFAULT_DATE_STYLE,
  DelegationRegistry,
  labelKey,
  optionPathOf,
  readNoText,
  bySpan,
  proposalMarks,
  spanPartFacts,
  proposalNesting,
  proposerOf,
  registryBase,
  registryNamed,
  tagToWrite,
  type DateStyle,
  type Delegation,
  type FootnoteKind,
  type HeadingAttrs,
  type NegotiationDocument,
  type ParagraphAttrs,
  type ProposalAttrs,
} from "@accord/schema";
import type { Node } from "prosemirror-model";
import { classify } from "../read/blocks.js";
import { keepParagraphsApart, paragraphLabel, readsAsPageFurniture } from "../read/unwrap.js";
import {
  alternativeBase,
  editorialNoteText,
  endsWithConnective,
  isEditorialNote,
  startsLowercase,
  isNoteText,
  paragraphKind,
  readLabel,
  readParagraphState,
} from "../conventions/conventions.js";
import { detectDateStyle } from "../conventions/dates.js";
import { deriveMeta } from "../read/derive-meta.js";
import { formatFootnoteBody } from "../conventions/footnotes.js";
import { escapable, footnoteRefAt } from "../read/inline.js";
import { formatFrontMatter } from "../read/frontmatter.js";
import { guessRegistry } from "../read/registry-guess.js";
import { isEndOfOptions, withOptionLabel, writeOptionBlocks } from "../conventions/option-blocks.js";
import { readBracketedLabel } from "../conventions/bracketed-labels.js";
import { attributedAfter, dashTail, noteReadsAsAttribution, parenAttribution, protectDashText, protectTrailingAttribution, trailMark, withoutTrail } from "./write-attributions.js";
import { formatStatusMarker, isStatusQualifier, readTrailingMarker, type StatusStyle } from "../read/markers.js";

interface FootnoteEntry {
  readonly kind: FootnoteKind;
  readonly delegation: string;
  readonly text: string;
}

/** Numbers footnotes by first use; a later use of the same footnote writes `N/ IDEM`. */
class FootnoteNumbers {
  private readonly numbers = new Map<string, number>();
  readonly bodies: FootnoteEntry[] = [];

  reference(entry: FootnoteEntry): string {
    const key = `${entry.kind}|${entry.delegation}|${entry.text}`;
    const known = this.numbers.get(key);
    if (known !== undefined) return `${known}/ IDEM`;
    this.bodies.push(entry);
    this.numbers.set(key, this.bodies.length);
    return `${this.bodies.length}/`;
  }
}

/** Options of `exportMarkupText`. */
export interface ExportOptions {
  /**
   * Write the `Title: … ---` header with metadata and the document's own
   * delegations (default true). Without it, tags of added delegations and the
   * metadata do not read back.
   */
  readonly header?: boolean;
}

/**
 * Writes the marked-up version of a document in the bracketed text convention
 * (docs/text-format.md): everything visible — delegation tags, struck
 * deletions, statuses with dates, notes, footnotes. Importing the result gives
 * the same document again (ids aside). Never fails.
 */
export function exportMarkupText(document: NegotiationDocument, options: ExportOptions = {}): string {
  const { content, registry } = document;
  const style = document.meta.dateStyle;
  // A document on the UN's registry writes its statuses the UN's way: `(Agreed)`, `(Agreed ad ref)`.
  const statusStyle: StatusStyle = registryBase(registry) === "un" ? "un" : "oas";
  const footnotes = new FootnoteNumbers();
  const lines: string[] = [];
  const paragraphs: Node[] = [];
  let openHeading = false;
  // The label of the last labelled paragraph, which a label in the text after `.` or `;` would read as following (unwrap.ts).
  let lastLabel = "";
  const spans = spanRoles(content);

  // Option blocks: labels before (or on the line of) each option's first block, `(End of options)` where needed.
  const optionWriting = writeOptionBlocks(
    content.children.map((block) => ({ type: block.type.name as "heading" | "paragraph", label: (block.attrs.label as string | undefined) ?? "", path: optionPathOf(block), empty: block.childCount === 0 })),
  );
  content.forEach((block, _offset, index) => {
    const option = optionWriting[index]!;
    lines.push(...option.before);
    if (option.noText) {
      lines.push(option.noText);
      if (block.type.name === "paragraph") paragraphs.push(block);
    } else if (block.type.name === "heading") {
      lines.push(headingLine(block, registry, footnotes, openHeading, style, statusStyle, spans));
    } else {
      let line = paragraphLine(block, paragraphs, registry, footnotes, openHeading, style, statusStyle, spans);
      lastLabel = paragraphLabel(line, style) || lastLabel;
      line = keepParagraphsApart(line, lastLabel);
      // An option's first paragraph reading `No text` would read back as the option of having none: it is escaped, inside
      // its bracket when it opens with one (`[\No text]`), as a `\` before the `[` would make the bracket text.
      if ((option.before.length || option.inline || option.inBracket) && readNoText(line)) line = line[0] === "[" ? `[\\${line.slice(1)}` : `\\${line}`;
      // After option blocks, a paragraph reading `(End of options)` would end a group.
      else if (isEndOfOptions(line) && hasOptionsBefore(content, index)) line = `\\${line}`;
      // A paragraph opening with a bracket whose text reads as an option's label (`[Option B text]`) would be read as
      // a label written inside its bracket: the label's first letter is escaped (`[\\Option B text]`).
      if (readBracketedLabel(line)) line = `[\\${line.slice(1)}`;
      lines.push(...withOptionLabel(option, line));
      paragraphs.push(block);
    }
    lines.push(...option.after);
    // A heading ending in "of the" takes the next line as its continuation when read back.
    openHeading = block.type.name === "heading" && endsWithConnective(lines[lines.length - 1]!);
  });
  const body = lines.join("\n\n");
  const notes = footnotes.bodies.map((entry, i) => formatFootnoteBody(i + 1, entry, registry));
  const header = options.header === false ? "" : frontMatter(document, `${body}\n${notes.join("\n")}`);
  return `${header}${header ? "\n" : ""}${body}\n${notes.length ? `\n${notes.join("\n")}\n` : ""}`;
}

/**
 * The header, with the document's date style when the text's dates would not
 * say it on import (`detectDateStyle` finds another, or none): the same rule
 * reading and writing, so the style reads back as set. A header is written
 * too where, without one, the headings would give the document a title,
 * symbol or date it does not have.
 */
function frontMatter(document: NegotiationDocument, text: string): string {
  const baseName = registryBase(document.registry);
  const base = registryNamed(baseName);
  const plain = formatFrontMatter(document.meta, document.registry, base, false, baseName);
  // The OAS's registry, said only where the text's spellings would lead the import to guess another (`Registry: un` is always said).
  const sayRegistry = baseName === "oas" && guessRegistry(`${plain}${text}`).name !== baseName;
  const withoutStyle = sayRegistry ? formatFrontMatter(document.meta, document.registry, base, false, baseName, true) : plain;
  const detected = detectDateStyle(`${withoutStyle}${text}`) ?? DEFAULT_DATE_STYLE;
  if (detected === document.meta.dateStyle && (withoutStyle || !headingsSayOtherwise(document))) return withoutStyle;
  return formatFrontMatter(document.meta, document.registry, base, true, baseName, sayRegistry);
}

/** True when a draft without header would take a title, symbol or date from its headings that the document does not have. */
function headingsSayOtherwise(document: NegotiationDocument): boolean {
  const derived = deriveMeta(document.content);
  const meta = document.meta;
  return (derived.title ?? "") !== meta.title || (derived.symbol ?? "") !== meta.symbol || (derived.date ?? "") !== meta.date;
}

function headingLine(
  block: Node,
  registry: DelegationRegistry,
  footnotes: FootnoteNumbers,
  afterOpenHeading: boolean,
  dateStyle: DateStyle,
  statusStyle: StatusStyle,
  spans: SpanRoles,
): string {
  const attrs = block.attrs as HeadingAttrs;
  let line = protectTrailingGroup(escapeUnclosedParens(renderInline(block, registry, footnotes, false, spans)), dateStyle);
  // A UN status takes no footnote reference after it: with one, the OAS form is written.
  const marker = formatStatusMarker(attrs.status, attrs.statusDate, attrs.statusBody, {
    subject: "Section",
    parenthesize: true,
    dateStyle,
    statusStyle: attrs.statusFootnote ? "oas" : statusStyle,
  });
  const tail = marker ? ` ${marker}${statusFootnoteRef(attrs.statusFootnote, footnotes)}` : "";
  // A title that opens with `#` (`#` alone is an empty heading) would lose it to the heading's own `# `.
  // A title with the shape of page furniture (`FCCC/PA/CMA/2023/L.17`) would be removed on import if it repeated.
  if (afterOpenHeading || classify(line + tail, dateStyle) !== "heading" || line.startsWith("#") || readsAsPageFurniture(line + tail)) line = `# ${line}`;
  return line + tail;
}

function statusFootnoteRef(text: string, footnotes: FootnoteNumbers): string {
  return text ? ` ${footnotes.reference({ kind: "procedural", delegation: "", text })}` : "";
}

function paragraphLine(
  block: Node,
  previous: readonly Node[],
  registry: DelegationRegistry,
  footnotes: FootnoteNumbers,
  afterOpenHeading: boolean,
  dateStyle: DateStyle,
  documentStatusStyle: StatusStyle,
  spans: SpanRoles,
): string {
  const attrs = block.attrs as ParagraphAttrs;
  const statusStyle = attrs.statusFootnote ? "oas" : documentStatusStyle;
  // `(Agreed, placement tbd)`: a note that qualifies a UN status is written inside it.
  const qualifier =
    statusStyle === "un" && attrs.status.startsWith("agreed") && !attrs.statusDate && !attrs.statusBody && isStatusQualifier(attrs.note) ? attrs.note : "";
  // An attribution of the whole paragraph (`… -G77; Canada delete.`) is written after its text, where it came.
  const trail = trailMark(block);
  const trailed = trail ? withoutTrail(block, trail, registry) : null;
  let text = renderInline(trailed?.block ?? block, registry, footnotes, attrs.proposedBy.length > 0, spans);
  if (attrs.proposedBy.length) text = wrapWholeParagraph(text, attrs, registry);
  text = protectTrailingAttribution(text, registry) + (trailed?.tail ?? "");
  const hasTail = attrs.proposalState !== "open" || attrs.status !== "open" || Boolean(attrs.statusFootnote) || Boolean(attrs.note);
  text = protectTrailingGroup(escapeUnclosedParens(text), dateStyle, hasTail);

  let prefix = "";
  if (attrs.alternativeTo && !labelPointsAt(attrs.label, attrs.alternativeTo, previous)) prefix = "// ";
  if (attrs.label) prefix += `${attrs.label} `;
  // After a bare `// `, text that reads as a label (`// A.`, `// OP3ter`) would become the paragraph's label: its first
  // character (a letter, a digit or `(`, as every label's) is escaped.
  else if (prefix && readLabel(text)) text = `\\${text}`;

  const tail: string[] = [];
  if (attrs.proposalState !== "open") tail.push(`(paragraph ${attrs.proposalState})`);
  const marker = formatStatusMarker(attrs.status, attrs.statusDate, attrs.statusBody, { dateStyle, statusStyle, qualifier });
  if (marker) tail.push(marker + statusFootnoteRef(attrs.statusFootnote, footnotes));
  else if (attrs.statusFootnote) tail.push(footnotes.reference({ kind: "procedural", delegation: "", text: attrs.statusFootnote }));
  if (attrs.note && !qualifier) tail.push(`(${editorialNoteText(attrs.note)})`);

  let line = [prefix.trim(), text, ...tail].filter(Boolean).join(" ");
  // Text that would lengthen the label (`5 bis` + `alt.`) is kept apart by a second space.
  const labelAt = line.startsWith("// ") ? 3 : 0;
  if (attrs.label && readLabel(line.slice(labelAt)) !== attrs.label) line = `${line.slice(0, labelAt + attrs.label.length)} ${line.slice(labelAt + attrs.label.length)}`;
  // `I. Scope` would read as a section heading: the title's first letter is escaped (`I. \Scope`), so it stays a labelled paragraph.
  // Asked of the whole line, as the importer asks: a status after the title (`I. Scope (Agreed)`) does not keep it a paragraph.
  if (attrs.label && !labelAt && classify(line, dateStyle) === "heading") line = `${attrs.label} \\${line.slice(attrs.label.length + 1)}`;
  if (!line) return "\\";
  // A paragraph that is not a note but whose text reads as one stays what it is.
  // A line that opens with an escape (`\]`) is already read as plain text: another `\` would be read as a backslash.
  // A part of a bracket spanning paragraphs after the first would be read as going on the line above, as a bracket left
  // open within one blank line takes a line in lower case: it is escaped, so it stays a paragraph of its own.
  const goesOnSpan = continuesSpan(block, spans) && startsLowercase(line);
  if (!prefix && !startsWithEscape(line) && (goesOnSpan || needsEscape(line, afterOpenHeading, dateStyle) || (attrs.kind !== "note" && isNoteText(line)) || (attrs.kind === "plain" && paragraphKind("", openingText(block)) !== "plain"))) {
    // Before a bracket, a strike, a footnote reference (`1/`) or a letter an escape would take (`\A`), the block's escape is `\ `.
    // A line that is only its status (`(Agreed)`), state or note (`(moved)`) keeps them readable after a `\ ` too.
    return /^([[~AD]|\d{1,3}\/)/.test(line) || !text || (marker && line.startsWith(marker)) ? `\\ ${line}` : `\\${line}`;
  }
  return line;
}

/** Whether a block before `index` is in an option block: after one, `(End of options)` is read as the end of a group. */
function hasOptionsBefore(content: Node, index: number): boolean {
  for (let k = 0; k < index; k++) if (content.child(k).attrs.optionPath) return true;
  return false;
}

/** The text before a block's first footnote, brackets aside: what the importer reads a paragraph's kind from. */
function openingText(block: Node): string {
  let text = "";
  for (let k = 0; k < block.childCount && block.child(k).isText; k++) text += block.child(k).text;
  return text;
}

/** Escapes each `(` that no `)` closes: an open `(` would join the next paragraph to this one when read back. */
function escapeUnclosedParens(text: string): string {
  const open: number[] = [];
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === "\\") k++;
    else if (c === "(") open.push(k);
    else if (c === ")") open.pop();
  }
  for (let n = open.length - 1; n >= 0; n--) text = `${text.slice(0, open[n])}\\${text.slice(open[n])}`;
  return text;
}

function startsWithEscape(line: string): boolean {
  return line[0] === "\\" && escapable(line[1]);
}

/** True when a line without label would be read as something other than a plain paragraph. */
function needsEscape(line: string, afterOpenHeading: boolean, dateStyle: DateStyle): boolean {
  const cls = classify(line, dateStyle);
  // A paragraph that reads as a page number or a header (`3`, `A/RES/78/1`) would be removed on import if it repeated.
  return cls !== "text" || afterOpenHeading || readsAsPageFurniture(line);
}

function labelPointsAt(label: string, target: string, previous: readonly Node[]): boolean {
  const base = alternativeBase(label);
  if (base === null) return false;
  for (let k = previous.length - 1; k >= 0; k--) {
    const other = previous[k]!;
    if (labelKey(other.attrs.label as string) === labelKey(base)) return other.attrs.id === target;
  }
  return false;
}

/**
 * The group (a registry entry of kind `group`) that alone made a proposal:
 * written "(Proposal by the …)", not as a tag — except on the UN's registry,
 * whose groups are tags (`[G77: …]`).
 */
function soleGroup(by: readonly string[], registry: DelegationRegistry): Delegation | undefined {
  if (registryBase(registry) === "un") return undefined;
  const proposer = by.length === 1 ? proposerOf(by) : undefined;
  const entry = proposer === undefined ? undefined : registry.get(proposer);
  return entry?.kind === "group" ? entry : undefined;
}

/** A whole-paragraph proposal's text in its bracket: `[Uru: …]`, or `[…] (Proposal by the Working Group)` for a group alone. */
function wrapWholeParagraph(text: string, attrs: ParagraphAttrs, registry: DelegationRegistry): string {
  const group = soleGroup(attrs.proposedBy, registry);
  if (group) return `[${text}] (Proposal by the ${group.name})`;
  // The tag its proposal was written with while it names exactly its proposers (written-tags.ts), else the preferred spellings.
  return `[${tagToWrite({ by: attrs.proposedBy, tag: attrs.proposedTag }, registry)}: ${text}]`;
}

/**
 * A paragraph's own text may end in something that reads as a note, a state
 * or a marker in parentheses; its `(` is escaped so it stays text. Before a
 * status, state or note of the paragraph (`hasTail`), a group right after a
 * bracket is the bracket's, and is left as it is.
 */
function protectTrailingGroup(text: string, dateStyle: DateStyle, hasTail = false): string {
  if (!text.endsWith(")")) return protectTrailingMarker(text, dateStyle);
  const open = matchingOpen(text);
  if (open < 0) return text;
  // A bracket's own note or state (`[text] (Note: moved)`) before the paragraph's status or note is read as the bracket's.
  if (hasTail && /(?:^|[^\\])\]\s*$/.test(text.slice(0, open))) return text;
  const inner = text.slice(open + 1, -1);
  if (isEditorialNote(inner) || readParagraphState(inner) || readTrailingMarker(text.slice(open), dateStyle)?.kind === "marker") {
    return `${text.slice(0, open)}\\${text.slice(open)}`;
  }
  return text;
}

/** Text ending in what reads as a status marker (`… AGREED AD REFERENDUM`, `… agreed ad ref.`) gets its first letter escaped, so it stays text. */
function protectTrailingMarker(text: string, dateStyle: DateStyle): string {
  const found = readTrailingMarker(text, dateStyle);
  if (found?.kind !== "marker") return text;
  // Any letter: the UN's `agreed ad ref.` is read in lower case too.
  const word = text.slice(found.start).search(/\p{L}/u);
  return word < 0 ? text : `${text.slice(0, found.start + word)}\\${text.slice(found.start + word)}`;
}

function matchingOpen(text: string): number {
  let depth = 0;
  for (let k = text.length - 1; k >= 0; k--) {
    const c = text[k];
    if (c === ")") depth++;
    else if (c === "(" && text[k - 1] !== "\\" && --depth === 0) return k;
  }
  return -1;
}

/**
 * What each part of a bracket spanning paragraphs writes of the bracket, by
 * proposal id: the first its `[` and tags, the last its `]` and what follows
 * it (attribution, note, state); parts between write neither.
 */
type SpanRoles = ReadonlyMap<string, { readonly opens: boolean; readonly closes: boolean }>;

function spanRoles(content: Node): SpanRoles {
  const roles = new Map<string, { opens: boolean; closes: boolean }>();
  // From the parts' facts, not every proposal gathered: a document without spans pays one look at its marks.
  for (const parts of bySpan(spanPartFacts(content)).values()) {
    parts.forEach((part, k) => roles.set(part.id, { opens: k === 0, closes: k === parts.length - 1 }));
  }
  return roles;
}

/** Whether a block holds a part of a bracket spanning paragraphs that began in an earlier block. */
function continuesSpan(block: Node, spans: SpanRoles): boolean {
  if (!spans.size) return false;
  let goesOn = false;
  block.forEach((child) => {
    for (const mark of proposalMarks(child.marks)) if (spans.get(mark.attrs.id as string)?.opens === false) goesOn = true;
  });
  return goesOn;
}

interface OpenBracket {
  readonly attrs: ProposalAttrs;
  struck: boolean;
  /** Where its text starts in what is written. */
  readonly start?: number;
  /** A part of a bracket spanning paragraphs that writes no `]` here: the bracket goes on in the next paragraph. */
  readonly goesOn?: boolean;
}

/** Writes text so the importer reads it back as plain text. */
function escapeText(text: string, afterBracket: boolean): string {
  let out = text
    .replace(/\s+/g, " ")
    .replace(/[\\[\]~]/g, (c) => `\\${c}`)
    // Only an `N/` the importer would read as a footnote reference is escaped: citations (`2/CMA.3`) stay as written.
    .replace(/\d{1,3}\//g, (ref, at: number, all: string) => (footnoteRefAt(all, at) ? `${ref.slice(0, -1)}\\/` : ref));
  // Text right after a bracket that opens with "(" would be read as the bracket's note or state.
  if (afterBracket) out = out.replace(/^(\s*)\(/, "$1\\(");
  return out;
}

/**
 * Writes a block's inline content: brackets with their tags, `~~` around
 * deletions, a space between the struck and the inserted part of a
 * replacement, footnote references, and the attribution, note and state of
 * each bracket after it. `wrapped`: the whole text goes in a bracket of the
 * paragraph's proposers, so its text is bracket text (a ` / ` in it is escaped).
 */
function renderInline(block: Node, registry: DelegationRegistry, footnotes: FootnoteNumbers, wrapped = false, spans: SpanRoles = new Map()): string {
  const children: Node[] = [];
  block.forEach((child) => children.push(child));
  const { extent, outerFirst: order } = proposalNesting(children);

  let out = "";
  const stack: OpenBracket[] = [];
  // What was written last, for the separator rules of the importer.
  let lastText: OpenBracket | null | undefined; // the bracket text was last written in (null: outside brackets)
  let strikeClosed: OpenBracket | null = null;
  let afterBracket = false;
  let afterFootnote = false;
  const wrote = () => {
    afterFootnote = false;
    lastText = undefined;
    strikeClosed = null;
    afterBracket = false;
  };

  const setStrike = (open: OpenBracket, struck: boolean) => {
    if (open.struck === struck) return;
    if (struck) {
      out += lastText === open ? " ~~" : "~~";
      wrote();
    } else {
      out += "~~";
      wrote();
      strikeClosed = open;
    }
    open.struck = struck;
  };
  // The bracket closed last, where its `]` was written and where what closed it ends: the next option of a slash
  // group written right there replaces its bare `]` with ` / ` (`[agreed / made]`).
  let closed: { attrs: ProposalAttrs; at: number; end: number; depth: number } | null = null;
  const close = () => {
    const open = stack.pop()!;
    if (open.struck) out += "~~";
    if (open.goesOn) {
      wrote();
      return;
    }
    // Text of a bracket with no tag that would read as a dash attribution stays text; the bracket's own is written after it.
    if (open.start !== undefined && !tagsOf(open.attrs, registry)) {
      const inside = out.slice(open.start);
      const kept = protectDashText(inside, registry);
      if (kept !== inside) out = out.slice(0, open.start) + kept;
    }
    out += dashTail(open.attrs, registry);
    const at = out.length;
    out += `]${groupAttribution(open.attrs, registry)}${parenAttribution(open.attrs, registry)}${trailingGroups(open.attrs, registry)}`;
    closed = { attrs: open.attrs, at, end: out.length, depth: stack.length };
    wrote();
    afterBracket = true;
  };
  const slashOptionAfter = (attrs: ProposalAttrs): boolean => {
    const previous = closed;
    return (
      !!previous &&
      !!attrs.choice &&
      attrs.choiceStyle === "slash" &&
      previous.attrs.choice === attrs.choice &&
      previous.end === out.length &&
      previous.end === previous.at + 1 &&
      previous.depth === stack.length &&
      tagsOf(previous.attrs, registry) === tagsOf(attrs, registry)
    );
  };

  children.forEach((child, index) => {
    const desired = child.isText
      ? proposalMarks(child.marks)
          .sort(order)
          .map((m) => ({ attrs: m.attrs as ProposalAttrs, struck: m.attrs.op === "delete" }))
      : // A footnote stays inside the brackets that go on after it, and inside an option its group's next option follows:
        // written after the `]`, it would keep the two apart.
        stack
          .filter((open) => extent.get(open.attrs.id)!.last > index || nextOptionFollows(children, index, open.attrs))
          .map((open) => ({ attrs: open.attrs, struck: open.struck }));
    let keep = 0;
    while (
      keep < stack.length &&
      keep < desired.length &&
      stack[keep]!.attrs.id === desired[keep]!.attrs.id &&
      // An enclosing bracket's strike can only change once its inner brackets are closed.
      (keep === desired.length - 1 || keep === stack.length - 1 || stack[keep]!.struck === desired[keep]!.struck)
    ) keep++;
    while (stack.length > keep) close();
    // Text that opens brackets with a space (an insertion typed after a word: " and budgets") gives the space to
    // before the bracket: after the tag's own space it was written "plans[Per:  and budgets]", and read back
    // without it ("plansand budgets"), since a bracket's text starts after the tag's space.
    const spacedOpening = child.isText && keep < desired.length && /^\s/.test(child.text ?? "");
    for (let level = keep; level < desired.length; level++) {
      const parent = stack[stack.length - 1];
      if (parent) setStrike(parent, desired[level - 1]!.struck);
      const role = spans.get(desired[level]!.attrs.id);
      if (role && !role.opens) {
        // A part after the first of a bracket spanning paragraphs: its `[` was written in the paragraph where it opened.
        stack.push({ attrs: desired[level]!.attrs, struck: false, goesOn: !role.closes });
        wrote();
        continue;
      }
      if (slashOptionAfter(desired[level]!.attrs)) out = `${out.slice(0, -1)} / `;
      else {
        if (spacedOpening && level === keep && out && !/\s$/.test(out)) out += " ";
        out += `[${tagsOf(desired[level]!.attrs, registry)}`;
      }
      stack.push({ attrs: desired[level]!.attrs, struck: false, start: out.length, goesOn: role ? !role.closes : false });
      wrote();
    }
    const top = stack[stack.length - 1] ?? null;
    if (child.isText) {
      if (top) setStrike(top, desired[desired.length - 1]!.struck);
      const separator = top && strikeClosed === top ? " " : "";
      let escaped = escapeText(child.text ?? "", afterBracket);
      // An untagged bracket's text opening with `Word:` would read as a tag: its first colon, the one the import reads the tags up to, is escaped.
      if (top && out.endsWith("[") && !tagsOf(top.attrs, registry)) escaped = escaped.replace(/^([^[\]()~\\:]{0,79}):/, "$1\\:");
      let text = spacedOpening ? escaped.replace(/^ /, "") : escaped;
      // A slash between spaces in a bracket's text reads as a slash group's ` / `.
      if (top || wrapped) text = text.replace(/\//g, (slash, at: number, all: string) => ((all[at - 1] ?? (separator || out[out.length - 1])) === " " && (all[at + 1] ?? " ") === " " ? "\\/" : slash));
      // A word right after a footnote reference (`1/decision`) would make it a citation, a `/` (`1//`) would unmake the
      // reference, and `IDEM` would join it (`1/ IDEM`): their first character is escaped.
      if (afterFootnote && !separator) text = text.replace(/^(\s*)(?=IDEM\b)|^(?=[\p{L}\p{N}/])/u, "$1\\");
      out += separator + text;
      wrote();
      lastText = top;
    } else if (child.type.name === "footnote") {
      // A space keeps the reference apart from a number before it ("in 2010 3/").
      out += `${out && !out.endsWith(" ") ? " " : ""}${footnotes.reference(child.attrs as FootnoteEntry)}`;
      wrote();
      afterFootnote = true;
    }
  });
  while (stack.length) close();
  // A `/` alone at the start of a line is Word's footnote mark whose number was lost.
  return out.trim() === "/" ? "\\/" : out.trim();
}

/** Whether, after the footnotes from `index` on, the next text opens another option of `attrs`' choice group. */
function nextOptionFollows(children: readonly Node[], index: number, attrs: ProposalAttrs): boolean {
  if (!attrs.choice) return false;
  let next = index + 1;
  while (children[next]?.type.name === "footnote") next++;
  const child = children[next];
  return !!child?.isText && proposalMarks(child.marks).some((m) => m.attrs.choice === attrs.choice && m.attrs.id !== attrs.id);
}

function tagsOf(attrs: ProposalAttrs, registry: DelegationRegistry): string {
  if (attrs.by.length === 0 || attributedAfter(attrs) || soleGroup(attrs.by, registry)) return "";
  // The tag as written while it names exactly the proposal's delegations (written-tags.ts), else the preferred spellings.
  return `${tagToWrite(attrs, registry)}: `;
}

/** `(Proposal by the Working Group)` for a bracket of a group alone, first after the `]`: a name alone after it is then a supporter, as it was read (`[text] (Proposal by the Working Group) (Mex)`). */
function groupAttribution(attrs: ProposalAttrs, registry: DelegationRegistry): string {
  const group = attributedAfter(attrs) ? undefined : soleGroup(attrs.by, registry);
  return group ? ` (Proposal by the ${group.name})` : "";
}

function trailingGroups(attrs: ProposalAttrs, registry: DelegationRegistry): string {
  let out = "";
  if (attrs.note) out += ` (${registry.namedIn(attrs.note).length && !noteReadsAsAttribution(attrs.note, registry) ? attrs.note : `Note: ${attrs.note}`})`;
  if (attrs.state !== "open") out += ` (${attrs.state})`;
  return out;
}
