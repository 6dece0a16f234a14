import { optionPathOf, proposalMarks, proposalNesting, spanNeighbour, spansGoingOn, type DelegationRegistry, type ProposalAttrs, type ProposalOp } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { Decoration } from "prosemirror-view";
import { bracketTag, delegationName, delegationTag } from "./bracket-tag.js";
import { positionsLine, positionsOf, positionsTitle } from "./positions-text.js";
import { closingBracket, decidedMark, joinSpace, openingBracket, type BracketGlyph, type OpeningPlace } from "./bracket-widgets.js";
import { bracketDrawn, dimmedByFilter, textLook } from "./proposal-look.js";
import type { Filter } from "../types.js";

/** What drawing a block's brackets depends on beyond the block itself. */
export interface DecorationContext {
  readonly registry: DelegationRegistry;
  readonly filter: Filter;
}

/** The blocks beside a block (null at the document's ends): where an option begins, where a span's parts meet. */
export interface BlockNeighbours {
  readonly before: Node | null;
  readonly after: Node | null;
  /** The blocks a span's parts in the block meet: the nearest either side that is no empty paragraph (`spanNeighbour`). */
  readonly spanBefore: Node | null;
  readonly spanAfter: Node | null;
}

const NO_NEIGHBOURS: BlockNeighbours = Object.freeze({ before: null, after: null, spanBefore: null, spanAfter: null });

/** The neighbours of the block at `index` of `doc`. */
export function neighboursOf(doc: Node, index: number): BlockNeighbours {
  return { before: doc.maybeChild(index - 1), after: doc.maybeChild(index + 1), spanBefore: spanNeighbour(doc, index, -1), spanAfter: spanNeighbour(doc, index, 1) };
}

/**
 * How many of a block's options begin at it (`optionPath`, innermost last):
 * those it is in that the block before is not. 0 for a block that goes on
 * with every option it is in, or is in none. Never fails.
 */
export function optionsOpening(block: Node, before: Node | null): number {
  const path = optionPathOf(block);
  const previous = before ? optionPathOf(before) : [];
  let kept = 0;
  while (kept < path.length && kept < previous.length && path[kept]!.option === previous[kept]!.option) kept++;
  return path.length - kept;
}

/** The spec of the node decoration saying how many options begin at a block (see `optionsOpening`), which its view reads. */
export interface OptionOpeningSpec {
  readonly optionsOpening: number;
}

interface OpenBracket {
  readonly attrs: ProposalAttrs;
  /** What the enclosing bracket proposes over this one's place (null at top level). */
  readonly regionOp: ProposalOp | null;
  readonly glyph: BracketGlyph;
}

/** The glyph of a whole proposed paragraph or alternative: its proposal is the block itself. */
function wholeParagraphGlyph(block: Node, context: DecorationContext): BracketGlyph {
  const by = block.attrs.proposedBy as readonly string[];
  const proposal: ProposalAttrs = { id: block.attrs.id as string, op: "insert", by: [...by], note: "", state: block.attrs.proposalState as ProposalAttrs["state"], choice: "", choiceStyle: "adjacent", positions: "", span: "", tag: "" };
  return {
    proposal,
    tag: bracketTag(by, context.registry),
    names: by.map((code) => delegationName(code, context.registry)).join(", "),
    dimmed: dimmedByFilter(proposal, context.filter),
  };
}

// Widgets only open actions: ProseMirror must not move the selection for a click on them.
const stopEvent = (event: Event) => event.type === "mousedown" || event.type === "click";

/** True when a block has an open bracket: an open proposal in its text, or it is an open whole-paragraph proposal or alternative. */
export function hasOpenBracket(block: Node): boolean {
  const attrs = block.attrs as { proposedBy?: readonly string[]; alternativeTo?: string; proposalState?: string };
  if (((attrs.proposedBy?.length ?? 0) > 0 || attrs.alternativeTo) && attrs.proposalState === "open") return true;
  let open = false;
  block.forEach((child) => {
    if (!open && child.marks.some((mark) => mark.type.name === "proposal" && mark.attrs.state === "open")) open = true;
  });
  return open;
}

