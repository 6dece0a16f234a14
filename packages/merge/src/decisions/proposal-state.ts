import type { NegotiationDocument, ParagraphAttrs, ProposalState } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { chooseAlternative } from "./alternatives.js";
import { chooseOption } from "./choices.js";
import { blockName, delegationNames, excerpt } from "../describe.js";
import { enclosingProposals, findBlock, findProposal, nestedProposals, type FoundProposal } from "../find.js";
import { remarkProposal, spanParts } from "./remark.js";
import { done, refuse, type Resolution } from "./resolution.js";

const VERB: Record<ProposalState, string> = { open: "Reopened", accepted: "Accepted", rejected: "Rejected", withdrawn: "Withdrew" };

/**
 * Accepts a proposal: inline (its insertion becomes text, its deletion takes
 * the text away, in the clean version) or a whole paragraph. Brackets nested
 * in it stay open. Accepting one of a set of alternatives chooses it and
 * rejects the others, and so does accepting an option of a choice group
 * (`chooseOption`). A part of a bracket spanning paragraphs decides the
 * whole bracket, as every operation here does (`spanParts`). Refused when
 * the proposal is not open, or when it sits in text an enclosing proposal
 * has already taken away.
 */
export function acceptProposal(document: NegotiationDocument, id: string): Resolution {
  return setProposalState(document, id, "accepted");
}

/** Rejects a proposal; the proposals nested in its text go with it (the message says which). */
export function rejectProposal(document: NegotiationDocument, id: string): Resolution {
  return setProposalState(document, id, "rejected");
}

/** Records that the proposing delegation withdrew its proposal; nested ones go with it, as on rejection. */
export function withdrawProposal(document: NegotiationDocument, id: string): Resolution {
  return setProposalState(document, id, "withdrawn");
}

/** Puts an accepted, rejected or withdrawn proposal back on the table. */
export function reopenProposal(document: NegotiationDocument, id: string): Resolution {
  return setProposalState(document, id, "open");
}

function setProposalState(document: NegotiationDocument, id: string, state: ProposalState): Resolution {
  const found = findProposal(document.content, id);
  if (found) return setInlineState(document, found, state);
  const block = findBlock(document.content, id);
  if (block?.node.type.name === "paragraph") return setParagraphState(document, block, state);
  return refuse(`there is no proposal ${id} in this document`);
}

function describeProposal(document: NegotiationDocument, found: FoundProposal): string {
  const who = found.attrs.by.length ? `${delegationNames(found.attrs.by, document.registry)}’s proposal` : "the untagged bracket";
  const parts = spanParts(document, found);
  // A bracket spanning paragraphs is named by its first part, and said to span them.
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const where = parts.length > 1 ? `spanning ${blockName(first.block, first.blockIndex, document.content)} to ${blockName(last.block, last.blockIndex, document.content)}` : `in ${blockName(found.block, found.blockIndex, document.content)}`;
  return `${who} ${first.attrs.id} (“${excerpt(first.text)}”) ${where}`;
}

function setInlineState(document: NegotiationDocument, found: FoundProposal, state: ProposalState): Resolution {
  const what = describeProposal(document, found);
  const current = found.attrs.state;
  if (state === "open" && current === "open") return refuse(`${what} is already open`);
  if (state !== "open" && current !== "open") return refuse(`${what} is already ${current}; reopen it first`);
  // An option of a choice group is accepted by choosing it: the others go.
  if (state === "accepted" && found.attrs.choice) return chooseOption(document, found.attrs.id);
  if (state === "accepted" || state === "open") {
    for (const { proposal, op } of spanParts(document, found).flatMap(enclosingProposals)) {
      const gone = proposal.state === "accepted" ? op === "delete" : proposal.state !== "open" && op !== "delete";
      if (gone) {
        const by = proposal.by.length ? `${delegationNames(proposal.by, document.registry)}’s proposal` : "the bracket";
        return refuse(`${what} sits in text that ${by} ${proposal.id} took away when it was ${proposal.state}; reopen that one first`);
      }
    }
  }

  const tr = remarkProposal(document, found, { state });

  let message = `${VERB[state]} ${what}.`;
  const nested = { inText: spanParts(document, found).flatMap((part) => nestedProposals(part).inText) };
  const open = (ids: string[]) => ids.filter((nestedId) => findProposal(document.content, nestedId)?.attrs.state === "open");
  if ((state === "rejected" || state === "withdrawn") && nested.inText.length) {
    message += ` The ${count(nested.inText.length, "proposal")} nested in it (${nested.inText.join(", ")}) go${nested.inText.length === 1 ? "es" : ""} with it.`;
  }
  if (state === "accepted" && open(nested.inText).length) {
    const ids = open(nested.inText);
    message += ` The ${count(ids.length, "proposal")} nested in it (${ids.join(", ")}) stay${ids.length === 1 ? "s" : ""} open.`;
  }
  return done(document, tr, message);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function setParagraphState(
  document: NegotiationDocument,
  block: { node: import("prosemirror-model").Node; pos: number; index: number },
  state: ProposalState,
): Resolution {
  const attrs = block.node.attrs as ParagraphAttrs;
  const name = blockName(block.node, block.index, document.content);
  if (!attrs.proposedBy.length && !attrs.alternativeTo) {
    return refuse(`${name} is base text, not a proposal: to take it out, set its status to deleted`);
  }
  const current = attrs.proposalState;
  if (state === "open" && current === "open") return refuse(`${name} is already open`);
  if (state !== "open" && current !== "open") return refuse(`${name} is already ${current}; reopen it first`);
  if (state === "accepted" && attrs.alternativeTo) return chooseAlternative(document, attrs.id);

  const tr = new Transform(document.content).setNodeMarkup(block.pos, undefined, { ...attrs, proposalState: state });
  const who = attrs.proposedBy.length ? `${delegationNames(attrs.proposedBy, document.registry)}’s ` : "";
  return done(document, tr, `${VERB[state]} ${who}proposed ${name} (“${excerpt(block.node.textContent)}”).`);
}
