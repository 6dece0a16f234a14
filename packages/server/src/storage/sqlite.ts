import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Diagnostic } from "@accord/text";
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_ENCODING } from "./snapshot-encoding.js";
import type {
  AuditEntry,
  DocumentRecord,
  LoggedUpdate,
  Membership,
  NewAuditEntry,
  NewUpdate,
  ReadableState,
  Role,
  Session,
  SetAside,
  SetAsideUpdate,
  Snapshot,
  Storage,
  UpdateOrigin,
  User,
} from "./storage.js";

/**
 * The embedded store (design.md §5): one SQLite file in WAL mode with
 * synchronous=FULL, so that a commit that has returned survives kill -9 and
 * power loss. Every method's work is synchronous; the promises only let this
 * class and a PostgreSQL store share the `Storage` interface.
 */

/** The schema this code writes; stored in SQLite's `user_version`. */
export const SCHEMA_VERSION = 4;

/**
 * `MIGRATIONS[i]` takes a database from schema version i to i + 1; version 0
 * is an empty file. Add new versions at the end, never edit old ones.
 * (The role and origin lists are spelled out because a migration must not
 * change when the code around it does.)
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
  ) STRICT;

  -- token_hash: hex SHA-256 of the bearer token; the token itself is never stored.
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_expiry ON sessions(expires_at);
  CREATE INDEX sessions_by_user ON sessions(user_id);

  CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT REFERENCES users(id) ON DELETE SET NULL,
    diagnostics TEXT NOT NULL CHECK (json_valid(diagnostics))
  ) STRICT;

  CREATE TABLE memberships (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('chair', 'secretariat', 'delegate', 'observer')),
    delegation  TEXT NOT NULL,
    PRIMARY KEY (document_id, user_id)
  ) STRICT;
  CREATE INDEX memberships_by_user ON memberships(user_id);

  CREATE TABLE updates (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    data        BLOB NOT NULL,
    user_id     TEXT REFERENCES users(id) ON DELETE SET NULL,
    delegation  TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('import', 'client', 'api')),
    at          TEXT NOT NULL,
    PRIMARY KEY (document_id, seq)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE snapshots (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    upto_seq    INTEGER NOT NULL CHECK (upto_seq >= 1),
    data        BLOB NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (document_id, upto_seq)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    user_id     TEXT REFERENCES users(id) ON DELETE SET NULL,
    username    TEXT NOT NULL,
    delegation  TEXT NOT NULL,
    action      TEXT NOT NULL,
    message     TEXT NOT NULL,
    detail      TEXT NOT NULL CHECK (json_valid(detail))
  ) STRICT;
  CREATE INDEX audit_by_document ON audit(document_id, id);
  `,
  // 1 → 2: a restore sets log entries aside instead of deleting them. `set_aside_by` is the id
  // of the restore's audit entry, NULL for the entries that make the document. No foreign key:
  // removing an audit line must never bring an entry back into the document.
  `
  ALTER TABLE updates ADD COLUMN set_aside_by INTEGER CHECK (set_aside_by IS NULL OR set_aside_by >= 1);
  `,
  // 2 → 3: snapshots are stored deflated (snapshot-encoding.ts); those written before stay as they are.
  `
  ALTER TABLE snapshots ADD COLUMN encoding TEXT NOT NULL DEFAULT 'none' CHECK (encoding IN ('none', 'deflate'));
  `,
  // 3 → 4: the stored state that last read whole, by the digest of its bytes (collab/readable.ts).
  `
  CREATE TABLE readable_states (
    document_id  TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    digest       TEXT NOT NULL,
    code_version TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,
];

export interface SqliteStorageOptions {
  /** Path of the database file (its directory is created), or ":memory:". */
  readonly file: string;
  /** How long to wait for another connection's write lock; default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

/** Opens (creating or migrating) the database at `options.file`. */
export function openSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  return new SqliteStorage(options);
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: string;
}

