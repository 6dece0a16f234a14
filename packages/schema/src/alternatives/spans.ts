import type { Mark, Node } from "prosemirror-model";
import { collectProposals, type ProposalInfo } from "../model/proposals.js";
import { groupByKey } from "./group-by.js";

/**
 * A bracket that spans paragraphs, as UNFCCC texts write them (`4. [Parties
 * shall communicate` … `6. … a public registry.] (G77)`): one proposal per
 * paragraph it runs through (a mark lives inside one block), linked by the
 * `span` attribute every part carries, the id of its first part. It is one
 * proposal to negotiate: accepted, rejected, withdrawn and counted as one.
 */
export interface SpanningBracket {
  /** The id of its first part, which every part carries as `span`. */
  readonly id: string;
  /** Its parts in document order, one per block. */
  readonly parts: readonly ProposalInfo[];
}

/**
 * Parts grouped by their `span` id, groups in order of their first part,
 * parts in the order given; what has no `span` is passed over. How the model,
 * the rules, the import, the merge and the stats group parts.
 */
export function bySpan<T extends { readonly span: string }>(parts: Iterable<T>): Map<string, T[]> {
  return groupByKey(parts, (part) => part.span);
}

/**
 * Every bracket spanning paragraphs in the document, in order of its first
 * part. Assumes nothing of soundness: a broken span (`spanProblems`) is
 * returned with the parts it has.
 */
export function collectSpanningBrackets(doc: Node, proposals: readonly ProposalInfo[] = collectProposals(doc)): SpanningBracket[] {
  return [...bySpan(proposals)].map(([id, parts]) => ({ id, parts }));
}

/**
 * The ids of every part of the span `id` is a part of, in document order, or
 * `[id]` when it is part of none: the one place a decision on a part becomes
 * a decision on the whole bracket. Never fails; an unknown id gives `[id]`.
 */
export function spanPartIds(doc: Node, id: string): string[] {
  // Part ids by span, in document order: one pass, as a document holds few spans.
  const parts = new Map<string, string[]>();
  let span = "";
  doc.forEach((block) => {
    block.forEach((child) => {
      for (const mark of child.marks) {
        const of = mark.type.name === "proposal" ? (mark.attrs.span as string) : "";
        if (!of) continue;
        const ids = parts.get(of) ?? [];
        if (!parts.has(of)) parts.set(of, ids);
        if (!ids.includes(mark.attrs.id as string)) ids.push(mark.attrs.id as string);
        if (mark.attrs.id === id) span = of;
      }
    });
  });
  return span ? parts.get(span)! : [id];
}

/** What the span rules need to know of one part: its proposal, span, block, what it says of itself, and how it meets its block's edges. */
export interface SpanPartFacts {
  readonly id: string;
  readonly span: string;
  readonly block: number;
  /**
   * The index of the block the span rules read as right before its own: the nearest one before it that is not
   * passed over (`passedOverBySpans`), -1 for none. A later part's is its part before's block.
   */
  readonly previous: number;
  /** Delegations, note, state and positions as one string: the parts of a span agree on them. */
  readonly terms: string;
  readonly choice: string;
  /** Every text of its block before its last text carries it: it starts where the block starts. */
  readonly fromStart: boolean;
  /** Every text of its block after its first text carries it: it runs to the block's end. */
  readonly toEnd: boolean;
  /** Its paragraph is proposed whole (`proposedBy`), whose bracket would close the part where the paragraph ends. */
  readonly inProposedParagraph: boolean;
  /** Its block is a heading, which ends every bracket opened before it: only a span's first part may be one (`[Article 4bis`). */
  readonly inHeading: boolean;
  /** Its block's place in option blocks (`optionPath`, "" for none): a span stays in one option, as an option's start ends it. */
  readonly optionPath: string;
}

/**
 * The facts of every part of a span in the document, each part once, in
 * document order (footnotes, which carry no marks, do not count). Only the
 * blocks that hold a part are looked at closely.
 */
