import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { verifyPassword } from "../auth/passwords.js";
import type { ApiDeps } from "./deps.js";

/** A 4xx answer: `{ "error": message }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const loginBody = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

/** The REST API under /api. */
export function createApi(deps: ApiDeps): express.Router {
  const api = express.Router();
  api.use(express.json({ limit: "1mb" }));

  api.post("/login", async (req, res) => {
    const body = loginBody.safeParse(req.body);
    if (!body.success) throw new HttpError(400, "send {\"username\": …, \"password\": …}");
    const user = await deps.storage.findUserByName(body.data.username);
    if (!user || !(await verifyPassword(user.passwordHash, body.data.password))) throw new HttpError(401, "wrong username or password");
    const session = await deps.storage.createSession(user.id, deps.config.sessionTtlMs);
    res.json({ token: session.token, expiresAt: session.expiresAt, user: { id: user.id, username: user.username, displayName: user.displayName } });
  });

  api.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof HttpError) {
      res.status(error.status).json({ error: error.message });
      return;
    }
    if (error && typeof error === "object" && "type" in error && (error as { type: string }).type === "entity.parse.failed") {
      res.status(400).json({ error: "the request body is not valid JSON" });
      return;
    }
    if (error && typeof error === "object" && "type" in error && (error as { type: string }).type === "entity.too.large") {
      res.status(413).json({ error: "the request body is too large" });
      return;
    }
    console.error(error);
    res.status(500).json({ error: "internal error" });
  });
  return api;
}
