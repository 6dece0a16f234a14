import {
  acceptProposal,
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
import { describeStatus, isLockedStatus, type NegotiationDocument, type ParagraphAttrs, type ParagraphStatus } from "@accord/schema";
import type { Router } from "express";
import { z } from "zod";
import type { Actor } from "../collab/live.js";
import { access, describeRole, liveDocument, MANAGERS, requireRole } from "./access.js";
import type { ApiDeps } from "./deps.js";
import { HttpError } from "./errors.js";
import { deny, operate, type Step } from "./operate.js";
import { parseBody, parseQuery } from "./validate.js";

/**
 * What an operation needs to know about its target before it runs: the
 * sponsors of the proposal and the status of the paragraph it is in (for a
 * paragraph that is not a proposal, no sponsors: the operation says why it
 * does not apply). Null when the document has no such proposal or paragraph.
 */
export function locateProposal(document: NegotiationDocument, id: string): { by: readonly string[]; status: ParagraphStatus; where: string } | null {
  const found = findProposal(document.content, id);
  if (found) return { by: found.attrs.by, status: (found.block.attrs as ParagraphAttrs).status, where: "the paragraph it is in" };
  const block = findBlock(document.content, id);
  if (!block || block.node.type.name !== "paragraph") return null;
  const attrs = block.node.attrs as ParagraphAttrs;
  return { by: attrs.proposedBy, status: attrs.status, where: "the paragraph" };
}

const noProposal = (id: string) => deny(404, `there is no proposal ${id} in this document`);

/**
 * What a delegate may not do whatever the proposal: touch a paragraph that is
 * agreed, approved or deleted (design.md §4). Null when the paragraph is open.
 */
function lockedFor(actor: Actor, status: ParagraphStatus, where: string, what: string) {
  if (actor.membership.role !== "delegate" || !isLockedStatus(status)) return null;
  return deny(403, `${where} is ${describeStatus(status)}: only the chair or the secretariat may ${what} there`);
}

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
 * that support back), support (a delegate for its own delegation).
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
      requireRole(actor, MANAGERS, `${action} a proposal`);
      const pid = req.params.pid;
      const step = (document: NegotiationDocument): Step => (locateProposal(document, pid) ? DECISIONS[action](document, pid) : noProposal(pid));
      res.json(await operate(deps, id, actor, action, step, { proposal: pid }));
    });
  }

  api.post("/documents/:id/proposals/:pid/withdraw", async (req, res) => {
    parseBody(req, noBody);
    const { id, actor } = await access(deps, req, res);
    requireRole(actor, [...MANAGERS, "delegate"], "withdraw a proposal");
    const pid = req.params.pid;
    const step = (document: NegotiationDocument): Step => {
      const found = locateProposal(document, pid);
      if (!found) return noProposal(pid);
      if (actor.membership.role === "delegate") {
        const own = actor.membership.delegation;
        if (!found.by.includes(own)) return deny(403, `proposal ${pid} is not sponsored by ${own}: a delegate withdraws only its own delegation's proposals`);
        const locked = lockedFor(actor, found.status, found.where, "withdraw a proposal");
        if (locked) return locked;
        // A supporter withdraws its support; the proposal stays its proposer's (design.md §4).
        if (found.by[0] !== own) return withdrawSupport(document, pid, own);
      }
      return withdrawProposal(document, pid);
    };
    res.json(await operate(deps, id, actor, "withdraw", step, { proposal: pid }));
  });

  api.post("/documents/:id/proposals/:pid/support", async (req, res) => {
    const body = parseBody(req, supportBody);
    const { id, actor } = await access(deps, req, res);
    requireRole(actor, [...MANAGERS, "delegate"], "support a proposal");
    const { role, delegation: own } = actor.membership;
    let delegation: string;
    if (role === "delegate") {
      delegation = body.delegation ?? own;
      if (delegation !== own) throw new HttpError(403, `you are ${describeRole(actor)}: you may support a proposal for ${own} only`);
    } else {
      if (body.delegation === undefined) throw new HttpError(400, 'name the delegation that supports the proposal: {"delegation": "URY"}');
      delegation = body.delegation;
    }
    const pid = req.params.pid;
    const step = (document: NegotiationDocument): Step => {
      const found = locateProposal(document, pid);
      if (!found) return noProposal(pid);
      if (!document.registry.get(delegation)) return deny(400, `${delegation} is not a delegation code of this document`);
      if (!findProposal(document.content, pid)) {
        return { ok: false, reason: `${pid} is a paragraph, not a bracketed proposal: only bracketed proposals can be supported` };
      }
      return lockedFor(actor, found.status, found.where, "support a proposal") ?? supportProposal(document, pid, delegation);
    };
    res.json(await operate(deps, id, actor, "support", step, { proposal: pid, delegation }));
  });
}
