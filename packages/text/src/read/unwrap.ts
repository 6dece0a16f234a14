import { DEFAULT_DATE_STYLE, type DateStyle } from "@accord/schema";
import { classify, LineReader, type LineClass } from "./blocks.js";
import { endsWithConnective, readLabel, readLabelAt } from "../conventions/conventions.js";
import { type Diagnostic, SourceText } from "../diagnostics.js";
import { readTrailingMarker } from "./markers.js";
import { bodyInCapitals, countLabelledInCapitals, inCapitals, nextLetterLabel, symbolsOnly } from "./capitals.js";

// Text copied from a PDF or a web page: paragraphs wrapped over lines (words
// hyphenated at a line's end), page headers, footers and numbers between
// them, and paragraphs run together on one line. This pass reads them before
// the blocks are: it gives the text to read, one paragraph per line where it
// saw wrapping, and where each of its offsets was in the input. Every change
// is a guess it reports; a draft typed one paragraph per line has nothing to
// change and reads as it did.

/** What the reading of text from a PDF or a web page changed, counted for the import's report (`recognised.pdf`). */
export interface PdfReading {
  /** Line breaks inside a paragraph that were joined: the line after read as the rest of the one before. */
  readonly joinedLines: number;
  /** Of those, words broken with a hyphen at a line's end and joined without it (`develop-` / `ment`). */
  readonly dehyphenated: number;
  /** Of those, words broken at a hyphen the document writes elsewhere (`well-` / `being`), or before a capital or digit, joined keeping it. */
  readonly keptHyphens: number;
  /** Paragraphs that began on the line of the paragraph before (`… report. 3. Parties …`) and were read as paragraphs of their own. */
  readonly splitParagraphs: number;
  /** Lines of page furniture removed: headers and footers that repeat, page numbers in sequence. */
  readonly pageFurniture: number;
}

/** The text to read, where its offsets were in the input, what changed and each change as a guess located in the input. */
export interface UnwrappedText {
  readonly text: string;
  /** The input offset an offset of `text` came from (a joining space: the line break it stands for). */
  readonly origin: (offset: number) => number;
  readonly counts: PdfReading;
  readonly guesses: readonly Diagnostic[];
  /**
   * Input offsets of lines that read alone as headings but start paragraphs: in a text whose body is in capitals, a
   * sub-paragraph (`A. ESTABLISH …` after `… TO:`) and a paragraph in capitals that ends with `.`, `,` or `;`.
   */
  readonly paragraphsAt: ReadonlySet<number>;
}

/** A physical line of the input: a `\n` or a form feed ends one. */
interface Line {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** A form feed ends the line before: a page break. */
  readonly afterFormFeed: boolean;
}

/** A non-blank line kept after the furniture is taken out, with what lies between it and the one before. */
interface Row {
  readonly line: Line;
  /** The trimmed text and where it starts and ends in the input. */
  readonly text: string;
  readonly from: number;
  readonly to: number;
  /** Blank lines between this row and the one before. */
  readonly blankBefore: boolean;
  /** A page break (a form feed, removed furniture) between this row and the one before. */
  readonly pageBreakBefore: boolean;
  /** How the row reads alone (`classify`), and whether it ends with a status marker: asked once. */
  readonly cls: LineClass;
  readonly endsWithMarker: boolean;
}

interface Edit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

