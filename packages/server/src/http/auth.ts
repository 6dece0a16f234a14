import type { RequestHandler, Router } from "express";
import { z } from "zod";
import { hashPassword, verifyPassword } from "../auth/passwords.js";
import type { User } from "../storage/storage.js";
import type { ApiDeps } from "./deps.js";
import { HttpError } from "./errors.js";
import { signedIn } from "./session.js";
import { parseBody, parseQuery } from "./validate.js";

const loginBody = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

/** A user as the API shows them. */
export function publicUser(user: User): { id: string; username: string; displayName: string; createdAt: string } {
  return { id: user.id, username: user.username, displayName: user.displayName, createdAt: user.createdAt };
}

// Verified against when the username is unknown, so that a wrong username
// takes as long to refuse as a wrong password.
let decoy: Promise<string> | null = null;

/** `POST /login` (open to all). */
export function loginRoute(api: Router, deps: ApiDeps, json: RequestHandler): void {
  api.post("/login", json, async (req, res) => {
    const body = loginBody.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'send {"username": …, "password": …} as JSON');
    const user = await deps.storage.findUserByName(body.data.username);
    decoy ??= hashPassword("accord-decoy-password");
    const ok = await verifyPassword(user?.passwordHash ?? (await decoy), body.data.password);
    if (!user || !ok) throw new HttpError(401, "wrong username or password");
    const session = await deps.storage.createSession(user.id, deps.config.sessionTtlMs);
    res.json({ token: session.token, expiresAt: session.expiresAt, user: publicUser(user) });
  });
}

/** `POST /logout` and `GET /me` (signed in). */
export function sessionRoutes(api: Router, deps: ApiDeps): void {
  api.post("/logout", async (req, res) => {
    parseBody(req, z.strictObject({}));
    await deps.storage.deleteSession(signedIn(res).session.token);
    res.json({ ok: true });
  });

  api.get("/me", async (req, res) => {
    parseQuery(req, z.strictObject({}));
    const { user, session } = signedIn(res);
    res.json({ user: publicUser(user), expiresAt: session.expiresAt });
  });
}
