import {
  acceptProposal,
  chooseOption,
  findBlock,
  findProposal,
  listProposals,
  rejectProposal,
  reopenProposal,
  supportProposal,
  withdrawProposal,
  withdrawSupport,
  type Resolution,
} from "@accord/merge";
import { collectOptionGroups, isSupporter, type NegotiationDocument, type ParagraphAttrs, type ParagraphStatus, type ProposalFacts } from "@accord/schema";
import type { Router } from "express";
import { z } from "zod";
import { access, forbiddenOn, liveDocument, requirePermission } from "../access.js";
import type { ApiDeps } from "../deps.js";
import { HttpError } from "../errors.js";
import { deny, operate, type Step } from "../operate.js";
import { parseBody, parseQuery } from "../validate.js";

/**
 * What the permission rules need to know about a proposal: a bracket's
 * sponsors and state and the status of the paragraph it is in, or a
 * paragraph's (for a paragraph that is not a proposal, no sponsors: the
 * operation says why it does not apply), or an option of an option block's.
 * Null when the document has no such proposal, option or paragraph.
 */
export function locateProposal(document: NegotiationDocument, id: string): ProposalFacts | null {
  const found = findProposal(document.content, id);
  if (found) return { id, kind: "inline", by: found.attrs.by, state: found.attrs.state, blockStatus: (found.block.attrs as ParagraphAttrs).status, choice: found.attrs.choice };
  // An option of an option block (`Option 1:`): base text, chosen by the chair, in the status of its first block.
  const group = collectOptionGroups(document.content).find((g) => g.options.some((o) => o.id === id));
  const option = group?.options.find((o) => o.id === id);
  if (group && option) return { id, kind: "option", by: [], state: option.state, blockStatus: document.content.child(option.firstBlock).attrs.status as ParagraphStatus, choice: group.id };
  const block = findBlock(document.content, id);
  if (!block || block.node.type.name !== "paragraph") return null;
  const attrs = block.node.attrs as ParagraphAttrs;
  return { id, kind: "paragraph", by: attrs.proposedBy, state: attrs.proposalState, blockStatus: attrs.status };
}

const noProposal = (id: string) => deny(404, `there is no proposal ${id} in this document`);

const noBody = z.strictObject({});
const supportBody = z.strictObject({ delegation: z.string().min(1).max(16).optional() });

const DECISIONS: Record<"accept" | "reject" | "reopen", (document: NegotiationDocument, id: string) => Resolution> = {
  accept: acceptProposal,
  reject: rejectProposal,
  reopen: reopenProposal,
};

/**
 * The proposals of a document and what members do with them: accept,
 * reject, reopen (chair, secretariat), withdraw (also a delegate whose
 * delegation proposed it; a delegate whose delegation only supports it takes
 * that support back), support (a delegate for its own delegation), choose
 * an option of a choice group or of an option block (chair, secretariat: it
 * is accepted, the others rejected).
 */
export function proposalRoutes(api: Router, deps: ApiDeps): void {
  api.get("/documents/:id/proposals", async (req, res) => {
    const { state } = parseQuery(req, z.strictObject({ state: z.enum(["open", "accepted", "rejected", "withdrawn"]).optional() }));
    const { id } = await access(deps, req, res);
    const proposals = listProposals(await liveDocument(deps, id));
    res.json({ proposals: state ? proposals.filter((p) => p.state === state) : proposals });
  });

  for (const action of ["accept", "reject", "reopen"] as const) {
    api.post(`/documents/:id/proposals/:pid/${action}`, async (req, res) => {
      parseBody(req, noBody);
      const { id, actor } = await access(deps, req, res);
      requirePermission(actor, action);
      const pid = req.params.pid;
      const step = (document: NegotiationDocument): Step => {
        const proposal = locateProposal(document, pid);
        if (!proposal) return noProposal(pid);
        return forbiddenOn(actor, action, { proposal }) ?? DECISIONS[action](document, pid);
      };
      res.json(await operate(deps, id, actor, action, step, { proposal: pid }));
    });
  }

  api.post("/documents/:id/proposals/:pid/choose", async (req, res) => {
    parseBody(req, noBody);
    const { id, actor } = await access(deps, req, res);
    requirePermission(actor, "choose");
    const pid = req.params.pid;
    const step = (document: NegotiationDocument): Step => {
      const proposal = locateProposal(document, pid);
      if (!proposal) return noProposal(pid);
      return forbiddenOn(actor, "choose", { proposal }) ?? chooseOption(document, pid);
    };
    res.json(await operate(deps, id, actor, "choose", step, { proposal: pid }));
  });

  api.post("/documents/:id/proposals/:pid/withdraw", async (req, res) => {
    parseBody(req, noBody);
    const { id, actor } = await access(deps, req, res);
    requirePermission(actor, "withdraw");
    const pid = req.params.pid;
    const { role, delegation: own } = actor.membership;
    const step = (document: NegotiationDocument): Step => {
      const proposal = locateProposal(document, pid);
      if (!proposal) return noProposal(pid);
      // A delegate whose delegation only supports it takes that support back; the proposal stays its proposer's (design.md §4).
      if (role === "delegate" && isSupporter(proposal.by, own)) {
        return forbiddenOn(actor, "withdraw-support", { proposal }) ?? withdrawSupport(document, pid, own);
      }
      return forbiddenOn(actor, "withdraw", { proposal }) ?? withdrawProposal(document, pid);
    };
    res.json(await operate(deps, id, actor, "withdraw", step, { proposal: pid }));
  });

  api.post("/documents/:id/proposals/:pid/support", async (req, res) => {
    const body = parseBody(req, supportBody);
    const { id, actor } = await access(deps, req, res);
    const { role, delegation: own } = actor.membership;
    // A delegate supports for its own delegation; the chair and the secretariat name the delegation they act for.
    const action = role === "delegate" ? "support" : "support-on-behalf";
    requirePermission(actor, action, body.delegation === undefined ? {} : { for: body.delegation });
    if (role !== "delegate" && body.delegation === undefined) throw new HttpError(400, 'name the delegation that supports the proposal: {"delegation": "URY"}');
    const delegation = body.delegation ?? own;
    const pid = req.params.pid;
    const step = (document: NegotiationDocument): Step => {
      const proposal = locateProposal(document, pid);
      if (!proposal) return noProposal(pid);
      if (!document.registry.get(delegation)) return deny(400, `${delegation} is not a delegation code of this document`);
      return forbiddenOn(actor, action, { proposal, for: delegation }) ?? supportProposal(document, pid, delegation);
    };
    res.json(await operate(deps, id, actor, "support", step, { proposal: pid, delegation }));
  });
}