export function spanPartFacts(doc: Node): SpanPartFacts[] {
  const facts: SpanPartFacts[] = [];
  const blocks: Node[] = [];
  doc.forEach((block) => void blocks.push(block));
  const previous = previousBlocks(blocks);
  blocks.forEach((block, index) => {
    let holds = false;
    block.forEach((child) => {
      if (!holds) holds = child.marks.some((mark) => mark.type.name === "proposal" && Boolean(mark.attrs.span));
    });
    if (holds) facts.push(...blockSpanFacts(block.toJSON() as SpanBlockJSON, index, previous[index]));
  });
  return facts;
}

/**
 * For each block of a document, in order, the index of the nearest block
 * before it that the span rules do not pass over (`passedOverBySpans`), -1
 * for none: the `previous` each part's facts are read with
 * (`blockSpanFacts`). A null stands for something that is no block, which
 * nothing passes over. Never fails.
 */
export function previousBlocks(blocks: readonly (Node | SpanBlockJSON | null)[]): number[] {
  const previous: number[] = [];
  let last = -1;
  blocks.forEach((block, index) => {
    previous.push(last);
    if (!passedOverBySpans(block)) last = index;
  });
  return previous;
}

/**
 * True for a block the parts of a span pass over: a paragraph with nothing
 * in it — no text, no footnote, no label, status, note, proposer or
 * alternative — as the chair's Enter leaves between two parts before
 * anything is typed there (and as the text format writes it: `\` alone).
 * Such a paragraph neither breaks the span nor holds a part of it; typed
 * into, it takes one (`spanPartsAt`). The one rule of it, asked by the span
 * rules' callers (the model, the reading of a live document, the server's
 * check, the text import), the drawing of brackets and `spanPartsAt`, on a
 * block or its JSON. False for null.
 */
export function passedOverBySpans(block: Node | SpanBlockJSON | null | undefined): boolean {
  if (!block) return false;
  const json = typeof block.type === "string" || block.type === undefined;
  const type = json ? (block as SpanBlockJSON).type : (block as Node).type.name;
  const empty = json ? !(block as SpanBlockJSON).content?.length : (block as Node).childCount === 0;
  if (type !== "paragraph" || !empty) return false;
  const attrs = block.attrs ?? {};
  const none = (value: unknown) => value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
  return none(attrs.label) && (attrs.status === undefined || attrs.status === "open") && none(attrs.note) && none(attrs.proposedBy) && none(attrs.alternativeTo);
}

/** A block as ProseMirror JSON, as far as the span rules read it. */
export interface SpanBlockJSON {
  readonly type?: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly { readonly type: string; readonly marks?: readonly { readonly type: string; readonly attrs?: Readonly<Record<string, unknown>> }[] }[];
}

/**
 * The facts of the parts of spans in one block, the block at `index` of its
 * document, read from its JSON — as the model, the server's check of an
 * update and the reading of a live document see a block. `previous` is the
 * index of the nearest block before it that `passedOverBySpans` does not
 * pass over (-1 for none); without it, the block right before. Never fails.
 */
export function blockSpanFacts(block: SpanBlockJSON, index: number, previous = index - 1): SpanPartFacts[] {
  const facts: SpanPartFacts[] = [];
  const texts = (block.content ?? []).filter((child) => child.type === "text");
  const proposals = (text: (typeof texts)[number]) => (text.marks ?? []).filter((mark) => mark.type === "proposal");
  const seen = new Set<string>();
  texts.forEach((child, k) => {
    for (const mark of proposals(child)) {
      const attrs = mark.attrs ?? {};
      const id = String(attrs.id ?? "");
      if (!attrs.span || seen.has(id)) continue;
      seen.add(id);
      const carries = (text: (typeof texts)[number]) => proposals(text).some((m) => m.attrs?.id === id);
      let last = texts.length - 1;
      while (last > k && !carries(texts[last]!)) last--;
      facts.push({
        id,
        span: String(attrs.span),
        block: index,
        previous,
        terms: JSON.stringify([attrs.by ?? [], attrs.note ?? "", attrs.state ?? "open", attrs.positions ?? ""]),
        choice: String(attrs.choice ?? ""),
        fromStart: texts.slice(0, last + 1).every(carries),
        toEnd: texts.slice(k).every(carries),
        inProposedParagraph: Array.isArray(block.attrs?.proposedBy) && (block.attrs.proposedBy as unknown[]).length > 0,
        inHeading: block.type === "heading",
        optionPath: String(block.attrs?.optionPath ?? ""),
      });
    }
  });
  return facts;
}

