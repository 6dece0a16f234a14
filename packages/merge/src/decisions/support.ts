import { isProposer, type NegotiationDocument, type ParagraphAttrs } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { blockName, delegationNames, excerpt } from "../describe.js";
import { findBlock, findProposal } from "../find.js";
import { remarkProposal } from "./remark.js";
import { done, refuse, type Resolution } from "./resolution.js";

/**
 * Adds a delegation as co-sponsor of an open bracketed proposal. Refused for
 * a proposed paragraph (only brackets are supported), an untagged bracket
 * (disputed base text has no sponsors), a delegation not in the registry, one
 * already sponsoring, or a proposal that is no longer open.
 */
export function supportProposal(document: NegotiationDocument, id: string, delegation: string): Resolution {
  const found = findProposal(document.content, id);
  if (!found) {
    const isParagraph = findBlock(document.content, id)?.node.type.name === "paragraph";
    return refuse(isParagraph ? `${id} is a paragraph, not a bracketed proposal: only bracketed proposals can be supported` : `there is no proposal ${id} in this document`);
  }
  const entry = document.registry.get(delegation);
  if (!entry) return refuse(`${delegation} is not a delegation of this document`);
  const where = `${id} (“${excerpt(found.text)}”) in ${blockName(found.block, found.blockIndex, document.content)}`;
  if (found.spans.some((s) => s.mark.attrs.op === "bracket")) return refuse(`${where} is an untagged bracket: it has no sponsors to join`);
  if (found.attrs.state !== "open") return refuse(`${where} is ${found.attrs.state}; only open proposals can be supported`);
  if (found.attrs.by.includes(delegation)) return refuse(`${entry.name} already sponsors ${where}`);

  const tr = remarkProposal(document, found, { by: [...found.attrs.by, delegation] });
  return done(document, tr, `${entry.name} supports ${delegationNames(found.attrs.by, document.registry)}’s proposal ${where}.`);
}

/**
 * Takes a supporting delegation off an open proposal: a bracketed one (its
 * `by` after the first) or a proposed paragraph (its `proposedBy` after the
 * first). The proposer itself withdraws the proposal instead (refused here),
 * as design.md §4 has it: a supporter may only add or take back its support.
 * Refused too for a delegation that does not support it, a proposal that is
 * no longer open, or an unknown id.
 */
export function withdrawSupport(document: NegotiationDocument, id: string, delegation: string): Resolution {
  const entry = document.registry.get(delegation);
  const name = entry?.name ?? delegation;
  const found = findProposal(document.content, id);
  if (found) {
    const where = `${id} (“${excerpt(found.text)}”) in ${blockName(found.block, found.blockIndex, document.content)}`;
    const refusal = supporterRefusal(found.attrs.by, found.attrs.state, delegation, name, `${delegationNames(found.attrs.by, document.registry)}’s proposal ${where}`);
    if (refusal) return refuse(refusal);
    const by = found.attrs.by.filter((code) => code !== delegation);
    return done(document, remarkProposal(document, found, { by }), `${name} withdraws its support from ${delegationNames(by, document.registry)}’s proposal ${where}.`);
  }
  const block = findBlock(document.content, id);
  if (!block || block.node.type.name !== "paragraph") return refuse(`there is no proposal ${id} in this document`);
  const attrs = block.node.attrs as ParagraphAttrs;
  const where = `proposed ${blockName(block.node, block.index, document.content)} (“${excerpt(block.node.textContent)}”)`;
  const refusal = supporterRefusal(attrs.proposedBy, attrs.proposalState, delegation, name, `${delegationNames(attrs.proposedBy, document.registry)}’s ${where}`);
  if (refusal) return refuse(refusal);
  const proposedBy = attrs.proposedBy.filter((code) => code !== delegation);
  const tr = new Transform(document.content).setNodeMarkup(block.pos, undefined, { ...attrs, proposedBy });
  return done(document, tr, `${name} withdraws its support from ${delegationNames(proposedBy, document.registry)}’s ${where}.`);
}

/** Why `delegation` cannot take back its support of a proposal by `by` in `state` (described as `what`), or null. */
function supporterRefusal(by: readonly string[], state: string, delegation: string, name: string, what: string): string | null {
  if (isProposer(by, delegation)) return `${what} is ${name}’s own: withdraw the proposal instead`;
  if (!by.includes(delegation)) return `${name} does not support ${what}`;
  if (state !== "open") return `${what} is ${state}; only open proposals can lose a supporter`;
  return null;
}
