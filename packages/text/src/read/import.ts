import {
  DEFAULT_DATE_STYLE,
  DelegationRegistry,
  labelKey,
  MAX_FOOTNOTE_LENGTH,
  readDate,
  MAX_NOTE_LENGTH,
  NegotiationDocument,
  registryBase,
  registryNamed,
  collectOptionGroups,
  countOptionGroups,
  optionPathOf,
  passedOverBySpans,
  withSoundOptionPaths,
  schema,
  type RegistryName,
  type DocumentMeta,
  type FootnoteKind,
  type DateStyle,
  type ParagraphKind,
  type ParagraphStatus,
  type ProposalState,
  type ChoiceStyle,
} from "@accord/schema";
import type { Mark, Node } from "prosemirror-model";
import { classify, LineReader, type RawBlock, splitBlocks } from "./blocks.js";
import { ImportContext } from "./context.js";
import {
  alternativeBase,
  headingForm,
  isEditorialNote,
  isPreambularByVerb,
  isSectionHeading,
  labelForm,
  isNoteText,
  paragraphKind,
  readLabel,
  readParagraphState,
  stripNotePrefix,
} from "../conventions/conventions.js";
import { detectDateStyle } from "../conventions/dates.js";
import { deriveMeta } from "./derive-meta.js";
import { type Diagnostic, SourceText } from "../diagnostics.js";
import { inferFootnoteKind, readFootnoteBody, type FootnoteBodyLine } from "../conventions/footnotes.js";
import { readFrontMatter } from "./frontmatter.js";
import type { Bracket, SpanCarry } from "./bracket.js";
import { escapable, matchingParen, readInline, type InlineItem, type Layer } from "./inline.js";
import { type FootnoteRef, readTrailingMarker, type StatusMarker } from "./markers.js";
import { positionsValue } from "../conventions/attributions.js";
import { readParagraphAttribution, wrapItems } from "../conventions/paragraph-attribution.js";
import { countChoices, countCitations, countUp, type Recognition } from "./recognition.js";
import { isEndOfOptions, readOptionPaths, takeOptionStartsKeepingLone } from "../conventions/option-blocks.js";
import { guessRegistry, type RegistryChoice } from "./registry-guess.js";
import { unwrapText, type UnwrappedText } from "./unwrap.js";
import { keepSoundSpans, planSpans, settleSpans, spanIdOf, writtenAsNothing } from "../conventions/spanning.js";
import { noteReadsAsAttribution } from "../write/write-attributions.js";
import { exportMarkupText } from "../write/export.js";

/** What an import produced: the document, every problem found on the way, and what it recognised. */
export interface ImportResult {
  readonly document: NegotiationDocument;
  readonly diagnostics: readonly Diagnostic[];
  readonly recognition: Recognition;
}

/** Options of `importText`. */
export interface ImportOptions {
  /** The registry the document starts from, as it is (a caller's own); it overrides `registryName`. */
  readonly registry?: DelegationRegistry;
  /**
   * The registry to start from by name (`oas`, `un`); without it (or
   * `registry`) the text's `Registry:` header says it, else it is guessed from
   * the spellings the text uses (`guessRegistry`), and the recognition says so.
   */
  readonly registryName?: RegistryName;
}

interface StatusPart {
  status: ParagraphStatus;
  date: string;
  body: string;
  /** The number of the marker's footnote text, or null. */
  footnote: { number: number } | null;
  /** The form the marker was written in (`AGREED INF`, `(Agreed ad ref)`), for the import's report. */
  form: string;
}

interface ParsedBlock {
  readonly type: "heading" | "paragraph";
  readonly id: string;
  readonly offset: number;
  label: string;
  alternative: boolean;
  /** Written with a leading `\`: a plain paragraph, whatever it looks like. */
  escaped: boolean;
  items: InlineItem[];
  status: StatusPart | null;
  note: string;
  proposalState: ProposalState;
  proposedBy: string[];
  /** The tag the whole-paragraph proposal was written with, where it differs from the preferred spellings (`ImportContext.writtenTag`); "" for none. */
  proposedTag: string;
  alternativeTo: string;
}

/** A footnote as its body defines it. */
interface FootnoteText {
  readonly kind: FootnoteKind;
  readonly delegation: string;
  readonly text: string;
}

/** Footnote texts by their number. */
type FootnoteResolution = Map<number, FootnoteText>;

/** A footnote text as written, and whether a reference calls it. */
interface FootnoteBody {
  readonly line: FootnoteBodyLine;
  readonly offset: number;
  used: boolean;
}

const EMPTY_STATUS = { status: "open", statusDate: "", statusBody: "", statusFootnote: "" } as const;

