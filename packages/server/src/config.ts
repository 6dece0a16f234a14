import { resolve } from "node:path";
import type { LoginThrottleOptions } from "./auth/login-throttle.js";

/** How a server runs. Every field has a default; `configFromEnv` reads the environment. */
export interface ServerConfig {
  /** TCP port; 0 picks a free one (tests). */
  readonly port: number;
  readonly host: string;
  /** Where the embedded SQLite database lives. */
  readonly dataDir: string;
  /** PostgreSQL connection string for scale-out, or "" for the embedded SQLite. */
  readonly databaseUrl: string;
  /**
   * With `databaseUrl`: how long a server's lease on a document lasts from
   * its last renewal (renewed every third of it). A server that stops
   * (paused, cut off from the database) loses its documents to another this
   * long after its last renewal; one that dies loses them at once.
   */
  readonly leaseTtlMs: number;
  /**
   * With `databaseUrl`: where other servers and clients reach this one
   * (`http://host:port`), named in the lease of each document it serves;
   * "" for its own listening address.
   */
  readonly advertiseUrl: string;
  /**
   * How often every open connection is checked against the store (a session
   * ended or run out, a membership changed). On PostgreSQL, where every
   * change is announced to every server at once, at least 10 s: the full
   * check then only catches sessions that run out with time.
   */
  readonly sweepIntervalMs: number;
  /** Redis URL for scale-out, or "". */
  readonly redisUrl: string;
  /** How long a login lasts. */
  readonly sessionTtlMs: number;
  /** The largest WebSocket message accepted; a larger one closes its sender's connection. */
  readonly maxMessageBytes: number;
  /** The largest legacy text accepted by the API. */
  readonly maxImportBytes: number;
  /** The most a document's log may hold; an update beyond it is refused and its sender disconnected. */
  readonly maxDocumentBytes: number;
  /** Log entries after which the log is merged into a new snapshot. */
  readonly snapshotEvery: number;
  /** How long an edit may wait for others to share its durable commit (group commit). */
  readonly commitDelayMs: number;
  /**
   * An open document's check copy (the shadow the trust rule judges updates
   * on, as large as the document) is let go after this long without an
   * update, and made again by the next one (some 0.3 s at 2,000
   * paragraphs): documents open but not being edited cost about their Y.Doc.
   */
  readonly shadowIdleMs: number;
  /** A socket that has not authenticated for a document within this time is closed. */
  readonly authTimeoutMs: number;
  /**
   * A document loaded to answer `GET /api/documents/:id` stays in memory this
   * long without connections: the page that asked connects next, and finds
   * it loaded instead of loading it a second time.
   */
  readonly keepLoadedMs: number;
  /**
   * Sign-in throttling, over its defaults (`DEFAULT_LOGIN_THROTTLE`): waits
   * after a few failures, then a lock (`lockMs`, 15 minutes) of the account
   * or the address. Kept in the server's memory.
   */
  readonly loginThrottle: Partial<LoginThrottleOptions>;
  /**
   * Before listening, run the loading code on a small generated document
   * (`warmUpLoading`, about 1 s of CPU), so that the first document a fresh
   * process loads does not pay for compiling it. `accord serve` turns it on;
   * tests, which start many servers, leave it off.
   */
  readonly warmUp: boolean;
  /** Serve the web app from this folder, if it exists. */
  readonly webRoot: string;
  /** Print nothing (tests). */
  readonly quiet: boolean;
}

/** The defaults: port 8080, data in ./data, 12-hour sessions, 2 MiB messages. */
export const DEFAULT_CONFIG: ServerConfig = Object.freeze({
  port: 8080,
  host: "0.0.0.0",
  dataDir: "./data",
  databaseUrl: "",
  leaseTtlMs: 10_000,
  advertiseUrl: "",
  sweepIntervalMs: 500,
  redisUrl: "",
  sessionTtlMs: 12 * 60 * 60 * 1000,
  maxMessageBytes: 2 * 1024 * 1024,
  maxImportBytes: 5 * 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
  snapshotEvery: 500,
  authTimeoutMs: 10_000,
  keepLoadedMs: 10_000,
  commitDelayMs: 5,
  shadowIdleMs: 5 * 60 * 1000,
  loginThrottle: Object.freeze({}),
  warmUp: false,
  webRoot: resolve("apps/web/dist"),
  quiet: false,
});

/**
 * The configuration from the environment — `PORT`, `ACCORD_DATA_DIR`,
 * `DATABASE_URL`, `REDIS_URL`, `ACCORD_LEASE_TTL_MS`, `ACCORD_ADVERTISE_URL` — over the defaults and then `overrides`.
 * Throws a RangeError naming a malformed variable.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const config: Record<string, unknown> = { ...DEFAULT_CONFIG };
  if (env.PORT !== undefined && env.PORT !== "") {
    const port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`PORT must be a port number, not ${JSON.stringify(env.PORT)}`);
    config.port = port;
  }
  if (env.ACCORD_DATA_DIR) config.dataDir = env.ACCORD_DATA_DIR;
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.REDIS_URL) config.redisUrl = env.REDIS_URL;
  if (env.ACCORD_LEASE_TTL_MS !== undefined && env.ACCORD_LEASE_TTL_MS !== "") {
    const ttl = Number(env.ACCORD_LEASE_TTL_MS);
    if (!Number.isInteger(ttl) || ttl < 1000 || ttl > 600_000) {
      throw new RangeError(`ACCORD_LEASE_TTL_MS must be a whole number of milliseconds from 1000 to 600000, not ${JSON.stringify(env.ACCORD_LEASE_TTL_MS)}`);
    }
    config.leaseTtlMs = ttl;
  }
  if (env.ACCORD_ADVERTISE_URL) {
    if (!/^https?:\/\/[^/\s]+$/.test(env.ACCORD_ADVERTISE_URL)) {
      throw new RangeError(`ACCORD_ADVERTISE_URL must be http(s)://host:port, not ${JSON.stringify(env.ACCORD_ADVERTISE_URL)}`);
    }
    config.advertiseUrl = env.ACCORD_ADVERTISE_URL;
  }
  return Object.freeze({ ...config, ...overrides }) as ServerConfig;
}
