import type { Mark, Node } from "prosemirror-model";
import { blockSpanFacts, previousBlocks, spanProblems, spansIn, type SpanBlockJSON } from "./spans.js";

/** One stretch of text whose proposal mark `mark` is to be replaced by `replacement`. */
export interface PartChange {
  readonly from: number;
  readonly to: number;
  readonly mark: Mark;
  readonly replacement: Mark;
}

/** A text carrying a mark of the proposal looked at: where it is, and which child of which block. */
interface Stretch {
  readonly block: number;
  readonly child: number;
  readonly from: number;
  readonly to: number;
  readonly mark: Mark;
}

type BlockJSON = SpanBlockJSON & { content?: { marks?: { type: string; attrs?: Record<string, unknown> }[] }[] };

/**
 * The mark changes that keep brackets whole across the paragraphs an edit
 * split or joined, for the proposals `ids` names (all when it is not given):
 *
 * - A proposal left in several blocks — Enter pressed inside a bracket, a
 *   paragraph pasted into one, text typed into an empty paragraph between two
 *   parts of a span — becomes one bracket spanning them: it keeps its id in
 *   its first block, where it becomes the span's first part if it was no part
 *   yet, and takes an id of `newId` in each later block, as a part of the same
 *   span. Where that would not be a sound span (`spanProblems`: blocks not one
 *   after another, an option of a choice group, a paragraph proposed whole…),
 *   each later block's text becomes a bracket of its own instead, with a new
 *   id, in no span and no choice group, its terms kept: a bracket copied from
 *   another paragraph and pasted is a new bracket. (A part of a span split
 *   where its first half cannot go on — a heading that opens the span — keeps
 *   the span in the half next to the rest of it instead.)
 * - Parts of one span left in one block — paragraphs joined by Backspace or
 *   Delete — become one part there, the first's; a span left with one part is
 *   an ordinary bracket.
 * - Options of one choice group left in several blocks (Enter between
 *   `[shall]` and `[should]`): the first block keeps the group; in each later
 *   one, the options there are a group of their own (an id of `newId`); an
 *   option left alone in its block is no option.
 * - A span still unsound after that (a part joined into a paragraph proposed
 *   whole) is unlinked: its parts are brackets of their own, as every reader
 *   of the document would read them.
 *
 * One kind at a time — joins first, then splits, choice groups, unlinking —
 * so make the changes and ask again until the answer is empty (a split
 * option is first a bracket of its own, then its group is looked at). Positions are the document's, which mark changes
 * do not move. Never throws.
 */
export function bracketsAcrossBlocks(doc: Node, newId: () => string, ids?: ReadonlySet<string>): PartChange[] {
  const byId = new Map<string, Stretch[]>();
  const bySpan = new Map<string, Stretch[]>();
  const byChoice = new Map<string, Stretch[]>();
  const blocks: Node[] = [];
  doc.forEach((block, offset, index) => {
    blocks.push(block);
    if (!block.inlineContent) return;
    block.forEach((child, childOffset, k) => {
      for (const mark of child.marks) {
        if (mark.type.name !== "proposal") continue;
        const from = offset + 1 + childOffset;
        const stretch = { block: index, child: k, from, to: from + child.nodeSize, mark };
        const id = mark.attrs.id as string;
        const span = mark.attrs.span as string;
        if (!ids || ids.has(id)) push(byId, id, stretch);
        if (span) push(bySpan, span, stretch);
        if (mark.attrs.choice) push(byChoice, mark.attrs.choice as string, stretch);
      }
    });
  });
  const joins = joinedParts(byId, bySpan);
  if (joins.length) return joins;
  const splits = splitProposals(byId, blocks, newId);
  if (splits.length) return splits;
  const choices = splitChoices(byId, byChoice, newId);
  return choices.length ? choices : unlinkBroken(byId, bySpan, blocks);
}

/** Changes taking every part of a span the proposals looked at are parts of out of it, where it is unsound still (see `bracketsAcrossBlocks`). */
function unlinkBroken(byId: ReadonlyMap<string, readonly Stretch[]>, bySpan: ReadonlyMap<string, readonly Stretch[]>, blocks: readonly Node[]): PartChange[] {
  const spans = new Set<string>();
  for (const stretches of byId.values()) for (const { mark } of stretches) if (mark.attrs.span) spans.add(mark.attrs.span as string);
  const changes: PartChange[] = [];
  for (const span of spans) {
    if (soundSpan(blocks, span, [])) continue;
    for (const { from, to, mark } of bySpan.get(span) ?? []) changes.push({ from, to, mark, replacement: mark.type.create({ ...mark.attrs, span: "" }) });
  }
  return changes;
}

