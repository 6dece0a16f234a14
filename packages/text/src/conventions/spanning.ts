import { brokenSpans, schema, spanPartFacts } from "@accord/schema";
import type { Node } from "prosemirror-model";
import type { Bracket } from "../read/bracket.js";
import type { ImportContext } from "../read/context.js";
import { readLabel } from "./conventions.js";
import { escapable, type InlineItem } from "../read/inline.js";

/** Where one block's text is in the source, and whether it ends every bracket left open before it (a heading, an option's start). */
export interface SpanRegion {
  readonly start: number;
  readonly end: number;
  readonly barrier: boolean;
  /** A paragraph with nothing in it (`\` alone: `writtenAsNothing`), which the parts of a span pass over. */
  readonly nothing?: boolean;
}

/**
 * True when a block's text is a paragraph with nothing in it as the export
 * writes one (`\` alone): the paragraph the span rules pass over
 * (`passedOverBySpans`), which a bracket spanning paragraphs goes on through.
 */
export function writtenAsNothing(text: string, start: number, end: number): boolean {
  return text.slice(start, end).trim() === "\\";
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;
/** What the inline reader reads as text: anything but spaces, brackets and strikes. */
const WRITTEN = /[^\s[\]~]/g;

/** The characters the bracket count reads: escapes, strikes, brackets. */
const SPECIALS = ["\\", "~", "[", "]"];

/**
 * The offsets of the characters the bracket count reads, in order: each found with indexOf, which skips the text
 * between them faster than a loop over its characters or a regex match object for each.
 */
function specialOffsets(text: string): number[] {
  const offsets: number[] = [];
  // Where the next of each character is (-1: none left).
  const next = SPECIALS.map((c) => text.indexOf(c));
  for (;;) {
    let first = -1;
    for (let k = 0; k < next.length; k++) if (next[k]! >= 0 && (first < 0 || next[k]! < next[first]!)) first = k;
    if (first < 0) return offsets;
    offsets.push(next[first]!);
    next[first] = text.indexOf(SPECIALS[first]!, next[first]! + 1);
  }
}

/** The offset of the first match of the global `pattern` in `text` from `from`, or the text's length. */
function firstAt(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? text.length;
}

/**
 * The `[` of brackets that open in one block and close in a later one
 * (`4. [Parties shall communicate` … `6. … registry.] (G77)`), by source
 * offset: a bracket left open at a block's end is matched by the first `]`
 * of a later block that closes nothing there, with only blocks between that
 * are no barrier — a heading or an option's start ends every bracket opened
 * before it (a heading may itself open one: `[Article 3bis`), and so does a
 * paragraph with no text for it (`2.` alone: a part of a bracket is text of
 * its paragraph), while a paragraph with nothing in it (`\` alone, `nothing`)
 * is passed over. What is not
 * matched is read as before: the bracket runs to the end of its paragraph,
 * the `]` is text, each reported. The brackets are counted as the inline
 * reader counts them (escapes, `~~` outside brackets). Never fails.
 */
export function planSpans(text: string, regions: readonly SpanRegion[]): Set<number> {
  const spanning = new Set<number>();
  const specials = specialOffsets(text);
  let next = 0;
  // Offsets of `[` left open at the end of the blocks read so far, outermost first.
  let across: number[] = [];
  // The region each of them opened in.
  let openedIn: number[] = [];
  // The last region read, paragraphs with nothing in them passed over.
  let previous = -1;
  regions.forEach((region, index) => {
    if (region.nothing && !region.barrier) return;
    const before = previous;
    previous = index;
    if (region.barrier) {
      across = [];
      openedIn = [];
    }
    const local: { offset: number; implicit: boolean }[] = [];
    let from = region.start;
    while (from < region.end && /\s/.test(text[from]!)) from++;
    const start = from + readLabel(text.slice(from, Math.min(region.end, from + 40))).length;
    // Whether the brackets carried into this paragraph have text in it: a label is no text of theirs.
    let withText = firstAt(LETTER_OR_DIGIT, text, start) < region.end;
    // Where the first thing the inline reader reads as text (`/` too) is: a `]` before it closes a carried bracket
    // before any text of it here.
    const written = firstAt(WRITTEN, text, start);
    // Only the characters that open, close, strike or escape are visited, not every character of a long draft.
    while (next < specials.length && specials[next]! < start) next++;
    for (; next < specials.length && specials[next]! < region.end; next++) {
      const i = specials[next]!;
      const c = text[i]!;
      // The character an escape or a second `~` takes is not read again.
      const skipNext = () => {
        if (specials[next + 1] === i + 1 && i + 1 < region.end) next++;
      };
      if (c === "\\") {
        if (!escapable(text[i + 1])) continue;
        withText = true;
        skipNext();
      } else if (c === "~") {
        if (text[i + 1] !== "~") continue;
        const top = local[local.length - 1];
        // Struck text outside every bracket is a bracket of its own, closed by the next `~~`; inside one, a strike.
        if (top?.implicit) local.pop();
        else if (!top && across.length === 0) local.push({ offset: i, implicit: true });
        skipNext();
      } else if (c === "[") local.push({ offset: i, implicit: false });
      else {
        const top = local[local.length - 1];
        if (top) {
          if (!top.implicit) local.pop();
        } else if (across.length && written > i && openedIn[openedIn.length - 1] === before) {
          // Closed before any text of it in the next paragraph (`[Parties shall` then `] (G77)`): it would have text in
          // one paragraph only, which is no span (settleSpans). It is read as never closed, this `]` as text.
          across = [];
          openedIn = [];
        } else if (across.length) {
          spanning.add(across.pop()!);
          openedIn.pop();
        }
      }
    }
    // Brackets that go on through a paragraph with no text of theirs cannot span it: they are read as never closed.
    if (!withText) {
      across = [];
      openedIn = [];
    }
    for (const open of local) {
      if (open.implicit) continue;
      across.push(open.offset);
      openedIn.push(index);
    }
  });
  return spanning;
}

/**
 * Settles every bracket spanning paragraphs once all blocks are read: a part
 * with no text (`6. ] (G77)`) is no part; the parts
 * left, if two or more in consecutive blocks (those `passedOver` says the
 * span rules pass over between them aside), take the attributes the last
 * one read after its `]` — its attribution, note, state and positions, or
 * the tags the first was opened with, which every part was given — and are
 * linked; otherwise each stays a bracket of its own paragraph, reported.
 * Returns how many are linked.
 */
export function settleSpans(blocks: readonly { readonly items: readonly InlineItem[]; readonly offset: number }[], ctx: ImportContext, passedOver: readonly boolean[] = []): number {
  const where = new Map<Bracket, number>();
  blocks.forEach((block, index) => {
    for (const item of block.items) {
      if (item.kind !== "text") continue;
      for (const layer of item.layers) if (layer.bracket.span && !where.has(layer.bracket)) where.set(layer.bracket, index);
    }
  });
  const links = new Set([...where.keys()].map((bracket) => bracket.span!));
  let linked = 0;
  for (const link of links) {
    const parts = link.parts.filter((part) => where.has(part));
    // Consecutive: nothing between two parts but paragraphs the span rules pass over.
    const meet = (from: number, to: number) => {
      for (let k = from + 1; k < to; k++) if (!passedOver[k]) return false;
      return to > from;
    };
    const consecutive = parts.every((part, k) => k === 0 || meet(where.get(parts[k - 1]!)!, where.get(part)!));
    if (parts.length < 2 || !consecutive) {
      for (const part of link.parts) delete part.span;
      const first = link.parts[0]!;
      ctx.report(first.offset, "this bracket closes in a later paragraph but has text in fewer than two of the paragraphs it runs through; each part is read as a bracket of its own paragraph");
      continue;
    }
    // What was read after the `]` belongs to the whole bracket, even where its last paragraph held no text of it.
    const last = link.parts[link.parts.length - 1]!;
    for (const part of link.parts.filter((p) => !where.has(p))) delete part.span;
    link.parts.splice(0, link.parts.length, ...parts);
    for (const part of parts) {
      Object.assign(part, { by: last.by, tagged: last.tagged, note: last.note, state: last.state, form: last.form, positions: last.positions });
    }
    linked++;
  }
  return linked;
}

/**
 * The content with every bracket spanning paragraphs that the model's rules
 * refuse unlinked, each reported at its first part (`offsets`: each block's
 * source offset): what the reading of the blocks could not make sound — a
 * bracket running out of an option group into the text after it — is read
 * as brackets of their paragraphs, never refused. With it, the spans kept
 * and the paragraphs they run through, as the recognition counts them.
 * Never fails.
 */
export function keepSoundSpans(content: Node, offsets: readonly number[], ctx: ImportContext): { content: Node; spans: { total: number; paragraphs: number } } {
  const facts = spanPartFacts(content);
  const broken = brokenSpans(facts);
  const kept = facts.filter((part) => !broken.has(part.span));
  const spans = { total: new Set(kept.map((part) => part.span)).size, paragraphs: kept.length };
  if (!broken.size) return { content, spans };
  for (const id of broken) {
    const first = facts.find((part) => part.span === id)!;
    ctx.report(offsets[first.block] ?? 0, "this bracket closes in a later paragraph, but the paragraphs it runs through cannot hold it as one (it leaves an option group, say); each part is read as a bracket of its own paragraph");
  }
  const blocks: Node[] = [];
  content.forEach((block) => {
    const children: Node[] = [];
    block.forEach((child) => {
      const marks = child.marks.map((mark) => (mark.type.name === "proposal" && broken.has(mark.attrs.span as string) ? mark.type.create({ ...mark.attrs, span: "" }) : mark));
      children.push(child.isText ? schema.text(child.text!, marks) : child);
    });
    blocks.push(block.type.create(block.attrs, children));
  });
  return { content: schema.topNodeType.create(null, blocks), spans };
}

/** The id a part's proposal carries as `span`: its first part's; "" for a bracket within one paragraph. */
export function spanIdOf(bracket: Bracket): string {
  return bracket.span?.parts[0]?.id ?? "";
}
