import { acceptProposal, findBlock, findProposal, rejectProposal, reopenProposal, supportProposal, withdrawProposal, type Resolution } from "@accord/merge";
import {
  collectProposals,
  describeStatus,
  isLockedStatus,
  type NegotiationDocument,
  type ParagraphAttrs,
  type ParagraphStatus,
  type ProposalOp,
  type ProposalState,
} from "@accord/schema";
import type { Router } from "express";
import { z } from "zod";
import type { Actor } from "../collab/live.js";
import { access, describeRole, liveDocument, MANAGERS, requireRole } from "./access.js";
import type { ApiDeps } from "./deps.js";
import { HttpError } from "./errors.js";
import { deny, operate, type Step } from "./operate.js";
import { parseBody, parseQuery } from "./validate.js";

/** One proposal as `GET …/proposals` lists it (the shape of `accord proposals --json`). */
export interface ProposalEntry {
  /** What the operations take: the bracket's id (`b4`), or the paragraph's id for a whole paragraph. */
  readonly id: string;
  readonly kind: "inline" | "paragraph" | "alternative";
  readonly state: ProposalState;
  readonly by: readonly { readonly code: string; readonly name: string }[];
  /** A bracket's operations in order (`delete`, `insert` for a replacement); empty for a paragraph. */
  readonly ops: readonly ProposalOp[];
  /** For an alternative, the id of the paragraph it is an alternative to; otherwise "". */
  readonly alternativeTo: string;
  /** The block holding the proposal (the paragraph itself for a whole paragraph) and its status. */
  readonly block: { readonly id: string; readonly type: "paragraph" | "heading"; readonly label: string; readonly status: ParagraphStatus };
  /** The nearest heading above that block, or "". */
  readonly heading: string;
  /** The proposal's text, deletions written `~~like this~~`. */
  readonly text: string;
  readonly note: string;
}

/** Every proposal of a document in document order: a proposed paragraph before the brackets inside it. */
export function listProposals(document: NegotiationDocument): ProposalEntry[] {
  const blocks: { id: string; type: "paragraph" | "heading"; label: string; status: ParagraphStatus; heading: string }[] = [];
  let heading = "";
  document.content.forEach((node) => {
    const type = node.type.name === "heading" ? "heading" : "paragraph";
    const attrs = node.attrs as ParagraphAttrs;
    blocks.push({ id: attrs.id, type, label: type === "paragraph" ? attrs.label : "", status: attrs.status, heading });
    if (type === "heading") heading = node.textContent.replace(/\s+/g, " ").trim();
  });
  const who = (codes: readonly string[]) => codes.map((code) => ({ code, name: document.registry.get(code)?.name ?? code }));
  const where = (index: number) => {
    const { heading: above, ...block } = blocks[index]!;
    return { block, heading: above };
  };

  const entries: { order: [number, number]; entry: ProposalEntry }[] = [];
  document.content.forEach((node, _pos, index) => {
    const attrs = node.attrs as ParagraphAttrs;
    if (node.type.name !== "paragraph" || (!attrs.proposedBy.length && !attrs.alternativeTo)) return;
    entries.push({
      order: [index, -1],
      entry: {
        id: attrs.id,
        kind: attrs.alternativeTo ? "alternative" : "paragraph",
        state: attrs.proposalState,
        by: who(attrs.proposedBy),
        ops: [],
        alternativeTo: attrs.alternativeTo,
        ...where(index),
        text: node.textContent,
        note: attrs.note,
      },
    });
  });
  collectProposals(document.content).forEach((proposal, n) => {
    const ops: ProposalOp[] = [];
    let text = "";
    let previous: ProposalOp | null = null;
    for (const span of proposal.spans) {
      if (!ops.includes(span.op)) ops.push(span.op);
      if (previous !== null && previous !== span.op) text += " ";
      text += span.op === "delete" ? `~~${span.text}~~` : span.text;
      previous = span.op;
    }
    entries.push({
      order: [proposal.blockIndex, n],
      entry: { id: proposal.id, kind: "inline", state: proposal.state, by: who(proposal.by), ops, alternativeTo: "", ...where(proposal.blockIndex), text, note: proposal.note },
    });
  });
  entries.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  return entries.map((e) => e.entry);
}

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
 * delegation sponsors it), support (a delegate for its own delegation).
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
