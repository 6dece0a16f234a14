import { inlineTree, proposalMarks, type BracketSegment, type InlineSegment, type ProposalAttrs, type ProposalOp } from "@accord/schema";
import type { Mark, Node } from "prosemirror-model";

/** One text span of a proposal with its exact mark. */
export interface SpanAt {
  readonly from: number;
  readonly to: number;
  readonly mark: Mark;
}

/** A proposal located in a document. */
export interface FoundProposal {
  readonly attrs: ProposalAttrs;
  readonly spans: readonly SpanAt[];
  readonly block: Node;
  readonly blockIndex: number;
  /** Position of the block. */
  readonly blockPos: number;
  readonly text: string;
}

/** The inline proposal with this id, or null. */
export function findProposal(doc: Node, id: string): FoundProposal | null {
  let found: { spans: SpanAt[]; block: Node; blockIndex: number; blockPos: number; attrs: ProposalAttrs; text: string } | null = null;
  doc.forEach((block, blockPos, blockIndex) => {
    if (found) return;
    block.forEach((child, offset) => {
      const mark = proposalMarks(child.marks).find((m) => m.attrs.id === id);
      if (!mark) return;
      const from = blockPos + 1 + offset;
      found ??= { spans: [], block, blockIndex, blockPos, attrs: mark.attrs as ProposalAttrs, text: "" };
      // A replacement reads "old / new" in messages.
      const previous = found.spans[found.spans.length - 1];
      const separator = previous && previous.mark.attrs.op !== mark.attrs.op ? " / " : "";
      found.spans.push({ from, to: from + child.nodeSize, mark });
      found.text += separator + (child.text ?? "");
    });
  });
  return found;
}

/** A block (heading or paragraph) located by id, or null. */
export function findBlock(doc: Node, id: string): { node: Node; pos: number; index: number } | null {
  let found: { node: Node; pos: number; index: number } | null = null;
  doc.forEach((node, pos, index) => {
    if (!found && node.attrs.id === id) found = { node, pos, index };
  });
  return found;
}

/**
 * The proposals nested in a proposal's brackets, split by what the outer one
 * proposes over them: inside struck text (kept if the outer is rejected) or
 * inside inserted or bracketed text (gone if it is rejected).
 */
export function nestedProposals(outer: FoundProposal): { inStruck: string[]; inText: string[] } {
  const inStruck = new Set<string>();
  const inText = new Set<string>();
  const collect = (segments: readonly InlineSegment[], into: Set<string>) => {
    for (const segment of segments) {
      if (segment.kind !== "bracket") continue;
      into.add(segment.proposal.id);
      collect(segment.children, into);
    }
  };
  const visit = (segments: readonly InlineSegment[]) => {
    for (const segment of segments) {
      if (segment.kind !== "bracket") continue;
      if (segment.proposal.id !== outer.attrs.id) {
        visit(segment.children);
        continue;
      }
      for (const child of segment.children) {
        if (child.kind !== "bracket") continue;
        const into = child.op === "delete" ? inStruck : inText;
        into.add(child.proposal.id);
        collect(child.children, into);
      }
    }
  };
  visit(inlineTree(outer.block));
  return { inStruck: [...inStruck], inText: [...inText] };
}

/** The proposals enclosing a proposal, innermost first, with what each proposes over it. */
export function enclosingProposals(found: FoundProposal): { proposal: ProposalAttrs; op: ProposalOp }[] {
  const path: { proposal: ProposalAttrs; op: ProposalOp }[] = [];
  const search = (segments: readonly InlineSegment[], trail: { proposal: ProposalAttrs; op: ProposalOp }[]): boolean => {
    for (const segment of segments) {
      if (segment.kind !== "bracket") continue;
      if (segment.proposal.id === found.attrs.id) {
        path.push(...[...trail].reverse());
        return true;
      }
      const deeper = segment.children.some((c) => c.kind === "bracket")
        ? segment.children.filter((c): c is BracketSegment => c.kind === "bracket")
        : [];
      for (const child of deeper) {
        if (search([child], [...trail, { proposal: segment.proposal, op: child.op ?? "insert" }])) return true;
      }
    }
    return false;
  };
  search(inlineTree(found.block), []);
  return path;
}