/**
 * Reads a draft in the bracketed text convention (see docs/text-format.md)
 * into a negotiation document. It never fails on bad text: every problem —
 * a stray `]`, an unclosed bracket, an unknown tag, a marker it cannot read,
 * a footnote without its text — becomes a diagnostic with line and column,
 * and the text concerned is kept. Ids are given in sequence, so importing the
 * same text twice gives equal documents.
 */
export function importText(input: string, options: ImportOptions = {}): ImportResult {
  // Labels written inside a bracket are read so only where the export writes them back so: those it cannot are
  // read again as text, one round at a time (each round reads at least one more so, so the rounds end).
  const asText = new Set<number>();
  for (;;) {
    const read = readText(input, options, asText);
    const unwritten = read.inBracket.some((offset) => offset >= 0) ? bracketLabelsNotWrittenBack(read.result.document, read.inBracket, options) : [];
    if (!unwritten.length) return read.result;
    for (const offset of unwritten) asText.add(offset);
  }
}

/**
 * The text offsets of the labels in `inBracket` (per block of `document`, the
 * offset of the label written inside the bracket its text opens with, or -1)
 * that the marked-up export does not write back inside their bracket: read
 * back, the block's option no longer says so. Never fails.
 */
function bracketLabelsNotWrittenBack(document: NegotiationDocument, inBracket: readonly number[], options: ImportOptions): number[] {
  const again = readText(exportMarkupText(document), options, new Set()).result.document.content;
  const { content } = document;
  // Blocks that no longer match one for one do not say which label is to blame: all are read as text.
  if (again.childCount !== content.childCount) return inBracket.filter((offset) => offset >= 0);
  const lost: number[] = [];
  content.forEach((block, _offset, index) => {
    const offset = inBracket[index] ?? -1;
    if (offset < 0) return;
    const written = optionPathOf(block);
    const read = optionPathOf(again.child(index));
    if (written.some((step, depth) => !!step.labelInBracket !== !!read[depth]?.labelInBracket)) lost.push(offset);
  });
  return lost;
}

/** Whether the span rules pass over a block as read (`passedOverBySpans`): a paragraph with nothing in it. */
function passedOverAsRead(block: ParsedBlock): boolean {
  const status = block.status?.status ?? "open";
  const content = block.items.length ? [{ type: block.items[0]!.kind === "text" ? "text" : "footnote" }] : [];
  return passedOverBySpans({ type: block.type, content, attrs: { label: block.label, status, note: block.note, proposedBy: block.proposedBy, alternativeTo: block.alternativeTo } });
}

