/** Node's codes for a connection that could not be made or was cut. */
const SOCKET_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/** PostgreSQL's SQLSTATEs for a server going or not there yet: admin_shutdown, crash_shutdown, cannot_connect_now. */
const SHUTDOWN_STATES: ReadonlySet<string> = new Set(["57P01", "57P02", "57P03"]);

/** What node-postgres says when the connection it was using ends or cannot be had. */
const PG_CONNECTION_MESSAGES = [/^Connection terminated/, /connection timeout/i, /timeout exceeded when trying to connect/i, /not queryable/i];

/**
 * Whether `error` says the database cannot be reached at the moment — a
 * connection refused or cut, PostgreSQL shutting down or starting up — rather
 * than that a query was wrong: a request that met it can be tried again in a
 * moment, and nothing about the caller was decided. Never throws.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (SOCKET_CODES.has(code) || SHUTDOWN_STATES.has(code) || code.startsWith("08"))) return true;
  if (typeof message === "string" && PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // An AggregateError (a name that resolves to several addresses) is unreachable when each attempt was.
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every(isDatabaseUnreachable);
}