/** Changes making the options of a choice group found in several blocks a group per block, or no option alone (see `bracketsAcrossBlocks`). */
function splitChoices(byId: ReadonlyMap<string, readonly Stretch[]>, byChoice: ReadonlyMap<string, readonly Stretch[]>, newId: () => string): PartChange[] {
  const choices = new Set<string>();
  for (const stretches of byId.values()) for (const { mark } of stretches) if (mark.attrs.choice) choices.add(mark.attrs.choice as string);
  const changes: PartChange[] = [];
  for (const choice of choices) {
    const stretches = byChoice.get(choice)!;
    const first = stretches[0]!.block;
    const options = new Map<number, Set<string>>();
    for (const { block, mark } of stretches) (options.get(block) ?? options.set(block, new Set()).get(block)!).add(mark.attrs.id as string);
    if (options.size < 2) continue;
    for (const [block, ids] of options) {
      if (block === first && ids.size > 1) continue;
      const attrs = ids.size > 1 ? { choice: newId() } : { choice: "", choiceStyle: "adjacent" };
      for (const s of stretches) if (s.block === block) changes.push({ from: s.from, to: s.to, mark: s.mark, replacement: s.mark.type.create({ ...s.mark.attrs, ...attrs }) });
    }
  }
  return changes;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Changes making the parts of a span that share a block one part, and a span of one part no span (see `bracketsAcrossBlocks`). */
function joinedParts(byId: ReadonlyMap<string, readonly Stretch[]>, bySpan: ReadonlyMap<string, readonly Stretch[]>): PartChange[] {
  const spans = new Set<string>();
  for (const stretches of byId.values()) for (const { mark } of stretches) if (mark.attrs.span) spans.add(mark.attrs.span as string);
  const changes: PartChange[] = [];
  for (const span of spans) {
    const stretches = bySpan.get(span) ?? [];
    // The id each part's text will carry: the first part's id in its block.
    const firstInBlock = new Map<number, string>();
    for (const { block, mark } of stretches) if (!firstInBlock.has(block)) firstInBlock.set(block, mark.attrs.id as string);
    const joined = stretches.some(({ block, mark }) => firstInBlock.get(block) !== mark.attrs.id);
    if (!joined) continue;
    const whole = new Set(firstInBlock.values()).size < 2;
    // The mark each surviving id is written with: its own, out of the span when the span has one part left.
    const survivor = new Map<string, Mark>();
    for (const { mark } of stretches) {
      const id = mark.attrs.id as string;
      if ([...firstInBlock.values()].includes(id) && !survivor.has(id)) survivor.set(id, whole ? mark.type.create({ ...mark.attrs, span: "" }) : mark);
    }
    for (const { block, from, to, mark } of stretches) {
      const replacement = survivor.get(firstInBlock.get(block)!)!;
      if (!replacement.eq(mark)) changes.push({ from, to, mark, replacement });
    }
  }
  return changes;
}

/** Changes making each proposal that stands in several blocks a span, or a bracket of its own in each (see `bracketsAcrossBlocks`). */
function splitProposals(byId: ReadonlyMap<string, readonly Stretch[]>, blocks: readonly Node[], newId: () => string): PartChange[] {
  const changes: PartChange[] = [];
  for (const [id, stretches] of byId) {
    const first = stretches[0]!.block;
    if (stretches[stretches.length - 1]!.block === first) continue;
    const span = (stretches[0]!.mark.attrs.span as string) || id;
    const fresh = new Map<number, string>();
    const freshId = (block: number) => fresh.get(block) ?? fresh.set(block, newId()).get(block)!;
    const last = stretches[stretches.length - 1]!.block;
    const own = (s: Stretch) => s.mark.type.create({ ...s.mark.attrs, id: freshId(s.block), span: "", choice: "", choiceStyle: "adjacent" });
    // Every half a part of the span; else, for a part of a span, the half next to the rest of it (the last
    // half of a heading that opens the span) goes on in it, the others are brackets of their own; else the first.
    const asSpan = stretches.flatMap((s) => {
      if (s.block !== first) return [{ ...s, replacement: s.mark.type.create({ ...s.mark.attrs, id: freshId(s.block), span }) }];
      return s.mark.attrs.span ? [] : [{ ...s, replacement: s.mark.type.create({ ...s.mark.attrs, span }) }];
    });
    const lastGoesOn = stretches[0]!.mark.attrs.span ? stretches.flatMap((s) => (s.block === last ? [] : [{ ...s, replacement: own(s) }])) : null;
    const firstGoesOn = stretches.flatMap((s) => (s.block === first ? [] : [{ ...s, replacement: own(s) }]));
    const chosen = soundSpan(blocks, span, asSpan) ? asSpan : lastGoesOn && soundSpan(blocks, span, lastGoesOn) ? lastGoesOn : firstGoesOn;
    for (const { from, to, mark, replacement } of chosen) changes.push({ from, to, mark, replacement });
  }
  return changes;
}

/**
 * Whether the span `span` is sound once `changes` are made: every block holding a part of it, or changed, read
 * as it would then be. Paragraphs with nothing in them are passed over, as the span rules pass over them
 * (`passedOverBySpans`): one Enter left between two parts breaks nothing.
 */
function soundSpan(blocks: readonly Node[], span: string, changes: readonly (Stretch & { readonly replacement: Mark })[]): boolean {
  const changed = new Map<number, (Stretch & { readonly replacement: Mark })[]>();
  for (const change of changes) changed.set(change.block, [...(changed.get(change.block) ?? []), change]);
  const previous = previousBlocks(blocks);
  const facts = blocks.flatMap((block, index) => {
    const own = changed.get(index);
    if (!own && !spansIn(block).has(span)) return [];
    const json = block.toJSON() as BlockJSON;
    for (const { child, mark, replacement } of own ?? []) {
      const marks = json.content![child]!.marks!;
      const at = marks.findIndex((m) => m.type === "proposal" && m.attrs?.id === mark.attrs.id);
      if (at >= 0) marks[at] = replacement.toJSON() as (typeof marks)[number];
    }
    return blockSpanFacts(json, index, previous[index]).filter((part) => part.span === span);
  });
  return spanProblems(facts).length === 0;
}