interface SessionUserRow extends UserRow {
  user_id: string;
  expires_at: string;
}

interface DocumentRow {
  id: string;
  title: string;
  created_at: string;
  created_by: string | null;
  diagnostics: string;
}

interface MembershipRow {
  document_id: string;
  user_id: string;
  role: string;
  delegation: string;
}

type DocumentMembershipRow = DocumentRow & { role: string; delegation: string; user_id: string };
type MemberRow = MembershipRow & Omit<UserRow, "id">;

interface UpdateRow {
  set_aside_by?: number | null;
  document_id: string;
  seq: number;
  data: Buffer;
  user_id: string | null;
  delegation: string;
  origin: string;
  at: string;
}

interface SnapshotRow {
  document_id: string;
  upto_seq: number;
  data: Buffer;
  encoding: string;
  at: string;
}

interface AuditRow {
  id: number;
  document_id: string;
  at: string;
  user_id: string | null;
  username: string;
  delegation: string;
  action: string;
  message: string;
  detail: string;
}

const USER_COLUMNS = "id, username, display_name, password_hash, created_at";
const UPDATE_COLUMNS = "document_id, seq, data, user_id, delegation, origin, at";
const DEFAULT_AUDIT_LIMIT = 100;

export class SqliteStorage implements Storage {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly stmt: Statements;
  // Made once: the wrapper better-sqlite3 makes for a transaction is dear beside a one-row commit.
  private readonly appendInTransaction: Database.Transaction<(updates: readonly NewUpdate[], at: string) => number[]>;
  /** Sessions and memberships this connection ended or changed (`accessVersion`; other connections' writes move data_version). */
  private accessChanges = 0;

  constructor(options: SqliteStorageOptions) {
    this.file = options.file;
    if (options.file !== ":memory:" && options.file !== "") {
      mkdirSync(dirname(options.file), { recursive: true });
    }
    const db = new Database(options.file);
    this.db = db;
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.pragma("foreign_keys = ON");
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }

