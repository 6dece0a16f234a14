import type { NegotiationDocument, ProposalAttrs } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import type { FoundProposal } from "./find.js";

/**
 * The transform that gives every span of a found proposal its mark with
 * `change` applied to the attributes (its state, its delegations), each
 * span's other attributes kept: a decision, a support or its withdrawal
 * changes what the proposal says of itself, never its text.
 */
export function remarkProposal(document: NegotiationDocument, found: FoundProposal, change: Partial<ProposalAttrs>): Transform {
  const tr = new Transform(document.content);
  for (const span of found.spans) {
    tr.removeMark(span.from, span.to, span.mark);
    tr.addMark(span.from, span.to, span.mark.type.create({ ...span.mark.attrs, ...change }));
  }
  return tr;
}