// `- 3 -`, `Page 3`, `Page 3 of 12`, `3/12`, `3`.
const PAGE_NUMBER = /^(?:-\s*(\d{1,4})\s*-|(?:Page|PAGE|page)\s+(\d{1,4})(?:\s+of\s+(\d{1,4}))?|(\d{1,4})\s*\/\s*(\d{1,4})|(\d{1,4}))$/;
// `PAGE_NUMBER` of a line as written: its whitespace is `\s` wherever it may stand, so trimming and single spaces change nothing.
const PAGE_NUMBER_LINE = new RegExp(`^\\s*${PAGE_NUMBER.source.slice(1, -1)}\\s*$`);
// Headers and footers of UN documents: the symbol (`FCCC/PA/CMA/2023/L.17`, `A/RES/78/1`), the job number (`GE.23-12345`,
// `23-12345 (E)`), `Advance unedited version`, `Distr.: Limited`.
const HEADER_SHAPES = [
  /^[A-Z]{1,8}(?:\/[A-Za-z0-9.-]+){2,}(?:\s+\([A-Za-z]+\))?$/,
  /^GE\.\d{2}-\d{3,6}(?:\s*\([A-Z]\))?$/,
  /^\d{2}-\d{4,6}(?:\s*\([A-Z]\))?$/,
  /^Advance\s+unedited\s+version$/i,
  /^Distr\.?:?\s*(?:General|Limited|Restricted)$/i,
];
// A cable's page header: `PAGE 02 GENEVA 06148 301517Z`, the page's number and the message's reference (a group of
// four digits or more: its number, its date-time group).
const CABLE_PAGE_HEADER = /^PAGE\s+\d{1,3}((?:\s+[A-Z0-9./-]+)*\s+\d{4,}[A-Z]?(?:\s+[A-Z0-9./-]+)*)$/;
// A security classification alone on its line, as cables and government copies head and foot their pages with.
const CLASSIFICATION = /^(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|RESTRICTED)$/;
// Words that leave a sentence unfinished when a line ends with them, besides `endsWithConnective`'s.
const OPEN_WORD = /(?:^|[^\s,;:]\s+)(?:as|that|which|who|whose|between|under|including|such|into|than|per|via|within|towards|through|among|upon|pursuant|where|whether|be|is|are|was|were|shall|should|may|will|would|can|could|not|all|each|any|these|those|this|other|more|most|also|further|its|his|her|both|either|neither|nor|but)\s*$/i;
// A reference broken before its number: `decision` / `1/CP.21`, `paragraph` / `3 of`, `Article` / `6, paragraph 2`.
const REFERENCE_WORD = /(?:^|\s)(?:paragraphs?|subparagraphs?|sub-paragraphs?|Articles?|articles?|decisions?|resolutions?|documents?|annex|Annex|sections?|chapters?|rules?|parts?|No\.|Nos\.|para\.|paras\.)\s*$/;
const ABBREVIATION = /(?:^|[\s(])(?:e\.g\.|i\.e\.|etc\.|cf\.|viz\.|para\.|paras\.|No\.|Nos\.|Art\.|vol\.|pp?\.|Rev\.|Add\.|Corr\.|Misc\.|Inf\.)\s*$/;
const SENTENCE_END = /[.;:!?][”"’')\]]*\s*$/;
/** The start of an option of an option block: `Option 1:`, `Option A:`, `Option 1.1:`, `Option II:`. */
const OPTION_START = /^Option\s+(?:\d{1,3}(?:\.\d{1,3})*[A-Za-z]?|[A-Z]|[IVXLC]{1,6})\s*:/;
// Paragraphs whose lines this pass joins, and splits when another runs onto them; footnote texts are joined only.
const LINE_CLASSES_THAT_CONTINUE: ReadonlySet<LineClass> = new Set(["text", "structured"]);
const LINE_CLASSES_JOINED: ReadonlySet<LineClass> = new Set(["text", "structured", "footnote"]);

/**
 * True when a line alone has the shape of page furniture: a page number
 * (`- 3 -`, `Page 3 of 12`, `3/12`, `3`), a UN document's header or footer
 * (`FCCC/PA/CMA/2023/L.17`, `GE.23-12345`, `Advance unedited version`) or a
 * cable's page header (`PAGE 02 GENEVA 06148 301517Z`). The import removes
 * such lines only when they repeat (a cable's page header even once); the
 * export escapes a paragraph that reads so, so it is never removed when read
 * back. A security classification (`UNCLASSIFIED`) is removed only next to a
 * page break, which an export has none of.
 */
export function readsAsPageFurniture(line: string): boolean {
  const t = line.trim().replace(/\s+/g, " ");
  return PAGE_NUMBER.test(t) || HEADER_SHAPES.some((shape) => shape.test(t)) || CABLE_PAGE_HEADER.test(t);
}

/**
 * Reads text copied from a PDF or a web page (from offset `from`, after the
 * header): removes page furniture that repeats, joins a paragraph's wrapped
 * lines (de-hyphenating a word broken at a line's end unless the document
 * writes it with its hyphen elsewhere) and splits a numbered paragraph run
 * onto the line of the one before; a text whose body is in capitals (a
 * cable) is read by the evidence of width and words, its lines in capitals
 * as text (capitals.ts). Each is a guess located in `text`. Never fails; a
 * text with nothing of this is given back as it is.
 */
export function unwrapText(text: string, from: number, style: DateStyle = DEFAULT_DATE_STYLE, reader = new LineReader(style)): UnwrappedText {
  // Most texts have nothing to report: their lines are counted only when something is.
  let source: SourceText | null = null;
  const locate = (offset: number, message: string) => (source ??= new SourceText(text)).diagnostic(offset, message);
  const guesses: Diagnostic[] = [];
  const lines = physicalLines(text, from);
  const furniture = findFurniture(lines, style, locate, guesses);

  const rows: Row[] = [];
  let blank = false;
  let pageBreak = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.afterFormFeed) pageBreak = true;
    if (furniture.has(k)) {
      pageBreak = true;
      continue;
    }
    const trimmed = line.text.trim();
    if (!trimmed) {
      blank = true;
      continue;
    }
    // Where `trim` starts it (`\s` is what it takes off), without a copy.
    const from = line.start + line.text.search(/\S/);
    const { cls, endsWithMarker } = reader.read(trimmed);
    rows.push({ line, text: trimmed, from, to: from + trimmed.length, blankBefore: blank, pageBreakBefore: pageBreak, cls, endsWithMarker });
    blank = false;
    pageBreak = false;
  }

  // A text whose body is in capitals (a cable): its lines in capitals are text that wrapping may join, not headings.
  const capitalsCount = countLabelledInCapitals(rows);
  const capitals = bodyInCapitals(capitalsCount);
  const { rows: read, subParagraphs } = capitals ? readInCapitals(rows, style) : { rows, subParagraphs: new Set<number>() };
  // Said before the guesses it explains, once the reading is known to have changed something.
  const capitalsGuessAt = guesses.length;
  let capitalsUsed = false;

  // The width of a wrapped line, from the lines that surely are: a line of about that width that ends in a word is wrapped too.
  const sureWidths: number[] = [];
  const hyphenated = hyphenatedWords(text);
  const words = writtenWords(text);
  const sureJoins = planJoins(read, style, null, capitals, hyphenated, words, sureWidths);
  const width = wrapWidth(sureWidths);
  // With no width known, the second plan would be the first.
  const joins = width === null ? sureJoins : planJoins(read, style, width, capitals, hyphenated, words, []);
  const paragraphsAt = capitals ? capitalsParagraphs(rows, read, joins, subParagraphs, style, locate, guesses) : new Set<number>();
  if (paragraphsAt.size) capitalsUsed = true;

  const edits: Edit[] = [];
  let joinedLines = 0;
  let dehyphenated = 0;
  let keptHyphens = 0;
  let splitParagraphs = 0;
  // Rows joined into one paragraph, reported once at the first join.
  let group: { first: number; notes: string[]; count: number; capitals: "body" | "paragraph" | null } | null = null;
  const closeGroup = () => {
    if (group) {
      const what = group.notes.length ? `; ${group.notes.join(", ")}` : "";
      const continued = "a line that does not end its sentence (as wide as the wrapped lines, or ending in an open word) is continued by the next, which opens with no label";
      const why =
        group.capitals === "body"
          ? `the body of this text is in capitals, and ${continued}`
          : group.capitals === "paragraph"
            ? `the paragraph is in capitals from its label on, and ${continued}`
            : "a line that does not end its sentence, and the next one continuing it";
      guesses.push(locate(group.first, `${group.count + 1} lines read as one paragraph: ${why}${what}`));
    }
    group = null;
  };
  for (let k = 1; k < rows.length; k++) {
    const join = joins[k]!;
    if (join === "none") {
      closeGroup();
      continue;
    }
    const a = rows[k - 1]!;
    const b = rows[k]!;
    joinedLines++;
    group ??= { first: a.to - 1, notes: [], count: 0, capitals: null };
    if (capitals && inCapitals(a.text)) group.capitals = "body";
    else if (!capitals && b.cls === "heading" && read[paragraphStart(joins, k)]!.cls === "structured" && inCapitals(read[paragraphStart(joins, k)]!.text)) group.capitals ??= "paragraph";
    if (group.capitals === "body") capitalsUsed = true;
    group.count++;
    if (join === "dehyphenate") {
      dehyphenated++;
      edits.push({ from: a.to - 1, to: b.from, insert: "" });
      group.notes.push(`‘${lastWord(a.text)}’ + ‘${firstWord(b.text)}’ joined as one word`);
    } else if (join === "keepHyphen") {
      keptHyphens++;
      edits.push({ from: a.to, to: b.from, insert: "" });
      group.notes.push(`‘${lastWord(a.text)}${firstWord(b.text)}’ joined keeping its hyphen`);
    } else {
      edits.push({ from: a.to, to: b.from, insert: " " });
    }
  }
  closeGroup();
  if (capitalsUsed) {
    const first = read.find((row) => row.cls === "structured" && inCapitals(row.text))!;
    const why = `the body of this text is in capitals (${capitalsCount.inCapitals} of its ${capitalsCount.labelled} labelled lines): its lines in capitals are read as paragraphs' text, joined where they are wrapped, not as headings`;
    guesses.splice(capitalsGuessAt, 0, locate(first.from, why));
  }

  // Furniture and form feeds outside a join: the line goes with its end, a form feed becomes a line end.
  const joined = edits.slice(); // in order: one per pair of rows
  const covered = (at: number): boolean => {
    let lo = 0;
    let hi = joined.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = joined[mid]!;
      if (at < e.from) hi = mid - 1;
      else if (at >= e.to) lo = mid + 1;
      else return true;
    }
    return false;
  };
  const removedWithItsEnd = (k: number) => furniture.has(k) && !covered(lines[k]!.start);
  lines.forEach((line, k) => {
    if (line.afterFormFeed && !covered(line.start - 1) && !removedWithItsEnd(k - 1)) edits.push({ from: line.start - 1, to: line.start, insert: "\n" });
    if (removedWithItsEnd(k)) edits.push({ from: line.start, to: Math.min(text.length, line.end + 1), insert: "" });
  });

  // Paragraphs run together: `… report. 3. Parties …`, `… ; (b) the …`, when the label is the next after the one before.
  let lastLabel = "";
  for (let k = 0; k < rows.length; k++) {
    const row = read[k]!;
    if (joins[k] === "none" || k === 0) {
      const own = labelOfLine(row.text, row.cls);
      if (own) lastLabel = own;
    }
    const start = paragraphStart(joins, k);
    if (!LINE_CLASSES_THAT_CONTINUE.has(read[start]!.cls)) continue;
    for (const split of runTogether(row, lastLabel, depthBefore(read, joins, k), true)) {
      edits.push({ from: split.from, to: split.to, insert: "\n" });
      guesses.push(locate(split.to, `paragraph ‘${split.label}’ starts on the line of paragraph ‘${lastLabel}’, after its final punctuation; read as a paragraph of its own`));
      lastLabel = split.label;
      splitParagraphs++;
    }
  }

  edits.sort((x, y) => x.from - y.from);
  const { text: out, origin } = applyEdits(text, edits);
  return { text: out, origin, counts: { joinedLines, dehyphenated, keptHyphens, splitParagraphs, pageFurniture: furniture.size }, guesses, paragraphsAt };
}