/** `importText` with the bracketed labels at the offsets in `asText` (of the unwrapped text) read as text; and per block, where its label written inside a bracket is (-1 for none). */
function readText(input: string, options: ImportOptions, asText: ReadonlySet<number>): { result: ImportResult; inBracket: number[] } {
  const written = input.replace(/\r\n?/g, "\n");
  const front = readFrontMatter(written);
  // One date style for the whole document: the header's, else the one its dates are written in most.
  const dateStyle = front?.dateStyle ?? detectDateStyle(written) ?? DEFAULT_DATE_STYLE;
  // Text from a PDF or a web page: wrapped lines joined, page furniture removed, run-together paragraphs split (unwrap.ts).
  // The rest reads its result; diagnostics are located in the input.
  // Each distinct line is classified once, for the PDF pass and the block reader alike.
  const lines = new LineReader(dateStyle);
  const unwrapped = unwrapText(written, front?.end ?? 0, dateStyle, lines);
  const text = unwrapped.text;
  // Offsets of the text the blocks are read from, once option labels written inside brackets are moved (bracketed-labels.ts).
  let labelsMoved = (offset: number) => offset;
  const source = new SourceText(written, (offset) => unwrapped.origin(labelsMoved(offset)));
  const registry = chooseRegistry(options, front?.registry ?? null, text);
  const ctx = new ImportContext(source, options.registry ?? registryNamed(registry.name), registry.name);
  ctx.dateStyle = dateStyle;
  let meta: Partial<DocumentMeta> = {};
  if (front) {
    for (const entry of front.delegations) ctx.declare(entry);
    for (const [offset, message] of front.problems) ctx.report(offset, message);
    meta = { ...front.meta, ...(front.date ? { date: headerDate(front.date, ctx) } : {}) };
  }

  // The footnote texts are read first: a reference none answers is text, and the inline reader must know it as it reads.
  const raws: RawBlock[] = [];
  const bodies: { line: FootnoteBodyLine; offset: number }[] = [];
  const paragraphAt = (offset: number) => unwrapped.paragraphsAt.has(unwrapped.origin(offset));
  for (const raw of splitBlocks(text, front?.end ?? 0, ctx.dateStyle, lines, paragraphAt)) {
    if (raw.type === "footnote") {
      const line = readFootnoteBody(text.slice(raw.start, raw.end).replace(/\n/g, " "))!;
      if (line.text.length <= MAX_FOOTNOTE_LENGTH) {
        bodies.push({ line, offset: raw.start });
        continue;
      }
      ctx.report(raw.start, `this footnote text is longer than ${MAX_FOOTNOTE_LENGTH} characters; it is kept as a paragraph`);
      raws.push({ ...raw, type: "paragraph" });
    } else {
      raws.push(raw);
    }
  }
  const byNumber = numberBodies(bodies, ctx);
  ctx.footnoteNumbers = new Set(byNumber.keys());
  // `Option 1:` labels come off their blocks' starts before the blocks are read, and say which options each block is in after.
  const optionRaws = takeOptionStartsKeepingLone(text, raws, (raw, read) => readOpening(read, raw).label, ctx, asText);
  // `[Option (a): text]` is read as `Option (a): [text]`: the blocks are read from the text with such labels moved.
  const read = optionRaws.text;
  labelsMoved = optionRaws.origin;
  // A bracket that opens in one paragraph and closes in a later one is read as one, part by part (spanning.ts);
  // a heading or an option's start ends every bracket opened before it.
  const barrier = (raw: RawBlock) => raw.type === "heading" || optionRaws.starts.has(raw) || optionRaws.endsBefore.has(raw);
  // A paragraph with nothing in it (`\\` alone) is passed over: the brackets carried go on past it, holding no part there.
  const nothing = (raw: RawBlock) => raw.type === "paragraph" && writtenAsNothing(read, raw.start, raw.end);
  const regions = optionRaws.raws.map((raw) => ({ start: raw.start, end: raw.end, barrier: barrier(raw), nothing: nothing(raw) }));
  const carry: SpanCarry = { spanning: planSpans(read, regions), open: [] };
  const blocks = optionRaws.raws.map((raw, index) => {
    if (regions[index]!.barrier) endSpans(carry, ctx);
    return parseBlock(read, raw, ctx, regions[index]!.nothing ? { spanning: carry.spanning, open: [] } : carry);
  });
  endSpans(carry, ctx);
  const optionBlocks = readOptionPaths(blocks, optionRaws, ctx);

  linkAlternatives(blocks, ctx);
  const footnotes = resolveFootnotes(blocks, byNumber, ctx);
  for (const block of blocks) {
    noSpaceBeforeFootnotes(block);
    lastBracketNoteIsParagraphs(block, ctx);
  }
  const linked = settleSpans(blocks, ctx, blocks.map(passedOverAsRead));
  for (const block of blocks) takeWholeParagraphProposal(block, ctx);
  const built = buildContent(blocks, footnotes, ctx, optionBlocks.paths);
  // Only a draft where brackets were read as spanning paragraphs is looked at again for them.
  const { content, spans } = linked ? keepSoundSpans(built, blocks.map((block) => block.offset), ctx) : { content: built, spans: { total: 0, paragraphs: 0 } };
  const document = NegotiationDocument.create(content, { ...(front ? meta : deriveMeta(content)), dateStyle: ctx.dateStyle }, ctx.registry);
  const recognition = recognise(blocks, registry, text, ctx, unwrapped);
  const guesses = [...recognition.guesses, ...optionBlocks.guesses].sort((a, b) => a.line - b.line || a.column - b.column);
  const inBracket = optionRaws.raws.map((raw) => optionRaws.starts.get(raw)?.find((start) => start.bracketAt !== undefined)?.offset ?? -1);
  const result = { document, diagnostics: ctx.diagnostics, recognition: { ...recognition, guesses, optionGroups: countOptionGroups(collectOptionGroups(content)), spans } };
  return { result, inBracket: content.childCount === inBracket.length ? inBracket : [] };
}

/** The registry a text is read with: the caller's, its header's, else a guess from its spellings. */
function chooseRegistry(options: ImportOptions, header: RegistryName | null, text: string): RegistryChoice {
  if (options.registry) return { name: registryBase(options.registry), guessed: false, evidence: [] };
  const said = options.registryName ?? header;
  return said ? { name: said, guessed: false, evidence: [] } : guessRegistry(text);
}

