import type { RequestHandler, Router } from "express";
import { z } from "zod";
import type { LoginThrottle } from "../../auth/login-throttle.js";
import { hashPassword, verifyPassword } from "../../auth/passwords.js";
import type { User } from "../../storage/storage.js";
import type { ApiDeps } from "../deps.js";
import { HttpError } from "../errors.js";
import { signedIn } from "../session.js";
import { parseBody, parseQuery } from "../validate.js";

const loginBody = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

/** A user as the API shows them. */
export function publicUser(user: User): { id: string; username: string; displayName: string; createdAt: string } {
  return { id: user.id, username: user.username, displayName: user.displayName, createdAt: user.createdAt };
}

// Verified against when the username is unknown, so that a wrong username
// takes as long to refuse as a wrong password.
let decoyHash: Promise<string> | null = null;
const decoy = (): Promise<string> => (decoyHash ??= hashPassword("accord-decoy-password"));

/**
 * `POST /login` (open to all). Every attempt passes `throttle` first: a
 * username or an address with too many failures gets a 429 with
 * `Retry-After` — whatever the password, so that guessing on and on gets
 * nowhere. A wrong password and an unknown username are the same failure:
 * the same 401, the same count, the same time (a decoy hash is verified).
 */
export function loginRoute(api: Router, deps: ApiDeps, json: RequestHandler, throttle: LoginThrottle): void {
  // Hashed now, so that the first unknown username is not slower than the rest.
  void decoy();
  api.post("/login", json, async (req, res) => {
    const body = loginBody.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'send {"username": …, "password": …} as JSON');
    // req.ip is the socket's address unless Express is told to trust a proxy's X-Forwarded-For.
    const admission = await throttle.admit(body.data.username, req.ip ?? req.socket.remoteAddress);
    if (!admission.ok) {
      res.setHeader("Retry-After", String(admission.retryAfterSeconds));
      throw new HttpError(429, admission.message, { retryAfter: admission.retryAfterSeconds, until: admission.until.toISOString() });
    }
    const { attempt } = admission;
    let user: Awaited<ReturnType<typeof deps.storage.findUserByName>>;
    let ok: boolean;
    try {
      user = await deps.storage.findUserByName(body.data.username);
      ok = await verifyPassword(user?.passwordHash ?? (await decoy()), body.data.password);
    } catch (error) {
      attempt.abandoned();
      throw error;
    }
    if (!user || !ok) {
      attempt.failed();
      throw new HttpError(401, "wrong username or password");
    }
    attempt.succeeded();
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