function physicalLines(text: string, from: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  let afterFormFeed = false;
  const breaks = /[\n\f]/g;
  breaks.lastIndex = from;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
    lines.push({ start, end: m.index, text: text.slice(start, m.index), afterFormFeed });
    afterFormFeed = m[0] === "\f";
    start = m.index + 1;
  }
  lines.push({ start, end: text.length, text: text.slice(start), afterFormFeed });
  return lines;
}

/**
 * The lines of page furniture: page numbers with a neighbour one apart in the
 * same form and text between them, and, where there are pages (a form feed,
 * such page numbers, a cable's page header), lines that repeat with a header's
 * shape or, whatever they say, a title (a capital, no parenthesis, no final
 * punctuation) next to a page break each time, on three pages and half of them
 * or more. None when they would be every line of the text. Each kind is
 * reported once.
 */
function findFurniture(lines: readonly Line[], style: DateStyle, locate: (offset: number, message: string) => Diagnostic, guesses: Diagnostic[]): Set<number> {
  const guessesBefore = guesses.length;
  const furniture = new Set<number>();
  const numbers: { index: number; n: number; form: string }[] = [];
  lines.forEach((line, index) => {
    const m = PAGE_NUMBER_LINE.exec(line.text);
    if (!m) return;
    const form = m[1] ? "- n -" : m[2] ? `Page n${m[3] ? ` of ${m[3]}` : ""}` : m[4] ? `n/${m[5]}` : "n";
    numbers.push({ index, n: Number(m[1] ?? m[2] ?? m[4] ?? m[6]), form });
  });
  const byForm = new Map<string, typeof numbers>();
  for (const entry of numbers) {
    const same = byForm.get(entry.form);
    if (same) same.push(entry);
    else byForm.set(entry.form, [entry]);
  }
  // A page holds text: two numbers in sequence with none between them (`2` / `3`, a draft's last paragraphs) number no page.
  const textBetween = (from: number, to: number) => lines.slice(from + 1, to).some((line) => /\S/.test(line.text) && !PAGE_NUMBER_LINE.test(line.text));
  const pageApart = (a: { index: number; n: number } | undefined, b: { index: number; n: number } | undefined) => !!a && !!b && b.n === a.n + 1 && textBetween(a.index, b.index);
  for (const [form, entries] of byForm) {
    const taken = entries.filter((e, k) => pageApart(entries[k - 1], e) || pageApart(e, entries[k + 1]));
    for (const e of taken) furniture.add(e.index);
    if (taken.length) {
      guesses.push(locate(lines[taken[0]!.index]!.start, `${taken.length} page numbers (${form}, ${taken[0]!.n} to ${taken[taken.length - 1]!.n}) removed as page furniture`));
    }
  }

  // A cable's page headers, one reference on every page after the first: even once, `PAGE 02 …` says a page began.
  const cableHeaders = new Map<string, number[]>();
  lines.forEach((line, index) => {
    // Only a line that opens with PAGE is normalised (every line of a long draft is asked).
    const m = /^\s*PAGE\s/.test(line.text) ? CABLE_PAGE_HEADER.exec(line.text.trim().replace(/\s+/g, " ")) : null;
    if (!m || furniture.has(index)) return;
    const same = cableHeaders.get(m[1]!);
    if (same) same.push(index);
    else cableHeaders.set(m[1]!, [index]);
  });
  for (const [reference, indexes] of cableHeaders) {
    for (const index of indexes) furniture.add(index);
    guesses.push(locate(lines[indexes[0]!]!.start, `${indexes.length} cable page header${indexes.length > 1 ? "s" : ""} (PAGE n${reference}) removed as page furniture`));
  }

  // Non-blank lines in order, to know what lies next to a page break.
  const nonBlank = lines.map((line, index) => ({ line, index })).filter(({ line }) => /\S/.test(line.text));
  const nearBreak = new Set<number>();
  nonBlank.forEach(({ line, index }, k) => {
    if (!(line.afterFormFeed || furniture.has(index))) return;
    for (let d = -2; d <= 2; d++) {
      const near = nonBlank[k + d];
      if (near && (d >= 0 || !line.afterFormFeed || d >= -1)) nearBreak.add(near.index);
    }
  });
  const byText = new Map<string, number[]>();
  for (const { line, index } of nonBlank) {
    if (furniture.has(index)) continue;
    // Tested on the line as written, before it is copied: spaces made single change neither (a line of single spaces
    // longer than 102 is longer than 100 trimmed).
    if (/[[\]~\\]/.test(line.text) || (line.text.length > 102 && !/\s\s|[^\S ]/.test(line.text))) continue;
    const t = line.text.trim().replace(/\s+/g, " ");
    if (t.length > 100) continue;
    const same = byText.get(t);
    if (same) same.push(index);
    else byText.set(t, [index]);
  }
  // A running title heads or foots most pages: a line that ends a sentence, or repeats on few of them, is text.
  const pages = Math.max(lines.filter((line) => line.afterFormFeed).length, furniture.size);
  const running = (t: string, indexes: readonly number[]) =>
    /^[\p{Lu}\p{N}]/u.test(t) &&
    !/[.;:,!?]$|[()]/u.test(t) &&
    indexes.length >= Math.max(3, Math.ceil(pages / 2)) &&
    indexes.every((index) => nearBreak.has(index));
  // A header's shape is evidence of a page's head only where there are pages: a form feed, page numbers, a cable's header.
  const pagesSeen = pages > 0;
  for (const [t, indexes] of byText) {
    if (indexes.length < 2 || PAGE_NUMBER.test(t) || !["text", "heading"].includes(classify(t, style))) continue;
    // A symbol that ends a sentence (`… community` / `A/RES/75/1.` wrapped twice) is the end of a paragraph, not a header.
    const headerShaped = pagesSeen && !/[.;:,!?]$/.test(t) && HEADER_SHAPES.some((shape) => shape.test(t));
    if (!headerShaped && !running(t, indexes)) continue;
    for (const index of indexes) furniture.add(index);
    guesses.push(locate(lines[indexes[0]!]!.start, `‘${t.slice(0, 60)}’, repeated ${indexes.length} times as a page header or footer, removed as page furniture`));
  }
  // A security classification next to a page break heads or foots the page, however often it does.
  for (const [t, indexes] of byText) {
    if (!CLASSIFICATION.test(t)) continue;
    const near = indexes.filter((index) => nearBreak.has(index) && !furniture.has(index));
    for (const index of near) furniture.add(index);
    if (near.length) guesses.push(locate(lines[near[0]!]!.start, `‘${t}’, a security classification next to a page break ${near.length} time${near.length > 1 ? "s" : ""}, removed as page furniture`));
  }
  // Furniture frames a page's text: where it would be all the text there is (`A/RES/75/1` twice, a lone cable header), it is the text.
  if (nonBlank.every(({ index }) => furniture.has(index))) {
    guesses.length = guessesBefore;
    return new Set();
  }
  return furniture;
}

