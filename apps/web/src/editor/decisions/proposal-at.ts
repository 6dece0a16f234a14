import { proposalMarks, proposalNesting, type ParagraphStatus, type ProposalAttrs, type ProposalState } from "@accord/schema";
import type { Node, ResolvedPos } from "prosemirror-model";
import type { EditorState } from "prosemirror-state";

/** A proposal found in the document: a bracket (`inline`), or a whole paragraph or alternative (`paragraph`, id = the block's). */
export interface ProposalTarget {
  readonly id: string;
  readonly kind: "inline" | "paragraph";
  readonly by: readonly string[];
  readonly state: ProposalState;
  readonly note: string;
  /** A bracket's delegations' positions as stored ("" or left out: none). */
  readonly positions?: string;
  readonly blockId: string;
  readonly blockStatus: ParagraphStatus;
  /** The document range of the proposal: first span's start to last span's end (the block's content for a paragraph). */
  readonly from: number;
  readonly to: number;
}

/** True when a block is itself a proposal: proposed by delegations, or an alternative. */
export function isParagraphProposal(block: Node): boolean {
  return block.type.name === "paragraph" && ((block.attrs.proposedBy as string[]).length > 0 || block.attrs.alternativeTo !== "");
}

function paragraphTarget(block: Node, pos: number): ProposalTarget {
  return {
    id: block.attrs.id as string,
    kind: "paragraph",
    by: block.attrs.proposedBy as string[],
    state: block.attrs.proposalState as ProposalState,
    note: "",
    blockId: block.attrs.id as string,
    blockStatus: block.attrs.status as ParagraphStatus,
    from: pos + 1,
    to: pos + block.nodeSize - 1,
  };
}

/** The bracket `id` in the block at `pos`, with its extent; null when the block has none. */
function inlineTarget(block: Node, pos: number, id: string): ProposalTarget | null {
  let found: ProposalAttrs | null = null;
  let from = -1;
  let to = -1;
  block.forEach((child, offset) => {
    const mark = child.isText ? proposalMarks(child.marks).find((m) => m.attrs.id === id) : undefined;
    if (!mark) return;
    found ??= mark.attrs as ProposalAttrs;
    if (from < 0) from = pos + 1 + offset;
    to = pos + 1 + offset + child.nodeSize;
  });
  if (!found) return null;
  const attrs: ProposalAttrs = found;
  return {
    id,
    kind: "inline",
    by: attrs.by,
    state: attrs.state,
    note: attrs.note,
    positions: attrs.positions,
    blockId: block.attrs.id as string,
    blockStatus: block.attrs.status as ParagraphStatus,
    from,
    to,
  };
}

/** The proposal with this id (a bracket, or a paragraph proposal by its block id); null when there is none. */
export function findProposal(doc: Node, id: string): ProposalTarget | null {
  let result: ProposalTarget | null = null;
  doc.forEach((block, pos) => {
    if (result) return;
    if (block.attrs.id === id && isParagraphProposal(block)) result = paragraphTarget(block, pos);
    else result = inlineTarget(block, pos, id);
  });
  return result;
}

/** The position of the block with this id, or null. */
export function findBlock(doc: Node, id: string): { node: Node; pos: number } | null {
  let result: { node: Node; pos: number } | null = null;
  doc.forEach((node, pos) => {
    if (!result && node.attrs.id === id) result = { node, pos };
  });
  return result;
}

function innermostAt($pos: ResolvedPos): string | null {
  const parent = $pos.parent;
  const children: Node[] = [];
  parent.forEach((child) => children.push(child));
  const { outerFirst } = proposalNesting(children);
  for (const node of [$pos.nodeAfter, $pos.nodeBefore]) {
    if (!node?.isText) continue;
    const marks = proposalMarks(node.marks).sort(outerFirst);
    if (marks.length) return marks[marks.length - 1]!.attrs.id as string;
  }
  return null;
}

/**
 * The proposal under the cursor: the innermost bracket around the selection's
 * start (the text after it first, then the text before), else the paragraph
 * itself when it is a whole-paragraph proposal or an alternative; null otherwise.
 */
export function proposalAtSelection(state: EditorState): ProposalTarget | null {
  const $from = state.selection.$from;
  if ($from.depth < 1) return null;
  const blockPos = $from.before(1);
  const block = state.doc.child($from.index(0));
  const id = $from.parent.isTextblock ? innermostAt($from) : null;
  if (id) return inlineTarget(block, blockPos, id);
  return isParagraphProposal(block) ? paragraphTarget(block, blockPos) : null;
}

/**
 * The first open proposal that starts after `pos` (brackets by their first
 * span, paragraph proposals by their block), wrapping round to the first of
 * the document; null when nothing is open.
 */
export function nextOpenProposal(doc: Node, pos: number): ProposalTarget | null {
  let first: ProposalTarget | null = null;
  let next: ProposalTarget | null = null;
  const seen = new Set<string>();
  doc.forEach((block, blockPos) => {
    if (next) return;
    const consider = (target: ProposalTarget | null) => {
      if (!target || next) return;
      first ??= target;
      if (target.from > pos) next = target;
    };
    if (isParagraphProposal(block) && block.attrs.proposalState === "open") consider(paragraphTarget(block, blockPos));
    block.forEach((child) => {
      if (!child.isText) return;
      for (const mark of proposalMarks(child.marks)) {
        const id = mark.attrs.id as string;
        if (mark.attrs.state !== "open" || seen.has(id)) continue;
        seen.add(id);
        consider(inlineTarget(block, blockPos, id));
      }
    });
  });
  return next ?? first;
}
