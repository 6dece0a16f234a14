import { describeStance, positionsProblem, stanceOf, withStance, type NegotiationDocument, type Stance } from "@accord/schema";
import { blockName, delegationNames, excerpt } from "../describe.js";
import { findBlock, findProposal } from "../find.js";
import { remarkProposal } from "./remark.js";
import { done, refuse, type Resolution } from "./resolution.js";

/**
 * States a delegation's position on an open bracketed proposal — it wants
 * it deleted, retained, reserves its position, opposes or supports it
 * (without co-sponsoring) — or changes the one it stated, written in the
 * stance's own word (a draft's spelling goes); `null` takes it back. Refused for a proposed paragraph (positions
 * are stated on brackets), an unknown id, a delegation not in the registry,
 * one that sponsors the proposal (it takes back its support first), a
 * proposal that is no longer open, a paragraph that is not open, taking back
 * a position never stated, or stating the one already stated. Who may ask
 * for it is `mayAct`'s to say ('state-position').
 */
export function statePosition(document: NegotiationDocument, id: string, delegation: string, stance: Stance | null): Resolution {
  const found = findProposal(document.content, id);
  if (!found) {
    const isParagraph = findBlock(document.content, id)?.node.type.name === "paragraph";
    return refuse(isParagraph ? `${id} is a paragraph, not a bracketed proposal: positions are stated on brackets` : `there is no proposal ${id} in this document`);
  }
  const entry = document.registry.get(delegation);
  if (!entry) return refuse(`${delegation} is not a delegation of this document`);
  const where = `${id} (“${excerpt(found.text)}”) in ${blockName(found.block, found.blockIndex, document.content)}`;
  if (found.attrs.state !== "open") return refuse(`${where} is ${found.attrs.state}; positions are stated on open proposals only`);
  const status = found.block.attrs.status as string;
  if (status !== "open") return refuse(`${where} is in a paragraph that is no longer open; positions are stated in open paragraphs only`);
  const was = stanceOf(found.attrs.positions, delegation);
  if (stance === null && !was) return refuse(`${entry.name} has stated no position on ${where}`);
  if (stance !== null && was === stance) return refuse(`${entry.name} already ${describeStance(stance)} on ${where}`);
  const positions = withStance(found.attrs.positions, delegation, stance);
  const problem = positionsProblem(found.attrs.by, positions, document.registry);
  if (problem) return refuse(`${where}: ${problem}; a sponsor takes back its support before it states another position`);
  const whose = found.attrs.by.length ? `${delegationNames(found.attrs.by, document.registry)}’s proposal` : "the bracket";
  const message = stance === null ? `${entry.name} takes back its position on ${whose} ${where}.` : `${entry.name} ${describeStance(stance)}: ${whose} ${where}.`;
  return done(document, remarkProposal(document, found, { positions }), message);
}
