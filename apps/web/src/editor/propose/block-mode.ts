import { blockName, describeStatus, type ParagraphAttrs, type ParagraphStatus } from "@accord/schema";
import type { Node } from "prosemirror-model";

/**
 * How a delegate's edits land in a block: as bracketed proposals of its
 * delegation (`proposals`), or as plain edits inside a whole paragraph the
 * delegation itself proposed and that is still open (`own-paragraph`: the
 * paragraph is already its proposal, so the trust rule lets it shape it freely).
 */
export type BlockMode = "proposals" | "own-paragraph";

/** The block's name as a delegate reads it ("paragraph 5", "a heading"), in the trust rule's words. */
export function nameOfBlock(block: Node): string {
  return blockName({ type: block.type.name, attrs: block.attrs, content: [{ type: "text", text: block.textContent }] });
}

/**
 * How a delegate of `code` may edit `block`, or why it may not at all: a
 * heading ("delegates cannot change headings"), a paragraph whose status is
 * not open ("paragraph 5 is agreed ad referendum and locked"), or the
 * delegation's own whole-paragraph proposal once rejected or withdrawn.
 * Uses the same words as `delegateEditProblem`. Never throws.
 */
export function blockEditMode(block: Node, code: string): { mode: BlockMode } | { problem: string } {
  if (block.type.name !== "paragraph") return { problem: "delegates cannot change headings" };
  const attrs = block.attrs as ParagraphAttrs;
  const status: ParagraphStatus = attrs.status;
  if (status !== "open") return { problem: `${nameOfBlock(block)} is ${describeStatus(status)} and locked` };
  if (attrs.proposedBy[0] === code) {
    if (attrs.proposalState === "open") return { mode: "own-paragraph" };
    // Accepted: the paragraph is now part of the text, and changes to it are proposals like any other.
    if (attrs.proposalState !== "accepted") {
      return { problem: `${nameOfBlock(block)} was ${attrs.proposalState}; it can no longer be changed` };
    }
  }
  return { mode: "proposals" };
}

/**
 * Why a delegate of `code` cannot edit `block` at all, or null when it can
 * (as proposals, or directly in its own open paragraph). For the page, to
 * make such blocks read-only before anyone types.
 */
export function blockEditProblem(block: Node, code: string): string | null {
  const result = blockEditMode(block, code);
  return "problem" in result ? result.problem : null;
}
