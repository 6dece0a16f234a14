import type { Router } from "express";
import { z } from "zod";
import type { LoginThrottle } from "../../auth/login-throttle.js";
import { access, requirePermission } from "../access.js";
import type { ApiDeps } from "../deps.js";
import { HttpError } from "../errors.js";
import { parseBody } from "../validate.js";

/**
 * `POST /documents/:id/members/:username/unlock`: the chair or the
 * secretariat of a document lifts the sign-in lock of one of its members and
 * forgets the member's failed sign-ins (`throttle` holds them, in memory).
 * The act is in the document's audit trail. A 403 for the roles `mayAct`
 * refuses `manage-sign-ins` (all but those two); a 404
 * when the username is not a member of the document, locked or not.
 */
export function unlockRoutes(api: Router, deps: ApiDeps, throttle: LoginThrottle): void {
  api.post("/documents/:id/members/:username/unlock", async (req, res) => {
    parseBody(req, z.strictObject({}));
    const { id, actor } = await access(deps, req, res);
    requirePermission(actor, "manage-sign-ins");
    const username = String(req.params["username"] ?? "");
    const user = username.length <= 100 ? await deps.storage.findUserByName(username) : null;
    const membership = user ? await deps.storage.getMembership(id, user.id) : null;
    if (!user || !membership) throw new HttpError(404, `${username} is not a member of this document`);
    const { lockedUntil, failures } = throttle.unlock(user.username);
    const found = lockedUntil
      ? `the account was locked until ${lockedUntil.toISOString()} after ${failures} failed sign-ins`
      : failures
        ? `the account was not locked; ${failures} failed sign-in${failures === 1 ? "" : "s"} forgotten`
        : "the account was not locked";
    const message = `${user.username} may sign in again (${found}).`;
    await deps.live.audit(id, actor, "sign-in-unlocked", message, {
      username: user.username,
      lockedUntil: lockedUntil?.toISOString() ?? null,
      failures,
      role: actor.membership.role,
    });
    res.json({ message, username: user.username, wasLocked: lockedUntil !== null });
  });
}