    this.stmt = prepareStatements(db);
    this.appendInTransaction = db.transaction((updates: readonly NewUpdate[], at: string): number[] =>
      updates.map((u) => {
        const seq = this.stmt.nextSeq.get(u.documentId);
        if (seq === undefined) throw new Error("appendUpdates: max(seq) returned no row");
        this.stmt.insertUpdate.run(u.documentId, seq, u.data, u.userId, u.delegation, u.origin, at);
        return seq;
      }),
    );
  }

  // ----- accounts -----

  async createUser(username: string, passwordHash: string, displayName?: string): Promise<User | null> {
    const user: User = {
      id: randomUUID(),
      username,
      displayName: displayName ?? username,
      createdAt: now(),
    };
    const { changes } = this.stmt.insertUser.run(user.id, user.username, user.displayName, passwordHash, user.createdAt);
    return changes === 1 ? user : null;
  }

  async findUserByName(username: string): Promise<(User & { readonly passwordHash: string }) | null> {
    const row = this.stmt.userByName.get(username);
    return row === undefined ? null : { ...toUser(row), passwordHash: row.password_hash };
  }

  async getUser(id: string): Promise<User | null> {
    const row = this.stmt.userById.get(id);
    return row === undefined ? null : toUser(row);
  }

  async setPassword(userId: string, passwordHash: string): Promise<number | null> {
    this.accessChanges++;
    return this.db.transaction(() => {
      if (this.stmt.updatePassword.run(passwordHash, userId).changes !== 1) return null;
      return this.stmt.deleteSessionsOf.run(userId).changes;
    }).immediate();
  }

  // ----- sessions -----

  async createSession(userId: string, ttlMs: number): Promise<Session> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`createSession: ttlMs must be positive, got ${ttlMs}`);
    const token = randomBytes(32).toString("base64url");
    const at = Date.now();
    const session: Session = { token, userId, expiresAt: new Date(at + ttlMs).toISOString() };
    this.db.transaction(() => {
      this.stmt.deleteExpiredSessions.run(new Date(at).toISOString());
      this.stmt.insertSession.run(hashToken(token), userId, session.expiresAt);
    }).immediate();
    return session;
  }

  async findSession(token: string): Promise<{ readonly session: Session; readonly user: User } | null> {
    const hash = hashToken(token);
    const row = this.stmt.sessionWithUser.get(hash);
    if (row === undefined) return null;
    if (row.expires_at <= now()) {
      this.stmt.deleteSession.run(hash);
      return null;
    }
    return { session: { token, userId: row.user_id, expiresAt: row.expires_at }, user: toUser(row) };
  }

  async deleteSession(token: string): Promise<void> {
    this.accessChanges++;
    this.stmt.deleteSession.run(hashToken(token));
  }

  async accessVersion(): Promise<string> {
    // data_version moves when another connection (another process) commits; this one's own changes are counted.
    return `${this.accessChanges}.${this.db.pragma("data_version", { simple: true })}`;
  }

  // ----- documents and memberships -----

  async createDocument(record: Omit<DocumentRecord, "createdAt">, initial: NewUpdate): Promise<boolean> {
    if (initial.documentId !== record.id) {
      throw new Error(`createDocument: initial update is for "${initial.documentId}", not "${record.id}"`);
    }
    const at = now();
    return this.db.transaction((): boolean => {
      const { changes } = this.stmt.insertDocument.run(
        record.id,
        record.title,
        at,
        record.createdBy,
        JSON.stringify(record.diagnostics),
      );
      if (changes === 0) return false;
      this.stmt.insertUpdate.run(record.id, 1, initial.data, initial.userId, initial.delegation, initial.origin, at);
      return true;
    }).immediate();
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    const row = this.stmt.documentById.get(id);
    return row === undefined ? null : toDocument(row);
  }

  async listDocumentsFor(userId: string): Promise<(DocumentRecord & { readonly membership: Membership })[]> {
    return this.stmt.documentsForUser.all(userId).map((row) => ({
      ...toDocument(row),
      membership: toMembership({ document_id: row.id, user_id: row.user_id, role: row.role, delegation: row.delegation }),
    }));
  }

  async setMembership(membership: Membership): Promise<void> {
    this.accessChanges++;
    this.stmt.upsertMembership.run(membership.documentId, membership.userId, membership.role, membership.delegation);
  }

  async removeMembership(documentId: string, userId: string): Promise<boolean> {
    this.accessChanges++;
    return this.stmt.deleteMembership.run(documentId, userId).changes > 0;
  }

  async getMembership(documentId: string, userId: string): Promise<Membership | null> {
    const row = this.stmt.membership.get(documentId, userId);
    return row === undefined ? null : toMembership(row);
  }

  async listMembers(documentId: string): Promise<(Membership & { readonly user: User })[]> {
    return this.stmt.members.all(documentId).map((row) => ({
      ...toMembership(row),
      user: toUser({ ...row, id: row.user_id }),
    }));
  }

  // ----- the update log -----

  async appendUpdates(updates: readonly NewUpdate[]): Promise<number[]> {
    if (updates.length === 0) return [];
    return this.appendInTransaction.immediate(updates, now());
  }

  async loadDocumentState(
    documentId: string,
  ): Promise<{ readonly snapshot: Snapshot | null; readonly updates: LoggedUpdate[] }> {
    // One read transaction: the snapshot and the tail come from the same state of the file.
    const { row, updates } = this.db.transaction(() => {
      const row = this.stmt.latestSnapshot.get(documentId);
      const from = (row?.upto_seq ?? 0) + 1;
      return { row, updates: this.stmt.updatesInRange.all(documentId, from, Number.MAX_SAFE_INTEGER).map(toUpdate) };
    }).deferred();
    return { snapshot: row === undefined ? null : await toSnapshot(row), updates };
  }

  async readUpdates(
    documentId: string,
    range?: { readonly fromSeq?: number; readonly toSeq?: number },
  ): Promise<LoggedUpdate[]> {
    const from = range?.fromSeq ?? 1;
    const to = range?.toSeq ?? Number.MAX_SAFE_INTEGER;
    return this.stmt.updatesInRange.all(documentId, from, to).map(toUpdate);
  }

  async readableState(documentId: string): Promise<ReadableState | null> {
    const row = this.stmt.readableState.get(documentId);
    return row === undefined ? null : { digest: row.digest, codeVersion: row.code_version };
  }

  async setReadableState(documentId: string, state: ReadableState): Promise<void> {
    this.stmt.setReadableState.run(documentId, state.digest, state.codeVersion);
  }

  async saveSnapshot(documentId: string, uptoSeq: number, data: Uint8Array): Promise<void> {
    const stored = await encodeSnapshot(data);
    this.db.transaction(() => {
      // A merge started before a restore must not bring the entries it set aside back as a snapshot.
      if (!Number.isInteger(uptoSeq) || this.stmt.isLiveEntry.get(documentId, uptoSeq) !== 1) {
        const last = this.stmt.lastSeq.get(documentId) ?? 0;
        throw new RangeError(`saveSnapshot: ${documentId} has no entry ${uptoSeq} in its log (its last is ${last})`);
      }
      // Only the latest snapshot is ever read (a restore replays the log from its first entry), so
      // the older ones go, before the new one is written: their pages hold it, and the file does
      // not grow by a whole document at each compaction.
      const latest = this.stmt.latestSnapshotSeq.get(documentId) ?? 0;
      if (latest > uptoSeq) return;
      this.stmt.deleteSnapshotsBefore.run(documentId, uptoSeq);
      this.stmt.upsertSnapshot.run(documentId, uptoSeq, stored, SNAPSHOT_ENCODING, now());
    }).immediate();
  }

  async setAsideUpdates(documentId: string, keepUpto: number, expectedLastSeq: number, audit: NewAuditEntry): Promise<SetAside | null> {
    return this.db.transaction((): SetAside | null => {
      if ((this.stmt.lastSeq.get(documentId) ?? 0) !== expectedLastSeq) return null;
      if (!Number.isInteger(keepUpto) || keepUpto >= expectedLastSeq || this.stmt.isLiveEntry.get(documentId, keepUpto) !== 1) {
        throw new RangeError(`setAsideUpdates: ${keepUpto} is not an entry of ${documentId}'s log before its last, ${expectedLastSeq}`);
      }
      const entry = this.insertAudit(audit);
      const { changes } = this.stmt.setAside.run(entry.id, documentId, keepUpto);
      this.stmt.deleteSnapshotsAfter.run(documentId, keepUpto);
      return { count: changes, audit: entry };
    }).immediate();
  }

  async readSetAsideUpdates(documentId: string): Promise<SetAsideUpdate[]> {
    return this.stmt.setAsideEntries.all(documentId).map((row) => ({ ...toUpdate(row), setAsideBy: row.set_aside_by! }));
  }

  // ----- audit trail -----

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.insertAudit(entry);
  }

  private insertAudit(entry: NewAuditEntry): AuditEntry {
    const at = now();
    const detail = JSON.stringify(entry.detail);
    const { lastInsertRowid } = this.stmt.insertAudit.run(
      entry.documentId,
      at,
      entry.userId,
      entry.username,
      entry.delegation,
      entry.action,
      entry.message,
      detail,
    );
    return { ...entry, detail: JSON.parse(detail) as Record<string, unknown>, id: Number(lastInsertRowid), at };
  }

  async listAudit(documentId: string, options?: { readonly limit?: number; readonly before?: number }): Promise<AuditEntry[]> {
    const limit = options?.limit ?? DEFAULT_AUDIT_LIMIT;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`listAudit: bad limit ${limit}`);
    const before = options?.before ?? Number.MAX_SAFE_INTEGER;
    return this.stmt.auditPage.all(documentId, before, limit).map(toAudit);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Every statement, prepared once when the database is opened. */
