import type { NegotiationDocument } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { blockName, delegationNames, excerpt } from "./describe.js";
import { findProposal } from "./find.js";
import { done, refuse, type Resolution } from "./resolution.js";

/**
 * Adds a delegation as co-sponsor of an open proposal. Refused for an untagged
 * bracket (disputed base text has no sponsors), a delegation not in the
 * registry, one already sponsoring, or a proposal that is no longer open.
 */
export function supportProposal(document: NegotiationDocument, id: string, delegation: string): Resolution {
  const found = findProposal(document.content, id);
  if (!found) return refuse(`there is no proposal ${id} in this document`);
  const entry = document.registry.get(delegation);
  if (!entry) return refuse(`${delegation} is not a delegation of this document`);
  const where = `${id} (“${excerpt(found.text)}”) in ${blockName(found.block, found.blockIndex, document.content)}`;
  if (found.spans.some((s) => s.mark.attrs.op === "bracket")) return refuse(`${where} is an untagged bracket: it has no sponsors to join`);
  if (found.attrs.state !== "open") return refuse(`${where} is ${found.attrs.state}; only open proposals can be supported`);
  if (found.attrs.by.includes(delegation)) return refuse(`${entry.name} already sponsors ${where}`);

  const by = [...found.attrs.by, delegation];
  const tr = new Transform(document.content);
  for (const span of found.spans) {
    tr.removeMark(span.from, span.to, span.mark);
    tr.addMark(span.from, span.to, span.mark.type.create({ ...span.mark.attrs, by }));
  }
  return done(document, tr, `${entry.name} supports ${delegationNames(found.attrs.by, document.registry)}’s proposal ${where}.`);
}
