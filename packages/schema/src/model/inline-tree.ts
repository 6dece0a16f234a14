import type { Mark, Node } from "prosemirror-model";
import type { FootnoteAttrs } from "./footnote.js";
import type { ProposalAttrs, ProposalOp } from "./proposal.js";
import { proposalMarks } from "./proposals.js";

/** A piece of a block's inline content, with brackets as nesting. */
export type InlineSegment = TextSegment | FootnoteSegment | BracketSegment;

/** Text, with what the innermost bracket around it proposes for it. */
export interface TextSegment {
  readonly kind: "text";
  readonly text: string;
  /** `insert`, `delete` or `bracket` inside a bracket; null outside any. */
  readonly op: ProposalOp | null;
  /** Emphasis marks (the proposal marks are the tree's brackets). */
  readonly marks: readonly Mark[];
}

/** A footnote atom. */
export interface FootnoteSegment {
  readonly kind: "footnote";
  readonly attrs: FootnoteAttrs;
}

/** A bracket: one proposal, with what it holds. */
export interface BracketSegment {
  readonly kind: "bracket";
  /** The proposal's attributes (its `op` is the one of its first span). */
  readonly proposal: ProposalAttrs;
  /** What the enclosing bracket proposes over this one's place; null at top level. */
  readonly op: ProposalOp | null;
  readonly children: readonly InlineSegment[];
}

interface OpenBracket {
  readonly proposal: ProposalAttrs;
  readonly op: ProposalOp | null;
  readonly children: InlineSegment[];
  /** The enclosing bracket's op over this region; a change of it closes this bracket. */
  readonly regionOp: ProposalOp | null;
}

/**
 * A block's inline content as a tree of brackets, outermost first — the shape
 * in which negotiators read it and renderers write it. Nesting comes from each
 * proposal's extent: a proposal covering more of the block encloses one
 * covering less. Footnotes stay inside the brackets that go on after them.
 * Overlapping proposals that do not nest (possible after concurrent edits) are
 * split into several brackets of the same proposal.
 */
export function inlineTree(block: Node): InlineSegment[] {
  const children: Node[] = [];
  block.forEach((child) => children.push(child));
  const { extent, outerFirst } = proposalNesting(children);

  const root: InlineSegment[] = [];
  const stack: OpenBracket[] = [];
  const container = () => stack[stack.length - 1]?.children ?? root;
  const close = () => {
    const open = stack.pop()!;
    container().push({ kind: "bracket", proposal: open.proposal, op: open.regionOp, children: open.children });
  };

  children.forEach((child, index) => {
    if (child.isText) {
      const chain = proposalMarks(child.marks).sort(outerFirst);
      // Keep the open brackets this text is still inside, with the same ops over them.
      let keep = 0;
      while (
        keep < stack.length &&
        keep < chain.length &&
        stack[keep]!.proposal.id === chain[keep]!.attrs.id &&
        (keep === 0 ? null : chain[keep - 1]!.attrs.op) === stack[keep]!.regionOp
      ) keep++;
      while (stack.length > keep) close();
      for (let level = keep; level < chain.length; level++) {
        const mark = chain[level]!;
        stack.push({
          proposal: mark.attrs as ProposalAttrs,
          op: mark.attrs.op as ProposalOp,
          children: [],
          regionOp: level === 0 ? null : (chain[level - 1]!.attrs.op as ProposalOp),
        });
      }
      const top = chain[chain.length - 1];
      container().push({
        kind: "text",
        text: child.text ?? "",
        op: top ? (top.attrs.op as ProposalOp) : null,
        marks: child.marks.filter((m) => m.type.name !== "proposal"),
      });
      return;
    }
    // A footnote (or another inline atom) stays inside the brackets that continue after it.
    while (stack.length && extent.get(stack[stack.length - 1]!.proposal.id)!.last < index) close();
    if (child.type.name === "footnote") container().push({ kind: "footnote", attrs: child.attrs as FootnoteAttrs });
  });
  while (stack.length) close();
  return root;
}

/**
 * Where each proposal runs among a block's children (first and last index)
 * and the order that puts an enclosing proposal's mark before an enclosed
 * one's: earlier start first, then longer extent, then id. Shared by the
 * tree above and the text exporter.
 */
export function proposalNesting(children: readonly Node[]): {
  extent: ReadonlyMap<string, { readonly first: number; readonly last: number }>;
  outerFirst: (a: Mark, b: Mark) => number;
} {
  const extent = new Map<string, { first: number; last: number }>();
  children.forEach((child, index) => {
    for (const mark of proposalMarks(child.marks)) {
      const id = mark.attrs.id as string;
      const e = extent.get(id);
      if (e) e.last = index;
      else extent.set(id, { first: index, last: index });
    }
  });
  const outerFirst = (a: Mark, b: Mark) => {
    const ea = extent.get(a.attrs.id as string)!;
    const eb = extent.get(b.attrs.id as string)!;
    return ea.first - eb.first || eb.last - ea.last || String(a.attrs.id).localeCompare(String(b.attrs.id));
  };
  return { extent, outerFirst };
}
