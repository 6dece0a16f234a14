import type { Request } from "express";
import type { z } from "zod";
import { HttpError } from "./errors.js";

/** Zod's issues on one line: `role: Invalid option: expected one of …; delegation: …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`).join("; ");
}

/** The query string read with `schema`; a 400 naming each problem otherwise. Unknown parameters are refused. */
export function parseQuery<T extends z.ZodType>(req: Request, schema: T): z.output<T> {
  const parsed = schema.safeParse(req.query ?? {});
  if (!parsed.success) throw new HttpError(400, `bad query parameters: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * The JSON body read with `schema`; a request without a body reads as `{}`.
 * The endpoints that take a body take no query parameters: any is a 400.
 * A body sent with another content type is a 415 (it was not parsed, so
 * reading it as empty would hide the mistake); a body that does not fit is
 * a 400 naming each problem.
 */
export function parseBody<T extends z.ZodType>(req: Request, schema: T): z.output<T> {
  const stray = Object.keys(req.query ?? {});
  if (stray.length) throw new HttpError(400, `bad query parameters: this endpoint takes none (got ${stray.join(", ")})`);
  if (req.body === undefined && hasBody(req) && !req.is("application/json")) {
    throw new HttpError(415, "send the body as JSON, with the header Content-Type: application/json");
  }
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) throw new HttpError(400, `bad request body: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** True when the request carries a body (a length above 0, or chunked). */
export function hasBody(req: Request): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}