function prepareStatements(db: Database.Database) {
  return {
    insertUser: db.prepare<[string, string, string, string, string]>(
      `INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (username) DO NOTHING`,
    ),
    userByName: db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = ?`),
    userById: db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`),
    updatePassword: db.prepare<[string, string]>("UPDATE users SET password_hash = ? WHERE id = ?"),
    deleteSessionsOf: db.prepare<[string]>("DELETE FROM sessions WHERE user_id = ?"),

    insertSession: db.prepare<[string, string, string]>(
      "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
    ),
    sessionWithUser: db.prepare<[string], SessionUserRow>(
      `SELECT s.user_id, s.expires_at, u.id, u.username, u.display_name, u.password_hash, u.created_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
    ),
    deleteSession: db.prepare<[string]>("DELETE FROM sessions WHERE token_hash = ?"),
    deleteExpiredSessions: db.prepare<[string]>("DELETE FROM sessions WHERE expires_at <= ?"),

    insertDocument: db.prepare<[string, string, string, string | null, string]>(
      `INSERT INTO documents (id, title, created_at, created_by, diagnostics) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ),
    documentById: db.prepare<[string], DocumentRow>(
      "SELECT id, title, created_at, created_by, diagnostics FROM documents WHERE id = ?",
    ),
    documentsForUser: db.prepare<[string], DocumentMembershipRow>(
      `SELECT d.id, d.title, d.created_at, d.created_by, d.diagnostics, m.user_id, m.role, m.delegation
       FROM memberships m JOIN documents d ON d.id = m.document_id
       WHERE m.user_id = ? ORDER BY d.created_at, d.id`,
    ),

    upsertMembership: db.prepare<[string, string, string, string]>(
      `INSERT INTO memberships (document_id, user_id, role, delegation) VALUES (?, ?, ?, ?)
       ON CONFLICT (document_id, user_id) DO UPDATE SET role = excluded.role, delegation = excluded.delegation`,
    ),
    deleteMembership: db.prepare<[string, string]>("DELETE FROM memberships WHERE document_id = ? AND user_id = ?"),
    membership: db.prepare<[string, string], MembershipRow>(
      "SELECT document_id, user_id, role, delegation FROM memberships WHERE document_id = ? AND user_id = ?",
    ),
    members: db.prepare<[string], MemberRow>(
      `SELECT m.document_id, m.user_id, m.role, m.delegation, u.username, u.display_name, u.password_hash, u.created_at
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.document_id = ? ORDER BY u.username COLLATE NOCASE, u.id`,
    ),

    nextSeq: db
      .prepare<[string], number>("SELECT coalesce(max(seq), 0) + 1 FROM updates WHERE document_id = ?")
      .pluck(),
    // The last entry of the log as the document has it (set-aside entries excluded).
    lastSeq: db
      .prepare<[string], number>("SELECT coalesce(max(seq), 0) FROM updates WHERE document_id = ? AND set_aside_by IS NULL")
      .pluck(),
    isLiveEntry: db
      .prepare<[string, number], number>("SELECT set_aside_by IS NULL FROM updates WHERE document_id = ? AND seq = ?")
      .pluck(),
    insertUpdate: db.prepare<[string, number, Uint8Array, string | null, string, string, string]>(
      `INSERT INTO updates (${UPDATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    updatesInRange: db.prepare<[string, number, number], UpdateRow>(
      `SELECT ${UPDATE_COLUMNS} FROM updates
       WHERE document_id = ? AND seq >= ? AND seq <= ? AND set_aside_by IS NULL ORDER BY seq`,
    ),
    setAside: db.prepare<[number, string, number]>(
      "UPDATE updates SET set_aside_by = ? WHERE document_id = ? AND seq > ? AND set_aside_by IS NULL",
    ),
    setAsideEntries: db.prepare<[string], UpdateRow>(
      `SELECT ${UPDATE_COLUMNS}, set_aside_by FROM updates WHERE document_id = ? AND set_aside_by IS NOT NULL ORDER BY seq`,
    ),
    deleteSnapshotsAfter: db.prepare<[string, number]>("DELETE FROM snapshots WHERE document_id = ? AND upto_seq > ?"),
    readableState: db.prepare<[string], { digest: string; code_version: string }>(
      "SELECT digest, code_version FROM readable_states WHERE document_id = ?",
    ),
    setReadableState: db.prepare<[string, string, string]>(
      `INSERT INTO readable_states (document_id, digest, code_version) VALUES (?, ?, ?)
       ON CONFLICT (document_id) DO UPDATE SET digest = excluded.digest, code_version = excluded.code_version`,
    ),
    latestSnapshotSeq: db
      .prepare<[string], number>("SELECT max(upto_seq) FROM snapshots WHERE document_id = ?")
      .pluck(),
    deleteSnapshotsBefore: db.prepare<[string, number]>("DELETE FROM snapshots WHERE document_id = ? AND upto_seq < ?"),
    latestSnapshot: db.prepare<[string], SnapshotRow>(
      `SELECT document_id, upto_seq, data, encoding, at FROM snapshots WHERE document_id = ?
       ORDER BY upto_seq DESC LIMIT 1`,
    ),
    upsertSnapshot: db.prepare<[string, number, Uint8Array, string, string]>(
      `INSERT INTO snapshots (document_id, upto_seq, data, encoding, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (document_id, upto_seq) DO UPDATE SET data = excluded.data, encoding = excluded.encoding, at = excluded.at`,
    ),

    insertAudit: db.prepare<[string, string, string | null, string, string, string, string, string]>(
      `INSERT INTO audit (document_id, at, user_id, username, delegation, action, message, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    auditPage: db.prepare<[string, number, number], AuditRow>(
      `SELECT id, document_id, at, user_id, username, delegation, action, message, detail
       FROM audit WHERE document_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

function migrate(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`${db.name}: schema version ${version} is newer than this server's (${SCHEMA_VERSION})`);
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = v;
    db.transaction(() => {
      db.exec(MIGRATIONS[step] ?? "");
      db.pragma(`user_version = ${step + 1}`);
    }).immediate();
  }
}

function now(): string {
  return new Date().toISOString();
}

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A fresh Uint8Array (not a Buffer from Node's pool) holding the BLOB's bytes. */
function bytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf);
}

function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, displayName: row.display_name, createdAt: row.created_at };
}

function toDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    title: row.title,
    createdAt: row.created_at,
    createdBy: row.created_by,
    diagnostics: JSON.parse(row.diagnostics) as Diagnostic[],
  };
}

function toMembership(row: MembershipRow): Membership {
  return { documentId: row.document_id, userId: row.user_id, role: row.role as Role, delegation: row.delegation };
}

function toUpdate(row: UpdateRow): LoggedUpdate {
  return {
    seq: row.seq,
    documentId: row.document_id,
    data: bytes(row.data),
    userId: row.user_id,
    delegation: row.delegation,
    origin: row.origin as UpdateOrigin,
    at: row.at,
  };
}

async function toSnapshot(row: SnapshotRow): Promise<Snapshot> {
  return { documentId: row.document_id, uptoSeq: row.upto_seq, data: await decodeSnapshot(bytes(row.data), row.encoding), at: row.at };
}

function toAudit(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    documentId: row.document_id,
    at: row.at,
    userId: row.user_id,
    username: row.username,
    delegation: row.delegation,
    action: row.action,
    message: row.message,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}