/**
 * The rules of brackets spanning paragraphs, as problems in words (empty when
 * sound): a span has two parts or more, named by its first, in consecutive
 * blocks (paragraphs with nothing in them between them passed over:
 * `passedOverBySpans`), one per block; the first runs to its block's end, the last starts
 * at its block's start, those between cover their blocks; the parts agree on
 * delegations, note, state and positions; no part is an option of a choice
 * group or in a paragraph proposed whole, only the first may be in a
 * heading (`[Article 4bis`), and all are in one option of option blocks. A span broken by an edit — a part taken out of it, or its state
 * changed alone — is a problem.
 */
export function spanProblems(parts: Iterable<SpanPartFacts>): string[] {
  return [...spanProblemsById(parts).values()].flat();
}

/**
 * The spans whose rules are broken (`spanProblems`), by id: what reading a
 * live document unlinks, so that concurrent edits never leave it unreadable.
 */
export function brokenSpans(parts: Iterable<SpanPartFacts>): Set<string> {
  return new Set(spanProblemsById(parts).keys());
}

function spanProblemsById(parts: Iterable<SpanPartFacts>): Map<string, string[]> {
  const broken = new Map<string, string[]>();
  for (const [id, group] of bySpan(parts)) {
    const problems: string[] = [];
    const name = `the bracket spanning paragraphs ${id}`;
    if (group.length < 2) problems.push(`${name} has one part (proposal ${group[0]!.id}); it spans two paragraphs or more`);
    if (group[0]!.id !== id) problems.push(`${name} begins with proposal ${group[0]!.id}; a span is named by its first part`);
    for (let k = 1; k < group.length; k++) {
      if (group[k]!.previous !== group[k - 1]!.block) {
        problems.push(`${name} has parts in blocks ${group[k - 1]!.block + 1} and ${group[k]!.block + 1}; its parts are in consecutive blocks (paragraphs with nothing in them between aside), one in each`);
      }
    }
    group.forEach((part, k) => {
      if (k < group.length - 1 && !part.toEnd) problems.push(`${name}: its part ${part.id} in block ${part.block + 1} does not run to the end of its block`);
      if (k > 0 && !part.fromStart) problems.push(`${name}: its part ${part.id} in block ${part.block + 1} does not start at the start of its block`);
      if (part.choice) problems.push(`${name}: its part ${part.id} is an option of a choice group`);
      if (part.inProposedParagraph) problems.push(`${name}: its part ${part.id} is in a paragraph proposed whole`);
      if (k > 0 && part.inHeading) problems.push(`${name}: its part ${part.id} is in a heading, which ends the brackets opened before it`);
    });
    if (new Set(group.map((part) => part.terms)).size > 1) problems.push(`${name}: its parts disagree on delegations, note, state or positions`);
    if (new Set(group.map((part) => part.optionPath)).size > 1) problems.push(`${name}: its parts are in different options; a span stays in one`);
    if (problems.length) broken.set(id, problems);
  }
  return broken;
}

// Where the parts of a span meet. The parts are one proposal per paragraph, linked by their `span` id, so
// whether a part opens its bracket, closes it or goes on through its paragraph is known only from the
// paragraphs beside it: a rule of the model, which the drawing of brackets and the marks of text put between
// two parts (typed, pasted, dropped, composed) both ask here.

const NONE: ReadonlySet<string> = new Set();

/** The spans (`span` ids) a block's text holds a part of; empty for a block with none. Never fails. */
export function spansIn(block: Node | null | undefined): ReadonlySet<string> {
  if (!block?.inlineContent) return NONE;
  let spans: Set<string> | null = null;
  block.forEach((child) => {
    for (const mark of child.marks) {
      const span = mark.type.name === "proposal" ? (mark.attrs.span as string) : "";
      if (span) (spans ??= new Set()).add(span);
    }
  });
  return spans ?? NONE;
}