type Join = "none" | "space" | "dehyphenate" | "keepHyphen";

/**
 * How each row joins the one before it (`none` for the first). With no width
 * known, only sure wraps join, and their widths are collected into `widths`.
 * `capitals`: the body of the text is in capitals (`readInCapitals`).
 */
function planJoins(
  rows: readonly Row[],
  style: DateStyle,
  width: number | null,
  capitals: boolean,
  hyphenated: () => ReadonlySet<string>,
  words: () => ReadonlySet<string>,
  widths: number[],
): Join[] {
  const joins: Join[] = rows.length ? ["none"] : [];
  let startClass: LineClass = "blank";
  // Open brackets after the rows of the paragraph so far, counted only when a join asks (most rows follow a blank line).
  let start = 0;
  let counted = 0;
  let depth = 0;
  const depthBefore = (k: number): number => {
    for (; counted < k; counted++) depth = depthAfter(depth, counted === start ? withoutLabel(rows[counted]!.text) : rows[counted]!.text);
    return depth;
  };
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    if (k > 0) {
      const a = rows[k - 1]!;
      let b = row;
      // A labelled paragraph in capitals (`2. REQUESTS …`) continues on lines in capitals, even in a draft in sentence case.
      const inCapitalsHere = capitals || (startClass === "structured" && inCapitals(rows[start]!.text));
      if (b.cls === "heading" && ((inCapitalsHere && readsAsTextInCapitals(b, style)) || symbolsOnly(withoutTrailingMarker(b.text, style)))) b = { ...b, cls: "text" };
      const spellings = { hyphenated, words, capitals: inCapitalsHere };
      const sure = joinOf(a, b, startClass, () => depthBefore(k), style, spellings, null);
      const join = sure !== "none" || width === null ? sure : joinOf(a, b, startClass, () => depthBefore(k), style, spellings, width);
      if (sure !== "none") widths.push(a.text.length);
      joins.push(join);
    }
    if (joins[k] === "none") {
      startClass = row.cls;
      start = k;
      counted = k;
      depth = 0;
    }
  }
  return joins;
}

