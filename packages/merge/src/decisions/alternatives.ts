import type { NegotiationDocument, ParagraphAttrs } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { Transform } from "prosemirror-transform";
import { blockName } from "../describe.js";
import { findBlock } from "../find.js";
import { done, refuse, type Resolution } from "./resolution.js";

/** A paragraph and the alternatives proposed to it, in document order. */
export function alternativeSet(doc: Node, paragraphId: string): { node: Node; pos: number; index: number }[] {
  const start = findBlock(doc, paragraphId);
  if (!start || start.node.type.name !== "paragraph") return [];
  const baseId = (start.node.attrs as ParagraphAttrs).alternativeTo || paragraphId;
  const members: { node: Node; pos: number; index: number }[] = [];
  doc.forEach((node, pos, index) => {
    if (node.type.name !== "paragraph") return;
    if (node.attrs.id === baseId || node.attrs.alternativeTo === baseId) members.push({ node, pos, index });
  });
  return members.length > 1 ? members : [];
}

/**
 * Chooses one paragraph from a paragraph and its alternatives: the chosen one
 * is accepted, every other one rejected (the original too, when an
 * alternative is chosen). Refused when the paragraph has no alternatives.
 */
export function chooseAlternative(document: NegotiationDocument, paragraphId: string): Resolution {
  const members = alternativeSet(document.content, paragraphId);
  if (!members.length) {
    const block = findBlock(document.content, paragraphId);
    return refuse(block ? `${blockName(block.node, block.index, document.content)} has no alternatives to choose from` : `there is no paragraph ${paragraphId}`);
  }
  const tr = new Transform(document.content);
  let chosenName = "";
  const others: string[] = [];
  for (const member of members) {
    const attrs = member.node.attrs as ParagraphAttrs;
    const chosen = attrs.id === paragraphId;
    const name = blockName(member.node, member.index, document.content);
    if (chosen) chosenName = name;
    else others.push(name);
    tr.setNodeMarkup(member.pos, undefined, { ...attrs, proposalState: chosen ? "accepted" : "rejected" });
  }
  return done(document, tr, `Chose ${chosenName}; rejected ${others.join(", ")}.`);
}
