import { spanPartIds, type NegotiationDocument, type ProposalAttrs } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { findProposal, type FoundProposal } from "../find.js";

/**
 * The transform that gives every span of a found proposal its mark with
 * `change` applied to the attributes (its state, its delegations), each
 * span's other attributes kept: a decision, a support or its withdrawal
 * changes what the proposal says of itself, never its text. A part of a
 * bracket spanning paragraphs is one proposal with its other parts: they
 * are all changed alike (`spanParts`).
 */
export function remarkProposal(document: NegotiationDocument, found: FoundProposal, change: Partial<ProposalAttrs>): Transform {
  const tr = new Transform(document.content);
  for (const part of spanParts(document, found)) {
    for (const span of part.spans) {
      tr.removeMark(span.from, span.to, span.mark);
      tr.addMark(span.from, span.to, span.mark.type.create({ ...span.mark.attrs, ...change }));
    }
  }
  return tr;
}

/**
 * Every part of the bracket spanning paragraphs `found` is a part of, in
 * document order, or `[found]` alone: the one place a decision, a support or
 * a position on a part becomes one on the whole bracket.
 */
export function spanParts(document: NegotiationDocument, found: FoundProposal): FoundProposal[] {
  if (!found.attrs.span) return [found];
  return spanPartIds(document.content, found.attrs.id).map((id) => (id === found.attrs.id ? found : findProposal(document.content, id)!));
}
