import express, { type NextFunction, type Request, type Response } from "express";
import { UnavailableDocument } from "../collab/unavailable.js";
import { isDatabaseUnreachable } from "../storage/unreachable.js";
import { LoginThrottle } from "../auth/login-throttle.js";
import { auditRoutes } from "./routes/audit.js";
import { loginRoute, sessionRoutes } from "./routes/auth.js";
import { blockRoutes } from "./routes/blocks.js";
import { metadataRoutes } from "./routes/metadata.js";
import type { ApiDeps } from "./deps.js";
import { uploadRoutes } from "./routes/upload.js";
import { documentRoutes } from "./routes/documents.js";
import { HttpError, unavailableAnswer } from "./errors.js";
import { exportRoutes } from "./routes/export.js";
import { memberRoutes } from "./routes/members.js";
import { passwordRoutes } from "./routes/password.js";
import { positionRoutes } from "./routes/positions.js";
import { proposalRoutes } from "./routes/proposals.js";
import { restoreRoutes } from "./routes/restore.js";
import { authenticate } from "./session.js";
import { unlockRoutes } from "./routes/unlock.js";

export { HttpError } from "./errors.js";

/** The largest JSON body the API reads. */
export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * The REST API under /api (docs/api.md): sign in, documents, proposals,
 * statuses, members, the audit trail and exports. Every answer is JSON
 * except exports; every failure is `{ "error": … }` with a 4xx status —
 * 400 bad input, 401 not signed in, 403 a role that may not, 404 unknown (or
 * not a member), 409 an operation the document refuses or a stored
 * document that cannot be read (naming it), 413 too large,
 * 415 wrong content type, 429 too many failed sign-ins (with Retry-After),
 * 503 a document being restored (with Retry-After).
 * Handlers are async; Express 5 hands their rejections to the error
 * handler here.
 */
export function createApi(deps: ApiDeps): express.Router {
  const api = express.Router();
  const json = express.json({ limit: MAX_JSON_BYTES });

  // Failed sign-ins, per username and per address, in this process's memory.
  const loginThrottle = new LoginThrottle(deps.config.loginThrottle);
  loginRoute(api, deps, json, loginThrottle);

  // Everything below needs a session; bodies are read only once it is established.
  api.use(authenticate(deps));
  uploadRoutes(api, deps); // reads its own raw body
  documentRoutes(api, deps); // reads its own text body
  api.use(json);
  sessionRoutes(api, deps);
  exportRoutes(api, deps);
  proposalRoutes(api, deps);
  positionRoutes(api, deps);
  blockRoutes(api, deps);
  metadataRoutes(api, deps);
  memberRoutes(api, deps);
  unlockRoutes(api, deps, loginThrottle);
  passwordRoutes(api, deps, loginThrottle);
  auditRoutes(api, deps);
  restoreRoutes(api, deps);

  api.use((req: Request) => {
    throw new HttpError(404, `no such endpoint: ${req.method} ${req.baseUrl}${req.path}`);
  });
  api.use(errorHandler);
  return api;
}

/** The body parser's failures by their `type`: status and message. */
const BODY_ERRORS: Record<string, [number, string]> = {
  "entity.parse.failed": [400, "the request body is not valid JSON"],
  "entity.too.large": [413, "the request body is too large"],
  "encoding.unsupported": [415, "the request body's content encoding is not supported"],
  "charset.unsupported": [415, "the request body's charset is not supported; send UTF-8"],
  "request.aborted": [400, "the request was aborted"],
  "request.size.invalid": [400, "the request body is shorter or longer than its Content-Length"],
};

function errorHandler(thrown: unknown, _req: Request, res: Response, _next: NextFunction): void {
  // A document that does not read, or is being restored, says so by name (never a bare 500).
  const error = thrown instanceof UnavailableDocument ? unavailableAnswer(thrown) : thrown;
  if (error instanceof HttpError) {
    res.status(error.status).set(error.headers).json({ error: error.message, ...error.extra });
    return;
  }
  // The database restarting or out of reach: nothing about the request was decided, and it can be tried again.
  if (isDatabaseUnreachable(error)) {
    res.status(503).set("Retry-After", "2").json({ error: "the database cannot be reached at the moment; try again in a moment" });
    return;
  }
  const type = error && typeof error === "object" && "type" in error ? String((error as { type: unknown }).type) : "";
  const known = BODY_ERRORS[type];
  if (known) {
    const limit = (error as { limit?: unknown }).limit;
    const message = type === "entity.too.large" && typeof limit === "number" ? `${known[1]} (the limit is ${limit} bytes)` : known[1];
    res.status(known[0]).json({ error: message });
    return;
  }
  console.error(error);
  res.status(500).json({ error: "internal error" });
}