/** The first or last text of a block, footnotes passed over; null when it has none. */
function edgeText(block: Node, end: "first" | "last"): Node | null {
  for (let k = 0; k < block.childCount; k++) {
    const child = block.child(end === "first" ? k : block.childCount - 1 - k);
    if (child.isText) return child;
  }
  return null;
}

/** The spans of the parts a text carries. */
function partSpans(text: Node | null): string[] {
  return text ? text.marks.filter((mark) => mark.type.name === "proposal" && mark.attrs.span).map((mark) => mark.attrs.span as string) : [];
}

/**
 * The spans that go on from `before` into `after`, the block right after it:
 * those whose part in `before` runs to its end and whose part in `after`
 * starts at its start (their last and first texts carry them). A part none
 * goes on into opens its bracket, one none goes on from closes it — so a
 * span an edit broke there (text typed between its parts) is drawn as the
 * brackets it is read as. Never fails; empty when either block is null.
 */
export function spansGoingOn(before: Node | null | undefined, after: Node | null | undefined): ReadonlySet<string> {
  if (!before?.inlineContent || !after?.inlineContent) return NONE;
  const ending = partSpans(edgeText(before, "last"));
  if (!ending.length) return NONE;
  const starting = partSpans(edgeText(after, "first"));
  const both = new Set(ending.filter((span) => starting.includes(span)));
  return both.size ? both : NONE;
}

/**
 * The parts of brackets spanning paragraphs that text put at `pos` must
 * carry for every span to stay sound (the server's `spanProblems`: a later
 * part starts where its paragraph starts, an earlier one runs to its
 * paragraph's end): with no text before `pos` in its block, the part the
 * text after it carries when that part's span goes on into this block; with
 * no text after it, the part the text before it carries when its span goes
 * on into the next block; in a block with no text between two parts of a
 * span, the part before it (the same proposal in two blocks, which
 * `bracketsAcrossBlocks` makes a part of its own). Paragraphs with nothing
 * in them are passed over in looking for the blocks before and after. Empty anywhere else —
 * inside a part, text takes its mark from the text around it. Throws a RangeError when `pos` is outside `doc`.
 */
export function spanPartsAt(doc: Node, pos: number): Mark[] {
  const $pos = doc.resolve(pos);
  const block = $pos.parent;
  if ($pos.depth !== 1 || !block.inlineContent || $pos.textOffset > 0) return [];
  const at = $pos.parentOffset;
  let textBefore: Node | null = null;
  let textAfter: Node | null = null;
  for (let i = 0, offset = 0; i < block.childCount; offset += block.child(i++).nodeSize) {
    const child = block.child(i);
    if (!child.isText) continue;
    if (offset + child.nodeSize <= at) textBefore = child;
    else if (!textAfter) textAfter = child;
  }
  const index = $pos.index(0);
  const parts = (text: Node, going: ReadonlySet<string>) => text.marks.filter((mark) => mark.type.name === "proposal" && going.has(mark.attrs.span as string));
  // Empty paragraphs (Enter where two parts meet, not typed in yet) are passed over: the parts beside them meet.
  const before = spanNeighbour(doc, index, -1);
  const after = spanNeighbour(doc, index, 1);
  if (!textBefore && textAfter) return parts(textAfter, spansGoingOn(before, block));
  if (textBefore && !textAfter) return parts(textBefore, spansGoingOn(block, after));
  if (textBefore || textAfter) return [];
  // A paragraph with no text between two parts: the text goes on from the part before it.
  const last = before?.inlineContent ? edgeText(before, "last") : null;
  return last ? parts(last, spansGoingOn(before, after)) : [];
}

/**
 * The nearest block before (`step` -1) or after (1) the block at `index` that
 * the parts of a span do not pass over (`passedOverBySpans`): the one a part
 * there meets. Null when there is none.
 */
export function spanNeighbour(doc: Node, index: number, step: -1 | 1): Node | null {
  for (let i = index + step; i >= 0 && i < doc.childCount; i += step) if (!passedOverBySpans(doc.child(i))) return doc.child(i);
  return null;
}