/** What the import recognised, counted over the parsed blocks; guesses located like diagnostics. */
function recognise(blocks: readonly ParsedBlock[], registry: RegistryChoice, text: string, ctx: ImportContext, unwrapped: UnwrappedText): Omit<Recognition, "optionGroups" | "spans"> {
  const statuses: Record<string, number> = {};
  const labels: Record<string, number> = {};
  const headings: Record<string, number> = {};
  const byDelegation: Record<string, number> = {};
  const guesses: Diagnostic[] = [];
  let attributions = 0;
  // Choice groups by id, with the convention they were written in.
  const choiceStyles = new Map<string, ChoiceStyle>();
  const positions = { total: 0, byForm: { tag: 0, dash: 0, after: 0, trail: 0 } };
  // Each bracket counted once in each block it is in.
  const seenIn = new Map<Bracket, ParsedBlock>();
  const attribute = (by: readonly string[]) => {
    attributions++;
    for (const code of by) countUp(byDelegation, code);
  };
  for (const block of blocks) {
    if (block.status) countUp(statuses, block.status.form);
    if (block.type === "heading") {
      const words = block.items.map((item) => (item.kind === "text" ? item.text : "")).join("");
      const form = headingForm(words);
      countUp(headings, form);
      if (isSectionHeading(words)) guesses.push(ctx.source.diagnostic(block.offset, `‘${words.slice(0, 40)}’ is read as a section heading (a letter or Roman numeral and a short title)`));
      continue;
    }
    if (block.label) countUp(labels, labelForm(block.label));
    // The kind was read from the first text, as `kindOf` reads it.
    const first = block.items.find((item) => item.kind === "text");
    const opening = first?.kind === "text" ? first.text : "";
    if (!block.escaped && isPreambularByVerb(block.label, opening) && classify(opening, ctx.dateStyle) !== "heading") {
      guesses.push(ctx.source.diagnostic(block.offset, `preambular paragraph by its opening verb ‘${/^\S+(?:\s+\S+)?/.exec(opening.trim())![0]}’`));
    }
    if (block.proposedBy.length) attribute(block.proposedBy);
    // Items of one stretch share their layers: those of the text before were counted.
    // Indexed loops: run once over every layer of the draft, for…of made an iterator result for each (13 MB at 20,000 paragraphs).
    let before: readonly Layer[] | null = null;
    for (let k = 0; k < block.items.length; k++) {
      const item = block.items[k]!;
      if (item.kind !== "text" || item.layers === before) continue;
      before = item.layers;
      for (let l = 0; l < item.layers.length; l++) {
        const layer = item.layers[l]!;
        if (seenIn.get(layer.bracket) === block) continue;
        seenIn.set(layer.bracket, block);
        // A bracket spanning paragraphs is one attribution, counted at its first part.
        if (layer.bracket.span && layer.bracket.span.parts[0] !== layer.bracket) continue;
        if (layer.bracket.tagged) attribute(layer.bracket.by);
        if (layer.bracket.choice) choiceStyles.set(layer.bracket.choice, layer.bracket.choiceStyle);
        if (layer.bracket.form || layer.bracket.positions?.length) {
          positions.byForm[layer.bracket.form ?? "tag"]++;
          positions.total += layer.bracket.positions?.length ?? 0;
        }
      }
    }
  }
  guesses.push(...unwrapped.guesses);
  guesses.sort((a, b) => a.line - b.line || a.column - b.column);
  return { registry, statuses, labels, headings, attributions: { total: attributions, byDelegation }, citations: countCitations(text), choices: countChoices(choiceStyles), positions, guesses, pdf: unwrapped.counts };
}

/** The header's `Date:` in the document's style; "" with a diagnostic when it is not a date. */
function headerDate(date: { text: string; offset: number }, ctx: ImportContext): string {
  const reading = readDate(date.text, ctx.dateStyle);
  if (reading.ok) return reading.iso;
  ctx.report(date.offset, `cannot read the date: ${reading.message}`);
  return "";
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end && /\s/.test(text[i]!)) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** Takes a parenthesised group off the end of `[start, end)` when `accept` says so. */
function takeTrailingGroup(
  text: string,
  start: number,
  end: number,
  accept: (inner: string) => boolean,
): { open: number; inner: string } | null {
  if (text[end - 1] !== ")") return null;
  for (let open = text.lastIndexOf("(", end - 1); open >= start; open = text.lastIndexOf("(", open - 1)) {
    if (matchingParen(text, open, end) === end - 1) {
      if (isEscaped(text, open)) return null; // `\(…)` is text
      const inner = text.slice(open + 1, end - 1).replace(/\s+/g, " ").trim();
      return accept(inner) ? { open, inner } : null;
    }
    if (open === 0) break;
  }
  return null;
}

/** True when the character at `at` is escaped: an odd number of backslashes before it. */
function isEscaped(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && text[k] === "\\") k--;
  return (at - 1 - k) % 2 === 1;
}

