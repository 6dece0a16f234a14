import {
  inlineTree,
  NegotiationDocument,
  schema,
  stanceOf,
  type BracketSegment,
  type InlineSegment,
  type ParagraphAttrs,
} from "@accord/schema";
import type { Mark, Node } from "prosemirror-model";
import { tidyInline, type Piece } from "./tidy.js";

/**
 * The marked-up version for one delegation's instructions to its capital:
 * its own proposals (co-sponsored ones included) and those it stated a
 * position on (any stance: what its capital must see) as
 * they stand, in brackets with tags and positions; untagged brackets as
 * disputed text; everyone else's proposals resolved into the text they
 * leave — open insertions out, open deletions as text, decided ones
 * applied — unless one the delegation is concerned by sits inside, which
 * keeps that text as context. Statuses and footnotes stay.
 * Throws a RangeError for a code not in the registry (a caller's mistake).
 */
export function delegationVersion(document: NegotiationDocument, code: string): NegotiationDocument {
  if (!document.registry.get(code)) throw new RangeError(`${code} is not a delegation of this document`);
  const blocks: Node[] = [];
  document.content.forEach((block) => {
    const attrs = block.attrs as ParagraphAttrs;
    const tree = inlineTree(block);
    const mine = containsOwn(tree, code);
    if (block.type.name === "paragraph" && (attrs.proposedBy.length || attrs.alternativeTo)) {
      const own = attrs.proposedBy.includes(code);
      const gone = attrs.proposalState === "rejected" || attrs.proposalState === "withdrawn" || (attrs.proposalState === "open" && !own);
      if (gone && !mine) return;
    }
    const pieces: Piece[] = [];
    rebuild(tree, [], code, pieces);
    blocks.push(block.type.create(block.attrs, tidyInline(pieces)));
  });
  if (blocks.length === 0) blocks.push(schema.nodes.paragraph!.create({ id: "empty" }));
  return NegotiationDocument.create(schema.topNodeType.create(null, blocks), document.meta, document.registry);
}

/** Whether the delegation proposed or co-sponsors the proposal, or stated a position on it: its view keeps it as it stands. */
function concerns(proposal: BracketSegment["proposal"], code: string): boolean {
  return proposal.by.includes(code) || stanceOf(proposal.positions, code) !== undefined;
}

function containsOwn(segments: readonly InlineSegment[], code: string): boolean {
  return segments.some((s) => s.kind === "bracket" && (concerns(s.proposal, code) || containsOwn(s.children, code)));
}

function rebuild(segments: readonly InlineSegment[], enclosing: readonly Mark[], code: string, out: Piece[]): void {
  for (const segment of segments) {
    if (segment.kind === "text") {
      out.push({ text: segment.text, marks: [...enclosing, ...segment.marks] });
    } else if (segment.kind === "footnote") {
      out.push({ node: schema.nodes.footnote!.create(segment.attrs) });
    } else {
      rebuildBracket(segment, enclosing, code, out);
    }
  }
}

function rebuildBracket(bracket: BracketSegment, enclosing: readonly Mark[], code: string, out: Piece[]): void {
  const { proposal } = bracket;
  const shown = proposal.by.length === 0 || concerns(proposal, code);
  for (const child of bracket.children) {
    if (child.kind === "footnote") {
      out.push({ node: schema.nodes.footnote!.create(child.attrs) });
      continue;
    }
    const op = child.op ?? "insert";
    let marks = enclosing;
    if (shown) {
      marks = [...enclosing, schema.marks.proposal!.create({ ...proposal, op })];
    } else {
      // Another delegation's proposal: keep only the text it leaves, unless ours is inside.
      const leaves =
        proposal.state === "accepted" ? op !== "delete" : proposal.state === "open" ? op === "delete" : op === "delete";
      const keepsOurs = child.kind === "bracket" && containsOwn([child], code);
      if (!leaves && !keepsOurs) continue;
    }
    if (child.kind === "text") {
      out.push({ text: child.text, marks: [...marks, ...child.marks] });
    } else {
      rebuildBracket(child, marks, code, out);
    }
  }
}