/**
 * What the joining rules know of the document: the words it writes with a hyphen inside a line, the words it writes
 * (in lower case both), and whether its body is in capitals.
 */
interface Spellings {
  readonly hyphenated: () => ReadonlySet<string>;
  readonly words: () => ReadonlySet<string>;
  readonly capitals: boolean;
}

/** How row `b` joins row `a`; `depth` gives the brackets open before `b` in its paragraph. */
function joinOf(a: Row, b: Row, startClass: LineClass, depth: () => number, style: DateStyle, spellings: Spellings, width: number | null): Join {
  if (b.blankBefore && !b.pageBreakBefore) return "none";
  // Blocks of their own the block reader joins by its own rules (a heading broken after `the`, a label alone, a footnote's lines).
  if (!LINE_CLASSES_JOINED.has(startClass)) return "none";
  if (/^(?:\\|\/\/|#)/.test(b.text) || a.endsWithMarker) return "none";
  const join = joinByRules(a, b, depth, spellings, width);
  if (join !== "none" || b.cls === "marker" || b.text.length > 80) return join;
  // A status marker broken over two lines: `DELETED AD` / `REFERENDUM`.
  const marker = readTrailingMarker(`${a.text} ${b.text}`, style);
  return marker?.kind === "marker" && marker.start < a.text.length ? "space" : "none";
}

/** How `b` joins `a` by the evidence of wrapping, the guards of `joinOf` passed. */
function joinByRules(a: Row, b: Row, depth: () => number, { hyphenated, words, capitals }: Spellings, width: number | null): Join {
  const bClass = b.cls;
  // A reference broken before its number: `decision` / `1/CP.21`, `paragraph` / `3 of`.
  if (REFERENCE_WORD.test(a.text) && /^[\p{N}(]|^[IVXLC]+\b/u.test(b.text) && bClass !== "footnote" && bClass !== "marker") return "space";
  const lower = /^\p{Ll}/u.test(b.text);
  if (bClass !== "text") return bClass === "heading" && !/^#/.test(b.text) && (endsWithConnective(a.text) || OPEN_WORD.test(a.text)) ? "space" : "none";
  const hyphen = a.text.endsWith("-") ? /(\p{L}+|\p{N}+)-$/u.exec(a.text) : null;
  if (hyphen && !/[-–]-$/.test(a.text)) {
    // `sixty-` / `sixth`, `self-` / `reliance`, `non-` / `party` are compounds whatever the rest of the text writes.
    const compound = /^(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|self|non)$/i.test(hyphen[1]!);
    if (lower && !compound && /^\p{L}+$/u.test(hyphen[1]!)) return hyphenated().has(`${hyphen[1]!}-${firstWord(b.text)}`.toLowerCase()) ? "keepHyphen" : "dehyphenate";
    // In capitals the case tells nothing (`INTER-` / `REGIONAL`): the hyphen goes only when the document writes the word without it.
    if (capitals && !compound && /^\p{L}+$/u.test(hyphen[1]!) && inCapitals(a.text) && inCapitals(b.text)) {
      const word = `${hyphen[1]!}${firstWord(b.text)}`.toLowerCase();
      return words().has(word) && !hyphenated().has(`${hyphen[1]!}-${firstWord(b.text)}`.toLowerCase()) ? "dehyphenate" : "keepHyphen";
    }
    return "keepHyphen";
  }
  // An option of an option block starts a paragraph, even inside an open bracket (`Option 2: [The Parties …`).
  if (OPTION_START.test(b.text)) return "none";
  if (depth() > 0) return "space";
  if (SENTENCE_END.test(a.text)) return ABBREVIATION.test(a.text) && /^[\p{Ll}\p{N}]/u.test(b.text) ? "space" : "none";
  if (lower) return "space";
  // A capital after a comma starts a paragraph in sentence case (preambular paragraphs end in commas); in capitals it tells nothing.
  const capitalsRun = capitals && inCapitals(a.text) && inCapitals(b.text);
  if (/,\s*$/.test(a.text) && !capitalsRun) return "none";
  if (endsWithConnective(a.text) || OPEN_WORD.test(a.text)) return "space";
  // A line as wide as the wrapped ones that ends in a word, before one that starts like the rest of a sentence.
  if (width !== null && a.text.length >= width * 0.8 && (capitalsRun ? /(?:[\p{L}\p{N}\]),]|\d\/)$/u : /[\p{L}\p{N}\])]$/u).test(a.text) && /^[\p{Lu}\p{N}“"‘([~]/u.test(b.text)) return "space";
  return "none";
}

/**
 * The rows of a text whose body is in capitals, read so: a line in capitals
 * that reads alone as a heading is text that wrapping may join, and a lettered
 * line in capitals (`A. ESTABLISH …`) after a line ending with `:`, or after
 * the letter before it, is a sub-paragraph (`subParagraphs`, by index) where
 * it would be a section heading. Other lettered and Roman headings stay.
 */
function readInCapitals(rows: readonly Row[], style: DateStyle): { rows: Row[]; subParagraphs: Set<number> } {
  const subParagraphs = new Set<number>();
  let lastSubLabel = "";
  const read = rows.map((row, k): Row => {
    if (row.cls !== "heading" || row.text.startsWith("#") || !inCapitals(row.text)) {
      if (row.cls === "structured" || row.cls === "heading") lastSubLabel = "";
      return row;
    }
    if (readsAsTextInCapitals(row, style)) return { ...row, cls: "text" };
    const label = readLabel(row.text);
    if (!label) return row;
    const before = rows[k - 1];
    if ((before && !row.blankBefore && /:\s*$/.test(before.text)) || nextLetterLabel(lastSubLabel, label)) {
      subParagraphs.add(k);
      lastSubLabel = label;
      return { ...row, cls: "structured" };
    }
    lastSubLabel = "";
    return row;
  });
  return { rows: read, subParagraphs };
}

/** `line` without the status marker it ends with (`A/RES/75/1. (Paragraph approved …)` → `A/RES/75/1.`). */
function withoutTrailingMarker(line: string, style: DateStyle): string {
  const marker = readTrailingMarker(line, style);
  return marker?.kind === "marker" ? line.slice(0, marker.start) : line;
}

/** The text of rows `first` to `last`, joined as lines are (a status marker broken over them reads whole). */
function paragraphText(rows: readonly Row[], first: number, last: number): string {
  return rows
    .slice(first, last + 1)
    .map((row) => row.text)
    .join(" ");
}

/** A paragraph's text without the status marker, footnote references and remarks in parentheses it ends with: where its sentence ends. */
function lastWords(line: string, style: DateStyle): string {
  const references = /(?:\s*\d{1,3}\/)+\s*$/;
  const remarks = /(?:\s*\([^()]*\))+\s*$/;
  return withoutTrailingMarker(line.replace(references, ""), style).replace(references, "").replace(remarks, "").trimEnd();
}

/**
 * True when a heading's line may be a paragraph's text in capitals: no `#`, no label (`A. …`), in capitals before the
 * status marker it may end with (`MEASURES. (DELETED INFORMALLY)`).
 */
function readsAsTextInCapitals(row: Row, style: DateStyle): boolean {
  return !row.text.startsWith("#") && !readLabel(row.text) && inCapitals(withoutTrailingMarker(row.text, style));
}

/**
 * The input offsets of the paragraphs of a text in capitals that read alone as
 * headings and are paragraphs: its sub-paragraphs, and paragraphs that start
 * with a heading's line in capitals and end with `.`, `,` or `;` (before a
 * status, footnote references and remarks in parentheses) or open with no
 * letter or digit (`(PARAGRAPH WITHDRAWN)`): no title does. Each is reported.
 */
function capitalsParagraphs(
  rows: readonly Row[],
  read: readonly Row[],
  joins: readonly Join[],
  subParagraphs: ReadonlySet<number>,
  style: DateStyle,
  locate: (offset: number, message: string) => Diagnostic,
  guesses: Diagnostic[],
): Set<number> {
  const at = new Set<number>();
  for (let k = 0; k < rows.length; k++) {
    if (joins[k] !== "none" || rows[k]!.cls !== "heading" || read[k]!.cls === "heading") continue;
    let last = k;
    while (joins[last + 1] !== undefined && joins[last + 1] !== "none") last++;
    const row = rows[k]!;
    const quoted = `‘${row.text.slice(0, 40)}’`;
    if (subParagraphs.has(k)) {
      at.add(row.from);
      guesses.push(locate(row.from, `${quoted} is read as a lettered sub-paragraph, not a section heading: the body of this text is in capitals and it follows a line ending with ‘:’ or the letter before it`));
    } else if (/[.,;]$/.test(lastWords(paragraphText(rows, k, last), style)) || /^[^\p{L}\p{N}]/u.test(row.text)) {
      at.add(row.from);
      const end = lastWords(paragraphText(rows, k, last), style).slice(-1);
      const why = /[.,;]/.test(end) ? `it ends with ‘${end}’` : `it opens with ‘${row.text[0]}’, as no title does`;
      guesses.push(locate(row.from, `${quoted} is read as a paragraph, not a heading: the body of this text is in capitals and ${why}`));
    }
  }
  return at;
}

/** The usual width of a wrapped line, from the widths of sure wraps; null when there are too few, or they do not agree. */
function wrapWidth(widths: readonly number[]): number | null {
  if (widths.length < 3) return null;
  const sorted = [...widths].sort((x, y) => x - y);
  const median = sorted[sorted.length >> 1]!;
  const lowQuarter = sorted[sorted.length >> 2]!;
  return median >= 30 && lowQuarter >= median * 0.75 ? median : null;
}

/**
 * The words the document writes with a hyphen inside a line (`well-being`), in lower case: a word broken at that
 * hyphen keeps it. Read once, when first asked.
 */
function hyphenatedWords(text: string): () => ReadonlySet<string> {
  let words: Set<string> | null = null;
  return () => (words ??= new Set((text.match(/(?<!\p{L})\p{L}+-\p{L}+(?!\p{L})/gu) ?? []).map((w) => w.toLowerCase())));
}

/** The words the document writes, in lower case: a word broken at a hyphen in capitals loses it only when one of them. Read once, when first asked. */
function writtenWords(text: string): () => ReadonlySet<string> {
  let words: Set<string> | null = null;
  return () => (words ??= new Set((text.match(/\p{L}+/gu) ?? []).map((w) => w.toLowerCase())));
}

function lastWord(line: string): string {
  return /\S+$/.exec(line)?.[0] ?? "";
}

function firstWord(line: string): string {
  return /^\p{L}+/u.exec(line)?.[0] ?? "";
}

/** Open brackets and parentheses after `line`, from `depth` open before it; a `]` that closes nothing closes nothing. */
function depthAfter(depth: number, line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") i++;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth = Math.max(0, depth - 1);
  }
  return depth;
}