/** Brackets still carried where no later paragraph can close them (a barrier, the document's end): reported, as an unclosed `[` is. */
function endSpans(carry: SpanCarry, ctx: ImportContext): void {
  for (const open of carry.open) ctx.report(open.span!.parts[0]!.offset, "‘[’ is never closed; the bracket runs to the end of the paragraph");
  carry.open = [];
}

/**
 * How a block opens, before its text: a heading's `#`, an escape (`\\`: a
 * plain paragraph, whatever it looks like), `//` for an alternative, a
 * paragraph label. `text` is where the block's text starts. Never fails.
 */
function readOpening(text: string, raw: { type: string; start: number; end: number }): { text: number; escaped: boolean; alternative: boolean; label: string } {
  let i = skipSpace(text, raw.start, raw.end);
  const end = trimEnd(text, i, raw.end);
  if (raw.type === "heading") {
    if (text.startsWith("# ", i) || (text[i] === "#" && i + 1 === end)) i = skipSpace(text, i + 1, end);
    return { text: i, escaped: false, alternative: false, label: "" };
  }
  if (text[i] === "\\") return { text: escapable(text[i + 1]) ? i : i + 1, escaped: true, alternative: false, label: "" };
  const alternative = text.startsWith("//", i);
  if (alternative) i = skipSpace(text, i + 2, end);
  const label = readLabel(text.slice(i, Math.min(end, i + 40)));
  if (label) i = skipSpace(text, i + label.length, end);
  return { text: i, escaped: false, alternative, label };
}

function parseBlock(text: string, raw: RawBlock, ctx: ImportContext, carry: SpanCarry): ParsedBlock {
  const block = emptyBlock(raw.type === "heading" ? "heading" : "paragraph", ctx, raw.start);
  const opening = readOpening(text, raw);
  let i = opening.text;
  let end = trimEnd(text, i, raw.end);
  block.escaped = opening.escaped;
  block.alternative = opening.alternative;
  block.label = opening.label;

  // A lone `/` on the last line is a footnote mark whose number Word lost.
  let loneSlash = -1;
  const lastBreak = text.lastIndexOf("\n", end - 1);
  if (lastBreak >= i && text.slice(lastBreak + 1, end).trim() === "/") {
    loneSlash = text.indexOf("/", lastBreak + 1);
    end = trimEnd(text, i, lastBreak);
  }

  if (block.type === "paragraph") {
    const note = takeTrailingGroup(
      text,
      i,
      end,
      (inner) => inner.length <= MAX_NOTE_LENGTH && isEditorialNote(inner) && readTrailingMarker(`(${inner})`, ctx.dateStyle) === null,
    );
    if (note) {
      block.note = stripNotePrefix(note.inner);
      end = trimEnd(text, i, note.open);
    }
  }

  let statusReference: { ref: FootnoteRef | null; offset: number } | null = null;
  let found = readTrailingMarker(text.slice(i, end), ctx.dateStyle);
  // A qualifier needs the paragraph's note to live in: a heading has none, and a note has a length.
  if (found?.kind === "marker" && found.marker.qualifier && (block.type === "heading" || found.marker.qualifier.length + block.note.length + 2 > MAX_NOTE_LENGTH)) found = null;
  if (found?.kind === "marker") {
    block.status = statusPart(found.marker);
    statusReference = markerReference(found.marker, i + found.start, text);
    // `(Agreed, placement tbd)`, `(Agreed subject to …)`: what the status adds is kept as the paragraph's note, and written back inside it.
    if (found.marker.qualifier) block.note = block.note ? `${found.marker.qualifier}; ${block.note}` : found.marker.qualifier;
    end = trimEnd(text, i, i + found.start);
    const second = readTrailingMarker(text.slice(i, end), ctx.dateStyle);
    if (second) ctx.report(i + second.start, "a second status marker before the last one; the last one counts, this one is kept as text");
  } else if (found?.kind === "unreadable") {
    ctx.report(i + found.start, `cannot read the status marker ‘${found.text}’: ${found.reason}; it is kept as text`);
  }
  if (loneSlash >= 0) {
    if (block.status && !statusReference) statusReference = { ref: null, offset: loneSlash };
    else end = raw.end; // not the marker's: the inline reader takes it as a footnote in the text
  }

  if (block.type === "paragraph") {
    const state = takeTrailingGroup(text, i, end, (inner) => readParagraphState(inner) !== null);
    if (state) {
      block.proposalState = readParagraphState(state.inner)!;
      end = trimEnd(text, i, state.open);
    }
  }

  // `… development. -G77; Canada delete.`: an attribution of the whole paragraph, outside every bracket of it.
  const trail = block.type === "paragraph" ? readParagraphAttribution(text, i, end, ctx) : null;
  if (trail) end = trimEnd(text, i, trail.at);
  block.items = readInline(text, i, end, ctx, carry);
  if (trail) block.items = wrapItems(block.items, trail.bracket);
  // The marker's reference is numbered after the text's, as it is read after them; with no footnote text, it is dropped.
  if (block.status && statusReference) {
    const { ref, offset } = statusReference;
    const number = ctx.answerReference(ref, offset, ref ? `${ref.number}/` : "/");
    if (number !== null) block.status.footnote = { number };
  }
  return block;
}

