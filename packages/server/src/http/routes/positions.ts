import { statePosition } from "@accord/merge";
import { STANCES, type NegotiationDocument } from "@accord/schema";
import type { Router } from "express";
import { z } from "zod";
import { access, forbiddenOn, requirePermission } from "../access.js";
import type { ApiDeps } from "../deps.js";
import { HttpError } from "../errors.js";
import { deny, operate, type Step } from "../operate.js";
import { locateProposal } from "./proposals.js";
import { parseBody } from "../validate.js";

const positionBody = z.strictObject({
  /** The stance, or null to take the position back. */
  stance: z.enum(STANCES as unknown as [string, ...string[]]).nullable(),
  delegation: z.string().min(1).max(16).optional(),
});

/**
 * `POST /documents/:id/proposals/:pid/position` `{ "stance": "delete" |
 * "retain" | "reserve" | "oppose" | "support" | null, "delegation"? }`: a delegate states, changes
 * or takes back (null) its own delegation's position on an open bracket; the
 * chair or the secretariat record any delegation's, naming it. One logged
 * step; 403 for another delegation's position, 404 for an unknown
 * proposal, 409 when it does not apply (a decided proposal, a sponsor).
 */
export function positionRoutes(api: Router, deps: ApiDeps): void {
  api.post("/documents/:id/proposals/:pid/position", async (req, res) => {
    const body = parseBody(req, positionBody);
    const { id, actor } = await access(deps, req, res);
    const { role, delegation: own } = actor.membership;
    requirePermission(actor, "state-position", body.delegation === undefined ? {} : { for: body.delegation });
    if (role !== "delegate" && body.delegation === undefined) throw new HttpError(400, 'name the delegation whose position it is: {"stance": "delete", "delegation": "EU"}');
    const delegation = body.delegation ?? own;
    const stance = body.stance as (typeof STANCES)[number] | null;
    const pid = req.params.pid;
    const step = (document: NegotiationDocument): Step => {
      const proposal = locateProposal(document, pid);
      if (!proposal) return deny(404, `there is no proposal ${pid} in this document`);
      if (!document.registry.get(delegation)) return deny(400, `${delegation} is not a delegation code of this document`);
      return forbiddenOn(actor, "state-position", { proposal, for: delegation }) ?? statePosition(document, pid, delegation, stance);
    };
    res.json(await operate(deps, id, actor, "state-position", step, { proposal: pid, delegation, stance }));
  });
}