/** A line without the label it opens with: the `)` of `7)` closes nothing. */
function withoutLabel(line: string): string {
  return line.slice(readLabel(line).length);
}

/** The first row of the paragraph row `k` is joined into. */
function paragraphStart(joins: readonly Join[], k: number): number {
  let start = k;
  while (start > 0 && joins[start] !== "none") start--;
  return start;
}

/** Open brackets and parentheses at the start of row `k`, counted from the start of its paragraph. */
function depthBefore(rows: readonly Row[], joins: readonly Join[], k: number): number {
  const start = paragraphStart(joins, k);
  let depth = 0;
  for (let j = start; j < k; j++) depth = depthAfter(depth, j === start ? withoutLabel(rows[j]!.text) : rows[j]!.text);
  return depth;
}

/** The label a paragraph's line opens with (`3.`, `(b)`, `OP4`), or "": what a paragraph run onto its line must follow. */
export function paragraphLabel(line: string, style: DateStyle): string {
  return labelOfLine(line, classify(line, style));
}

/** `paragraphLabel` of a line read as `cls`. */
function labelOfLine(line: string, cls: LineClass): string {
  return cls === "structured" || cls === "labelOnly" ? readLabel(line) : "";
}

const ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"];

/** The label that follows `label` in its sequence (`2.` → `3.`, `(a)` → `(b)`, `(iv)` → `(v)`, `OP3` → `OP4`), or "". */
function nextLabel(label: string): string {
  const t = label.replace(/\s+/g, "");
  let m = /^(PP|OP)(\d{1,3})/i.exec(t);
  if (m) return `${m[1]}${Number(m[2]) + 1}`;
  m = /^(\d{1,3})(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)?([.)])$/.exec(t);
  if (m) return `${Number(m[1]) + 1}${m[2]}`;
  m = /^\((\d{1,3})\)$/.exec(t);
  if (m) return `(${Number(m[1]) + 1})`;
  m = /^\(([ivx]+)\)$/.exec(t);
  if (m && ROMAN.includes(m[1]!) && m[1] !== "v" && m[1] !== "x" && m[1] !== "i") return `(${ROMAN[ROMAN.indexOf(m[1]!) + 1] ?? ""})`;
  m = /^\(([a-y])\)$/.exec(t);
  if (m) return `(${String.fromCharCode(m[1]!.charCodeAt(0) + 1)})`;
  m = /^([a-y])([.)])$/.exec(t);
  if (m) return `${String.fromCharCode(m[1]!.charCodeAt(0) + 1)}${m[2]}`;
  return "";
}

