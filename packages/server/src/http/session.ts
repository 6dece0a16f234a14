import type { NextFunction, Request, Response } from "express";
import type { Session, User } from "../storage/storage.js";
import type { ApiDeps } from "./deps.js";
import { HttpError } from "./errors.js";

/** Who is calling, as the bearer token established it. */
export interface SignedIn {
  readonly user: User;
  readonly session: Session;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * Middleware: lets a request through only with `Authorization: Bearer
 * <token>` naming a session that has not expired, and keeps the session for
 * the handlers (`signedIn`). A 401 otherwise, with `WWW-Authenticate`.
 */
export function authenticate(deps: ApiDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    res.setHeader("WWW-Authenticate", 'Bearer realm="accord"');
    if (!header) throw new HttpError(401, "sign in first: send the token from POST /api/login as Authorization: Bearer <token>");
    const match = BEARER.exec(header.trim());
    if (!match) throw new HttpError(401, "the Authorization header must read Bearer <token>");
    const found = await deps.storage.findSession(match[1]!);
    if (!found) throw new HttpError(401, "the token is not valid or the session has expired; sign in again");
    res.removeHeader("WWW-Authenticate");
    res.locals["signedIn"] = { user: found.user, session: found.session } satisfies SignedIn;
    next();
  };
}

/** The caller of a request that went through `authenticate`. Throws when it did not (a bug). */
export function signedIn(res: Response): SignedIn {
  const value = res.locals["signedIn"] as SignedIn | undefined;
  if (!value) throw new Error("signedIn: the request was not authenticated");
  return value;
}