function statusPart(marker: StatusMarker): StatusPart {
  return { status: marker.status, date: marker.date, body: marker.body, footnote: null, form: marker.form };
}

/** Where a marker's own footnote reference (`AGREED AD REFERENDUM 2/ IDEM`) is, or null. */
function markerReference(marker: StatusMarker, offset: number, text: string): { ref: FootnoteRef; offset: number } | null {
  if (!marker.footnote) return null;
  const at = text.indexOf(`${marker.footnote.number}/`, offset);
  return { ref: marker.footnote, offset: at < 0 ? offset : at };
}

/**
 * A footnote reference attaches to the word before it, so the space before it
 * is syntax — also where a bracket that held only the reference came between
 * (`Parties [G77: 1/`), which left the space in the text before it.
 */
function noSpaceBeforeFootnotes(block: ParsedBlock): void {
  for (let k = block.items.length - 1; k > 0; k--) {
    const before = block.items[k - 1]!;
    if (block.items[k]!.kind !== "footnote" || before.kind !== "text" || !before.text.endsWith(" ")) continue;
    const text = before.text.slice(0, -1);
    if (text) block.items[k - 1] = { ...before, text };
    else block.items.splice(k - 1, 1);
  }
}

/**
 * A bracket's editorial note that ends a paragraph with no note, status or
 * state of its own (`[text] (Note: moved) [[`, empty brackets after it) is the
 * paragraph's: written at the end of the line, it could be read only so.
 */
function lastBracketNoteIsParagraphs(block: ParsedBlock, ctx: ImportContext): void {
  if (block.type !== "paragraph" || block.note || block.status || block.proposalState !== "open") return;
  const last = block.items[block.items.length - 1];
  const bracket = last?.kind === "text" ? last.layers[0]?.bracket : undefined;
  if (!bracket?.note || bracket.state !== "open") return;
  // As the export writes it: `(Note: …)` unless the note names a delegation and would not read as an attribution.
  const written = ctx.namesDelegation(bracket.note) && !noteReadsAsAttribution(bracket.note, ctx.registry) ? bracket.note : `Note: ${bracket.note}`;
  if (!isEditorialNote(written)) return;
  block.note = bracket.note;
  bracket.note = "";
}

/**
 * `5 bis. [PER: Instruct …]`: a bracket holding the whole paragraph, tagged or
 * attributed, with no note or state of its own, makes the paragraph a
 * proposal of those delegations rather than a bracket inside base text.
 */
function takeWholeParagraphProposal(block: ParsedBlock, ctx: ImportContext): void {
  if (block.type !== "paragraph" || block.items.length === 0) return;
  let outer: Bracket | undefined;
  for (const item of block.items) {
    // A footnote reference must be inside the bracket too: `[PER: text 1/]`, not `[PER: text] 1/`.
    const first = item.layers[0];
    if (!first || (item.kind === "text" && first.struck)) return;
    if (outer && first.bracket !== outer) return;
    outer = first.bracket;
  }
  // One written with its attribution after it, or with positions, stays a bracket: it is written back as it came.
  // A part of a bracket spanning paragraphs stays one: the bracket is one proposal.
  if (!outer || outer.span || !outer.tagged || outer.note || outer.state !== "open" || outer.form || outer.positions?.length) return;
  if (block.items[0]!.kind === "footnote") return;
  block.proposedBy = outer.by;
  // Its tag as written (`[URY: …]` in a draft that writes `Uru`) is the paragraph's to keep, as a bracket keeps its own.
  block.proposedTag = ctx.writtenTag(outer);
  block.items = block.items.map((item) => (item.kind === "text" ? { ...item, layers: item.layers.slice(1) } : item));
}

/**
 * `// …` is an alternative to the nearest paragraph above that is not itself
 * one; `5 bis alt.` to the paragraph labelled `5 bis` above it.
 */
