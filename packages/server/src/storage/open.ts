import { join, resolve } from "node:path";
import type { ServerConfig } from "../config.js";
import { openSqliteStorage } from "./sqlite.js";
import type { Storage } from "./storage.js";

/** The database file of the embedded store. */
export function sqliteFile(config: ServerConfig): string {
  return join(resolve(config.dataDir), "accord.sqlite");
}

/**
 * The store the configuration names: the embedded SQLite file under the data
 * directory. Throws a RangeError when `DATABASE_URL` asks for PostgreSQL,
 * which comes with the scale-out work.
 */
export function openStorage(config: ServerConfig): Storage {
  if (config.databaseUrl) throw new RangeError("DATABASE_URL (PostgreSQL) is not supported by this version yet; unset it to use the embedded SQLite store");
  return openSqliteStorage({ file: sqliteFile(config) });
}
