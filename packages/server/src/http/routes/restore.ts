import type { Router } from "express";
import { z } from "zod";
import type { RestorePlan } from "../../collab/restore.js";
import { access, requirePermission } from "../access.js";
import type { ApiDeps } from "../deps.js";
import { HttpError } from "../errors.js";
import { parseBody } from "../validate.js";

const restoreBody = z.strictObject({
  upto: z.number().int("a whole number").min(1, "an entry number, from 1").max(Number.MAX_SAFE_INTEGER).optional(),
  dryRun: z.boolean().optional(),
});

/** A plan as the API answers it, with its sentence. */
export function describePlan(plan: RestorePlan, done: boolean) {
  const { keepUpto, kept, setAside, problem, entries, lastSeq, reads } = plan;
  const verb = done ? ["Kept", "set aside"] : ["Would keep", "set aside"];
  const message =
    setAside.count === 0
      ? `The document reads as it stands (${entries} entries, the last ${lastSeq}): nothing to set aside.`
      : `${verb[0]} entries up to ${keepUpto} (${kept}) and ${verb[1]} ${setAside.count} (${setAside.fromSeq}–${setAside.toSeq}), which stay in storage.`;
  return { document: plan.documentId, readsAsItStands: problem === null, problem, entries, lastSeq, keepUpto, kept, setAside, reads, message };
}

/**
 * `POST /documents/:id/restore` `{ upto?, dryRun? }` (the chair or the
 * secretariat): brings the document back to the last state of its log that
 * reads, or to entry `upto`, setting the entries after it aside (kept in
 * storage, audited); with `dryRun`, only says what it would keep and set
 * aside. Editors connected meanwhile are told and start again from the
 * restored state. A restore that cannot be made is a 409 saying why.
 */
export function restoreRoutes(api: Router, deps: ApiDeps): void {
  api.post("/documents/:id/restore", async (req, res) => {
    const body = parseBody(req, restoreBody);
    const { id, actor } = await access(deps, req, res);
    requirePermission(actor, "restore");
    const result = await deps.live.restore(id, actor, { ...(body.upto === undefined ? {} : { upto: body.upto }), dryRun: body.dryRun ?? false });
    if (!result.ok) throw new HttpError(409, result.message);
    const { plan, setAside } = result.value;
    if (setAside === null) res.json({ ...describePlan(plan, false), dryRun: true });
    else res.json({ ...describePlan(plan, true), dryRun: false, audit: { id: setAside.audit.id, message: setAside.audit.message } });
  });
}