function linkAlternatives(blocks: ParsedBlock[], ctx: ImportContext): void {
  blocks.forEach((block, index) => {
    if (block.type !== "paragraph") return;
    const base = alternativeBase(block.label);
    if (!block.alternative && base === null) return;
    for (let k = index - 1; k >= 0; k--) {
      const other = blocks[k]!;
      if (other.type !== "paragraph") continue;
      const matches = block.alternative ? !other.alternativeTo : labelKey(other.label) === labelKey(base!);
      if (matches) {
        block.alternativeTo = other.id;
        return;
      }
    }
    ctx.report(
      block.offset,
      block.alternative
        ? "‘//’ marks an alternative, but there is no paragraph above it; it is kept as an ordinary paragraph"
        : `‘${block.label}’ is an alternative to paragraph ${base}, which is not above it; it is kept as an ordinary paragraph`,
    );
  });
}

/**
 * The footnote texts by number: `N/ …` is text N, Word's `�` the number after
 * the text before it. A number written twice keeps its first text as N and its
 * second as the next number with no text (a reference to that number takes it,
 * else it goes where a text referred to nowhere goes), reported: no word lost.
 */
function numberBodies(bodies: readonly { line: FootnoteBodyLine; offset: number }[], ctx: ImportContext): Map<number, FootnoteBody> {
  const byNumber = new Map<number, FootnoteBody>();
  const twice: { body: (typeof bodies)[number]; number: number }[] = [];
  let next = 1;
  for (const body of bodies) {
    const number = body.line.number ?? next;
    if (byNumber.has(number)) twice.push({ body, number });
    else byNumber.set(number, { ...body, used: false });
    next = number + 1;
  }
  // Numbered after the others, so that the texts written once keep the numbers they were written with.
  for (const { body, number } of twice) {
    let free = number + 1;
    while (byNumber.has(free)) free++;
    byNumber.set(free, { ...body, used: false });
    ctx.report(body.offset, `footnote ${number} is written twice; this second text is kept as footnote ${free}, the next number with no text`);
  }
  return byNumber;
}

/**
 * The texts of the footnotes the blocks call (each reference was numbered as
 * it was read, `ImportContext.answerReference`); a text nobody refers to is
 * reported and put at the end of the last paragraph.
 */
function resolveFootnotes(blocks: ParsedBlock[], byNumber: Map<number, FootnoteBody>, ctx: ImportContext): FootnoteResolution {
  const resolution: FootnoteResolution = new Map();
  const take = (number: number) => {
    if (resolution.has(number)) return;
    const body = byNumber.get(number)!;
    body.used = true;
    const { kind, delegation } = body.line.explicit ?? inferFootnoteKind(body.line.text, ctx.registry);
    resolution.set(number, { kind, delegation, text: body.line.text });
  };
  for (const block of blocks) {
    // Indexed: for…of made an iterator result for each item of the draft.
    for (let k = 0; k < block.items.length; k++) {
      const item = block.items[k]!;
      if (item.kind === "footnote") take(item.number);
    }
    if (block.status?.footnote) take(block.status.footnote.number);
  }

  let last = [...blocks].reverse().find((b) => b.type === "paragraph") ?? blocks[blocks.length - 1];
  for (const [number, body] of byNumber) {
    if (body.used) continue;
    if (!last) {
      // A draft of footnote texts alone: a paragraph holds them, so no word of theirs is lost.
      last = emptyBlock("paragraph", ctx, body.offset);
      blocks.push(last);
    }
    ctx.report(body.offset, `footnote ${number} is referred to nowhere in the text; it is put at the end of the last paragraph`);
    last.items.push({ kind: "footnote", number, layers: [] });
    take(number);
  }
  return resolution;
}

/** A block of `type` with no text yet at `offset`, with a new id: what `parseBlock` fills in. */
function emptyBlock(type: ParsedBlock["type"], ctx: ImportContext, offset: number): ParsedBlock {
  return {
    type,
    id: ctx.ids.next(type === "heading" ? "h" : "p"),
    offset,
    label: "",
    alternative: false,
    escaped: false,
    items: [],
    status: null,
    note: "",
    proposalState: "open",
    proposedBy: [],
    proposedTag: "",
    alternativeTo: "",
  };
}