// Sticky: read where `lastIndex` is set, without copying the rest of the line.
const SPACES = /\s+/y;
const SPACE_THEN_TEXT = /\s+\S/y;
const RUN_TOGETHER_HINT = /[.;]\s+[A-Za-z\d(]/;

/**
 * Where a row holds the next paragraph after its final punctuation: the
 * spaces before a label that follows `lastLabel` in its sequence, outside any
 * bracket or parenthesis, after `.` or `;`. Each split's label follows the one
 * before (with `advance`), else every one follows `lastLabel`.
 */
function runTogether(row: Pick<Row, "text" | "from">, lastLabel: string, depthAtStart: number, advance: boolean): { from: number; to: number; label: string }[] {
  const splits: { from: number; to: number; label: string }[] = [];
  // A split is a `.` or `;`, spaces and a label (which starts with a letter, a digit or `(`): most lines have none.
  if (!RUN_TOGETHER_HINT.test(row.text)) return splits;
  let expected = nextLabel(lastLabel);
  let depth = depthAtStart;
  const t = row.text;
  for (let i = 0; i < t.length && expected; i++) {
    const c = t[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth = Math.max(0, depth - 1);
    if (depth > 0 || (c !== "." && c !== ";")) continue;
    SPACES.lastIndex = i + 1;
    const space = SPACES.exec(t);
    if (!space) continue;
    const at = i + 1 + space[0].length;
    const label = readLabelAt(t, at);
    if (!label || label.replace(/\s+/g, "") !== expected) continue;
    SPACE_THEN_TEXT.lastIndex = at + label.length;
    if (!SPACE_THEN_TEXT.test(t)) continue;
    splits.push({ from: row.from + i + 1, to: row.from + at, label });
    if (advance) expected = nextLabel(label);
  }
  return splits;
}

/**
 * A paragraph's line as the export writes it, with the first character of each
 * label the import would read as the next paragraph run onto it escaped
 * (`…; \\(b) the`), so it reads back as one paragraph. `lastLabel` is the
 * label of the last labelled paragraph, this one's included.
 */
export function keepParagraphsApart(line: string, lastLabel: string): string {
  let out = line;
  for (const split of runTogether({ text: line, from: 0 }, lastLabel, 0, false).reverse()) out = `${out.slice(0, split.to)}\\${out.slice(split.to)}`;
  return out;
}

/** Applies sorted, non-overlapping edits, and maps each offset of the result back to the input. */
function applyEdits(text: string, edits: readonly Edit[]): { text: string; origin: (offset: number) => number } {
  if (!edits.length) return { text, origin: (offset) => offset };
  const pieces: string[] = [];
  // Each run of the result: where it starts, where it came from, and whether it was copied (else inserted at `from`).
  const outStarts: number[] = [];
  const inStarts: number[] = [];
  const copied: boolean[] = [];
  let at = 0;
  let out = 0;
  const run = (piece: string, from: number, isCopy: boolean) => {
    if (!piece) return;
    pieces.push(piece);
    outStarts.push(out);
    inStarts.push(from);
    copied.push(isCopy);
    out += piece.length;
  };
  for (const edit of edits) {
    if (edit.from < at) continue; // overlaps one already applied
    run(text.slice(at, edit.from), at, true);
    run(edit.insert, edit.from, false);
    at = edit.to;
  }
  run(text.slice(at), at, true);
  const origin = (offset: number): number => {
    let lo = 0;
    let hi = outStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (outStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    if (!outStarts.length) return offset;
    return copied[lo] ? inStarts[lo]! + (offset - outStarts[lo]!) : inStarts[lo]!;
  };
  return { text: pieces.join(""), origin };
}
