import type { Router } from "express";
import { z } from "zod";
import type { LoginThrottle } from "../../auth/login-throttle.js";
import { hashPassword, passwordProblem } from "../../auth/passwords.js";
import type { ApiDeps } from "../deps.js";
import { access, requirePermission } from "../access.js";
import { HttpError } from "../errors.js";
import { parseBody } from "../validate.js";

const passwordBody = z.strictObject({ password: z.string().max(1000) });

/** The roles in which a member manages a document (and so the accounts in it, as far as `mayAct` lets). */
const MANAGING = new Set(["chair", "secretariat"]);

/**
 * `POST /documents/:id/members/:username/password`: whoever `mayAct` lets
 * `reset-password` sets a new password for a member of the document — hashed
 * with Argon2, every session of the account ended (its open pages are
 * closed by the sweeper), its sign-in lock lifted, the act in the audit trail
 * without the password. A 403 for other roles before any account is looked
 * up, so they learn nothing of usernames; the same 404 for a username that
 * does not exist and one that is not a member; a 400 for a password too
 * short or too long.
 */
export function passwordRoutes(api: Router, deps: ApiDeps, throttle: LoginThrottle): void {
  api.post("/documents/:id/members/:username/password", async (req, res) => {
    const { password } = parseBody(req, passwordBody);
    const { id, actor } = await access(deps, req, res);
    requirePermission(actor, "reset-password");
    const problem = passwordProblem(password);
    if (problem) throw new HttpError(400, problem);
    const username = String(req.params["username"] ?? "");
    const user = username.length <= 100 ? await deps.storage.findUserByName(username) : null;
    const membership = user ? await deps.storage.getMembership(id, user.id) : null;
    if (!user || !membership) throw new HttpError(404, `${username} is not a member of this document`);

    const managed = new Set((await deps.storage.listDocumentsFor(actor.user.id)).filter((d) => MANAGING.has(d.membership.role)).map((d) => d.id));
    const unmanagedElsewhere = (await deps.storage.listDocumentsFor(user.id)).filter((d) => d.id !== id && !managed.has(d.id)).length;
    requirePermission(actor, "reset-password", { account: { username: user.username, role: membership.role, unmanagedElsewhere } });

    const sessionsEnded = await deps.storage.setPassword(user.id, await hashPassword(password));
    if (sessionsEnded === null) throw new HttpError(404, `${username} is not a member of this document`);
    const { lockedUntil } = throttle.unlock(user.username);
    const ended = sessionsEnded === 1 ? "1 session ended" : `${sessionsEnded} sessions ended`;
    const message = `${user.username}'s password was reset (${ended}${lockedUntil ? ", sign-in lock lifted" : ""}).`;
    await deps.live.audit(id, actor, "password-reset", message, { username: user.username, sessionsEnded, wasLocked: lockedUntil !== null });
    res.json({ message, username: user.username, sessionsEnded });
  });
}