function buildContent(
  blocks: ParsedBlock[],
  footnotes: FootnoteResolution,
  ctx: ImportContext,
  optionPaths: readonly string[],
): Node {
  // Each bracket's mark, struck and not, made once (marks are immutable); a bracket is one proposal id.
  const plainMarks = new Map<Bracket, Mark>();
  const struckMarks = new Map<Bracket, Mark>();
  const markFor = (bracket: Bracket, struck: boolean): Mark => {
    const cache = struck ? struckMarks : plainMarks;
    let mark = cache.get(bracket);
    if (!mark) {
      const op = struck ? "delete" : bracket.tagged ? "insert" : "bracket";
      mark = schema.marks.proposal!.create({ id: bracket.id, op, by: bracket.tagged ? bracket.by : [], note: bracket.note, state: bracket.state, choice: bracket.choice, choiceStyle: bracket.choiceStyle, positions: positionsValue(bracket.form ?? "tag", bracket.positions ?? [], ctx.registry), span: spanIdOf(bracket), tag: ctx.writtenTag(bracket) });
      cache.set(bracket, mark);
    }
    return mark;
  };

  // Items of one stretch share their layers array, one after another: the marks of the last are reused (each text
  // node copies them), which costs less than a map of every layers array of the draft.
  let lastLayers: readonly Layer[] | null = null;
  let lastMarks: readonly Mark[] = [];
  const marksFor = (layers: readonly Layer[]): readonly Mark[] => {
    if (layers !== lastLayers) {
      lastMarks = layers.map((l) => markFor(l.bracket, l.struck));
      lastLayers = layers;
    }
    return lastMarks;
  };

  const nodes = blocks.map((block, index) => {
    const optionPath = optionPaths[index] ?? "";
    const inline: Node[] = [];
    for (const item of block.items) {
      if (item.kind === "text") {
        inline.push(schema.text(item.text, item.layers.length ? marksFor(item.layers) : undefined));
        continue;
      }
      inline.push(schema.nodes.footnote!.create({ id: ctx.ids.next("f"), ...footnotes.get(item.number)! }));
    }
    const statusFootnote = block.status?.footnote ? (footnotes.get(block.status.footnote.number)?.text ?? "") : "";
    const status = block.status
      ? { status: block.status.status, statusDate: block.status.date, statusBody: block.status.body, statusFootnote }
      : EMPTY_STATUS;
    if (block.type === "heading") return schema.nodes.heading!.create({ id: block.id, ...status, optionPath }, inline);
    return schema.nodes.paragraph!.create(
      {
        id: block.id,
        label: block.label,
        kind: isNoteBlock(block, ctx.dateStyle) ? "note" : kindOf(block, openingText(block.items), ctx.dateStyle),
        ...status,
        proposedBy: block.proposedBy,
        proposedTag: block.proposedTag,
        proposalState: block.proposalState,
        alternativeTo: block.alternativeTo,
        note: block.note,
        optionPath,
      },
      inline,
    );
  });
  if (nodes.length === 0) nodes.push(schema.nodes.paragraph!.create({ id: ctx.ids.next("p") }));
  // What the reading of option blocks could not make sound (damaged text) is read as the rules allow, never refused, and said.
  const sound = withSoundOptionPaths(nodes);
  sound.forEach((node, index) => {
    if (node !== nodes[index] && blocks[index]) ctx.report(blocks[index]!.offset, "the option labels around this block do not make sound option blocks; it is read in fewer options than they say");
  });
  return schema.topNodeType.create(null, sound);
}

/** The text before a paragraph's first footnote reference, which its kind is read from (as the exporter reads it). */
function openingText(items: readonly InlineItem[]): string {
  let text = "";
  for (const item of items) {
    if (item.kind !== "text") break;
    text += item.text;
  }
  return text;
}

/**
 * A paragraph's kind by its label and opening. It is not guessed preambular by a verb in sentence case when written with a
 * leading `\`, nor when its opening alone reads as a heading (`Recalling :`): the export writes such a line escaped.
 */
function kindOf(block: ParsedBlock, opening: string, dateStyle: DateStyle): ParagraphKind {
  // The verb first: few paragraphs open with one, and how the opening reads alone costs more to ask.
  if (isPreambularByVerb(block.label, opening) && (block.escaped || classify(opening, dateStyle) === "heading")) return "plain";
  return paragraphKind(block.label, opening);
}

/** A paragraph that is only a remark in parentheses, with no label, bracket, status or note of its own: not negotiated. */
function isNoteBlock(block: ParsedBlock, dateStyle: DateStyle): boolean {
  if (block.escaped || block.label || block.alternative || block.status || block.note) return false;
  if (block.proposedBy.length || block.alternativeTo || block.proposalState !== "open") return false;
  if (!block.items.every((item) => item.kind === "text" && item.layers.length === 0)) return false;
  const text = block.items.map((item) => (item.kind === "text" ? item.text : "")).join("");
  // A note is written as it reads: one that would read as something else (`(a)`, a label, the end of an option group)
  // could not be written back.
  return isNoteText(text) && classify(text, dateStyle) === "text" && !isEndOfOptions(text);
}