/**
 * The decorations of one block at document position `pos`: every run of
 * bracketed text styled by its innermost proposal (`textLook`), an opening
 * `[Tag:` widget and a closing `]` widget around each open bracket (nested
 * brackets nest: an outer opening comes before an inner one at the same
 * place, an inner closing before an outer one), a space drawn between the
 * struck and the inserted part of a replacement, a mark after each decided
 * one unless the filter shows decided proposals as plain text, and a node
 * decoration dimming the block when the filter leaves it out (an agreed
 * paragraph, a block with no open bracket, another delegation's
 * whole-paragraph proposal). A bracket spanning paragraphs is drawn as one:
 * its part that goes on into the next block has no `]` (nor the positions
 * and note after it, nor a decided mark), its part that goes on from the
 * block before no `[Tag:`, so the first part opens it, the last closes it
 * and those between are only its coloured text. A block of option blocks
 * gets a node decoration saying how many of its options begin there
 * (`data-option-opens`, spec `OptionOpeningSpec`): its view draws their
 * labels, and only those.
 * Depends on nothing outside the block but its `neighbours`, so it can be
 * recomputed per block (and its neighbours). Never fails on a valid block.
 */
export function blockDecorations(block: Node, pos: number, context: DecorationContext, neighbours: BlockNeighbours = NO_NEIGHBOURS): Decoration[] {
  const { filter, registry } = context;
  const decorations: Decoration[] = [];
  const proposedBy = (block.attrs.proposedBy as readonly string[] | undefined) ?? [];
  const dimBlock =
    (filter.notAgreedOnly && block.attrs.status !== "open") ||
    (filter.openOnly && !hasOpenBracket(block)) ||
    // A whole paragraph proposed by other delegations is their proposal.
    (proposedBy.length > 0 && dimmedByFilter({ by: proposedBy }, filter));
  if (dimBlock) decorations.push(Decoration.node(pos, pos + block.nodeSize, { class: "accord-dimmed-block" }));
  if (block.attrs.optionPath) {
    const opening = optionsOpening(block, neighbours.before);
    const spec: OptionOpeningSpec = { optionsOpening: opening };
    decorations.push(Decoration.node(pos, pos + block.nodeSize, { "data-option-opens": String(opening) }, spec));
  }
  if (proposedBy.length > 0) {
    // The tag of a proposed paragraph opens its text, as the draft writes it ("2 bis. [Col, Ecu: To encourage …]");
    // drawn above the text, it stood alone on a line over the label. Before the caret, so typing goes after it.
    const glyph = wholeParagraphGlyph(block, context);
    decorations.push(
      Decoration.widget(pos + 1, () => openingBracket(glyph, { whole: true }), {
        side: -1000,
        key: `w|${glyph.proposal.id}|${glyph.tag}|${glyph.dimmed}|${glyph.proposal.state}`,
        ignoreSelection: true,
        stopEvent,
      }),
    );
  }
  if (block.childCount === 0) return decorations;

  const children: Node[] = [];
  block.forEach((child) => children.push(child));
  const { extent, outerFirst } = proposalNesting(children);
  const stack: OpenBracket[] = [];
  const seen = new Map<string, number>();
  // The spans whose part here goes on from the block before (drawn without `[`) or into the next (without `]`).
  const goesOnFrom = spansGoingOn(neighbours.spanBefore, block);
  const goesOnInto = spansGoingOn(block, neighbours.spanAfter);

  const open = (attrs: ProposalAttrs, regionOp: ProposalOp | null, at: number, place: OpeningPlace) => {
    const positions = positionsOf(attrs.positions);
    const glyph: BracketGlyph = {
      proposal: attrs,
      tag: bracketTag(attrs.by, registry),
      names: attrs.by.map((code) => delegationName(code, registry)).join(", "),
      dimmed: dimmedByFilter(attrs, filter),
      ...(positions.length
        ? { positions: positionsLine(positions, (code) => delegationTag(code, registry)), positionsTitle: positionsTitle(positions, (code) => delegationName(code, registry)) }
        : {}),
    };
    const level = stack.length;
    stack.push({ attrs, regionOp, glyph });
    if (!bracketDrawn(attrs) || goesOnFrom.has(attrs.span)) return;
    const n = (seen.get(attrs.id) ?? 0) + 1;
    seen.set(attrs.id, n);
    decorations.push(
      Decoration.widget(at, () => openingBracket(glyph, place), {
        // Positive: the caret at the bracket's start stays outside it, as typed text would (the mark is not inclusive).
        side: 1 + level,
        key: `o|${attrs.id}|${n}|${glyph.tag}|${glyph.dimmed}|${attrs.state}|${place.spaceBefore ? 1 : 0}${place.textSpaced ? 1 : 0}`,
        ignoreSelection: true,
        stopEvent,
      }),
    );
  };
  const close = (at: number) => {
    const { attrs, glyph } = stack.pop()!;
    const level = stack.length;
    const n = seen.get(attrs.id) ?? 0;
    if (goesOnInto.has(attrs.span)) return;
    if (bracketDrawn(attrs)) {
      decorations.push(
        Decoration.widget(at, () => closingBracket(glyph), {
          side: -1 - level,
          key: `c|${attrs.id}|${n}|${attrs.note}|${glyph.dimmed}|${attrs.state}|${attrs.positions}`,
          ignoreSelection: true,
          stopEvent,
        }),
      );
    } else if (!filter.openOnly) {
      decorations.push(
        Decoration.widget(at, () => decidedMark(glyph), {
          side: -1 - level,
          key: `d|${attrs.id}|${at - pos}|${glyph.dimmed}|${attrs.state}`,
          ignoreSelection: true,
          stopEvent,
        }),
      );
    }
  };

  // The previous run of text: its innermost proposal and operation, and whether it ended in a space.
  let previous: { id: string; op: ProposalOp; spaced: boolean } | null = null;
  // Whether what comes before (text, or the block's start) is a place for a bracket without a space of its own.
  let afterSpace = true;
  let offset = pos + 1;
  children.forEach((child, index) => {
    const from = offset;
    offset += child.nodeSize;
    if (child.isText) {
      const chain = proposalMarks(child.marks).sort(outerFirst);
      const attrsChain = chain.map((mark) => mark.attrs as ProposalAttrs);
      // Keep the brackets this text is still inside, with the same operation over them.
      let keep = 0;
      while (
        keep < stack.length &&
        keep < attrsChain.length &&
        stack[keep]!.attrs.id === attrsChain[keep]!.id &&
        (keep === 0 ? null : attrsChain[keep - 1]!.op) === stack[keep]!.regionOp
      ) keep++;
      while (stack.length > keep) close(from);
      const text = child.text ?? "";
      // Brackets opening on text that starts with a space: the space is drawn before the first, not after the last tag.
      const spaced = /^\s/.test(text);
      for (let level = keep; level < attrsChain.length; level++) {
        // The stacked bracket carries the attributes of its first span (a replacement opens as its deletion).
        open(attrsChain[level]!, level === 0 ? null : attrsChain[level - 1]!.op, from, {
          spaceBefore: spaced && level === keep && !afterSpace,
          textSpaced: spaced && level === attrsChain.length - 1,
        });
      }
      afterSpace = /\s$/.test(text);
      const inner = attrsChain[attrsChain.length - 1];
      if (inner && previous && previous.id === inner.id && previous.op !== inner.op && (previous.op === "delete" || inner.op === "delete") && !previous.spaced && !/^\s/.test(text)) {
        // A replacement reads "[Uru: ~~timely~~ real-time]": a space between what goes and what comes, drawn, not typed.
        decorations.push(Decoration.widget(from, joinSpace, { side: -100, key: "join", ignoreSelection: true }));
      }
      previous = inner ? { id: inner.id, op: inner.op, spaced: /\s$/.test(text) } : null;
      if (inner) decorations.push(Decoration.inline(from, offset, textLook(attrsChain, filter)));
      return;
    }
    previous = null;
    afterSpace = false;
    // A footnote stays inside the brackets that go on after it.
    while (stack.length && extent.get(stack[stack.length - 1]!.attrs.id)!.last < index) close(from);
  });
  while (stack.length) close(offset);
  return decorations;
}
