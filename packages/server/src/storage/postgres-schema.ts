import type { PoolClient } from "pg";

/**
 * The PostgreSQL store's schema, as migrations: `POSTGRES_MIGRATIONS[i]` takes
 * a database from schema version i to i + 1 (version 0 has no Accord
 * tables). Add new versions at the end, never edit old ones. The tables are
 * the SQLite store's (sqlite.ts), in PostgreSQL's types: usernames compare
 * as SQLite's `COLLATE NOCASE` does (A–Z folded, nothing else; `username_key`),
 * JSON is kept as written (`json`, not `jsonb`, which reorders keys).
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE accord_users (
    id            text PRIMARY KEY,
    username      text NOT NULL,
    username_key  text GENERATED ALWAYS AS (translate(username, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) STORED UNIQUE,
    display_name  text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL
  );

  -- token_hash: hex SHA-256 of the bearer token; the token itself is never stored.
  CREATE TABLE accord_sessions (
    token_hash text PRIMARY KEY,
    user_id    text NOT NULL REFERENCES accord_users(id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
  );
  CREATE INDEX accord_sessions_by_expiry ON accord_sessions(expires_at);
  CREATE INDEX accord_sessions_by_user ON accord_sessions(user_id);

  CREATE TABLE accord_documents (
    id          text PRIMARY KEY,
    title       text NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text REFERENCES accord_users(id) ON DELETE SET NULL,
    diagnostics json NOT NULL
  );

  CREATE TABLE accord_memberships (
    document_id text NOT NULL REFERENCES accord_documents(id) ON DELETE CASCADE,
    user_id     text NOT NULL REFERENCES accord_users(id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('chair', 'secretariat', 'delegate', 'observer')),
    delegation  text NOT NULL,
    PRIMARY KEY (document_id, user_id)
  );
  CREATE INDEX accord_memberships_by_user ON accord_memberships(user_id);

  -- set_aside_by: the id of the restore's audit entry that set the entry aside, NULL for the
  -- entries that make the document. No foreign key: removing an audit line must never bring
  -- an entry back into the document.
  CREATE TABLE accord_updates (
    document_id  text NOT NULL REFERENCES accord_documents(id) ON DELETE CASCADE,
    seq          integer NOT NULL CHECK (seq >= 1),
    data         bytea NOT NULL,
    user_id      text REFERENCES accord_users(id) ON DELETE SET NULL,
    delegation   text NOT NULL,
    origin       text NOT NULL CHECK (origin IN ('import', 'client', 'api')),
    at           timestamptz NOT NULL,
    set_aside_by bigint CHECK (set_aside_by IS NULL OR set_aside_by >= 1),
    PRIMARY KEY (document_id, seq)
  );

  CREATE TABLE accord_snapshots (
    document_id text NOT NULL REFERENCES accord_documents(id) ON DELETE CASCADE,
    upto_seq    integer NOT NULL CHECK (upto_seq >= 1),
    data        bytea NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (document_id, upto_seq)
  );

  CREATE TABLE accord_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id text NOT NULL REFERENCES accord_documents(id) ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    user_id     text REFERENCES accord_users(id) ON DELETE SET NULL,
    username    text NOT NULL,
    delegation  text NOT NULL,
    action      text NOT NULL,
    message     text NOT NULL,
    detail      json NOT NULL
  );
  CREATE INDEX accord_audit_by_document ON accord_audit(document_id, id);
  `,
  // 1 → 2: which process holds each loaded document (cluster/ownership.ts). `owner` is the
  // holder's process key (the session advisory lock it holds while it lives), `token` the
  // fencing token, raised at every change of holder, `address` where the holder serves.
  `
  CREATE TABLE accord_leases (
    document_id text PRIMARY KEY REFERENCES accord_documents(id) ON DELETE CASCADE,
    owner       integer NOT NULL CHECK (owner >= 1),
    token       bigint NOT NULL CHECK (token >= 1),
    address     text NOT NULL,
    expires_at  timestamptz NOT NULL
  );
  CREATE INDEX accord_leases_by_owner ON accord_leases(owner);
  `,
  // 2 → 3: snapshots are stored deflated (snapshot-encoding.ts); those written before stay as they
  // are. Deflated bytes do not compress again: TOAST is told not to try.
  `
  ALTER TABLE accord_snapshots ADD COLUMN encoding text NOT NULL DEFAULT 'none' CHECK (encoding IN ('none', 'deflate'));
  ALTER TABLE accord_snapshots ALTER COLUMN data SET STORAGE EXTERNAL;
  `,
  // 3 → 4: the stored state that last read whole, by the digest of its bytes (collab/readable.ts).
  `
  CREATE TABLE accord_readable_states (
    document_id  text PRIMARY KEY REFERENCES accord_documents(id) ON DELETE CASCADE,
    digest       text NOT NULL,
    code_version text NOT NULL
  );
  `,
];

/** The schema version this code writes. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;

/**
 * An arbitrary key for `pg_advisory_xact_lock`: processes starting together
 * on one database migrate one after the other, the later ones finding the
 * work done.
 */
const MIGRATION_LOCK = 0x6163636f7264n; // "accord"

/**
 * Brings the database to `POSTGRES_SCHEMA_VERSION` in one transaction (DDL
 * is transactional in PostgreSQL), under an advisory lock. Throws when the
 * database was written by a newer version of Accord, or a migration fails
 * (then nothing of it is left behind).
 */
export async function migratePostgres(client: PoolClient): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK.toString()]);
    await client.query("CREATE TABLE IF NOT EXISTS accord_schema (version integer NOT NULL)");
    const { rows } = await client.query<{ version: number }>("SELECT version FROM accord_schema");
    let version = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query("INSERT INTO accord_schema (version) VALUES (0)");
    if (version > POSTGRES_SCHEMA_VERSION) {
      throw new Error(`the database's schema version ${version} is newer than this server's (${POSTGRES_SCHEMA_VERSION})`);
    }
    for (; version < POSTGRES_SCHEMA_VERSION; version++) {
      await client.query(POSTGRES_MIGRATIONS[version]!);
      await client.query("UPDATE accord_schema SET version = $1", [version + 1]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
