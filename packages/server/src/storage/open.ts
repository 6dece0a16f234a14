import { join, resolve } from "node:path";
import type { ServerConfig } from "../config.js";
import { openPostgresStorage } from "./postgres.js";
import { openSqliteStorage } from "./sqlite.js";
import type { Storage } from "./storage.js";

/** The database file of the embedded store. */
export function sqliteFile(config: ServerConfig): string {
  return join(resolve(config.dataDir), "accord.sqlite");
}

/**
 * The store the configuration names: PostgreSQL when `databaseUrl`
 * (`DATABASE_URL`) is set — its schema migrated first —, else the embedded
 * SQLite file under the data directory. With `leases` (a server), the
 * PostgreSQL store refuses appends to a document this process holds no lease
 * of. Rejects when the database cannot be opened, reached or migrated, or
 * `databaseUrl` is not a postgres:// URL.
 */
export async function openStorage(config: ServerConfig, options: { readonly leases?: boolean } = {}): Promise<Storage> {
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
      throw new RangeError(`DATABASE_URL must be a postgres:// URL (postgres://user@host:5432/database), not ${JSON.stringify(redact(config.databaseUrl))}`);
    }
    return openPostgresStorage({ url: config.databaseUrl, requireLease: options.leases ?? false });
  }
  return openSqliteStorage({ file: sqliteFile(config) });
}

/** A URL as it may be printed: without its password. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
}

/**
 * Where the configured store is, as a person reads it in a message: "the
 * PostgreSQL database accord on db.example.org:5432" (never the password)
 * or the data directory. Never fails.
 */
export function storeName(config: ServerConfig): string {
  if (!config.databaseUrl) return config.dataDir;
  try {
    const url = new URL(config.databaseUrl);
    return `the PostgreSQL database ${decodeURIComponent(url.pathname.slice(1)) || "(default)"} on ${url.hostname || "localhost"}:${url.port || "5432"}`;
  } catch {
    return "the PostgreSQL database DATABASE_URL names";
  }
}
