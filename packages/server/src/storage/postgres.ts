import { createHash, randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import type { Diagnostic } from "@accord/text";
import { acquireLease, checkFences, LeaseLost, releaseLease, renewLeases, type Acquired, type Lease } from "./postgres-lease.js";
import { announceRevocation } from "./postgres-events.js";
import { migratePostgres } from "./postgres-schema.js";
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

/** How to reach the PostgreSQL store. */
export interface PostgresStorageOptions {
  /** `postgres://user@host:port/database` (libpq's URL form, as in `DATABASE_URL`). */
  readonly url: string;
  /** The most connections this process opens; default 10. */
  readonly maxConnections?: number;
  /**
   * Refuse every append to a document this process holds no lease of
   * (`acquireLease`): on for servers sharing the database, so that no
   * update reaches a log but through its document's one holder.
   */
  readonly requireLease?: boolean;
}

/**
 * Connects to the database at `options.url` and brings its schema up to
 * date (migrations run at start, one process at a time). Rejects when the
 * database cannot be reached or was written by a newer version.
 */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<PostgresStorage> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  // A connection that fails while idle in the pool (the server restarted) is dropped by the
  // pool; the next query opens a new one. Without a listener the error would end the process.
  pool.on("error", () => {});
  try {
    const client = await pool.connect();
    let broken: Error | undefined;
    const died = (error: Error) => (broken ??= error);
    client.on("error", died);
    try {
      await migratePostgres(client);
    } finally {
      client.off("error", died);
      client.release(broken);
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStorage(pool, options);
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: Date;
}

interface DocumentRow {
  id: string;
  title: string;
  created_at: Date;
  created_by: string | null;
  diagnostics: Diagnostic[];
}

interface MembershipRow {
  document_id: string;
  user_id: string;
  role: string;
  delegation: string;
}

interface UpdateRow {
  document_id: string;
  seq: number;
  data: Buffer;
  user_id: string | null;
  delegation: string;
  origin: string;
  at: Date;
  set_aside_by?: string | null;
}

interface AuditRow {
  id: string;
  document_id: string;
  at: Date;
  user_id: string | null;
  username: string;
  delegation: string;
  action: string;
  message: string;
  detail: Record<string, unknown>;
}

const USER_COLUMNS = "id, username, display_name, password_hash, created_at";
const UPDATE_COLUMNS = "document_id, seq, data, user_id, delegation, origin, at";
const AUDIT_COLUMNS = "id, document_id, at, user_id, username, delegation, action, message, detail";
/** How a username is compared: A–Z folded, as the `username_key` column is made. */
const USERNAME_KEY = "translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
const DEFAULT_AUDIT_LIMIT = 100;
/** Every writing transaction: a commit that has returned is on the server's disk, whatever the server's default. */
const BEGIN_DURABLE = "BEGIN; SET LOCAL synchronous_commit TO on";

/**
 * The shared store for several server processes (`DATABASE_URL`): the same
 * tables, answers and failures as the SQLite store, in PostgreSQL. A
 * transaction that has committed is durable (`synchronous_commit` on);
 * appends of one process are written in the order they were called, and
 * appends to one document from anywhere are serialised by a lock on the
 * document's row, so sequence numbers stay consecutive.
 */
export class PostgresStorage implements Storage {
  /** The appends of this process, one after the other, in the order they were called. */
  private appending: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** The leases this process holds, by document: every append to one is checked against its row. */
  private readonly fences = new Map<string, Lease>();
  /** The URL this store connects to. */
  readonly url: string;
  private readonly requireLease: boolean;

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresStorageOptions,
  ) {
    this.url = options.url;
    this.requireLease = options.requireLease ?? false;
  }

  // ----- leases (postgres-lease.ts) -----

  /**
   * Takes the document's lease for the process `owner` (its process key),
   * serving at `address`, for `ttlMs`; from then on this store's appends to
   * the document commit only while that lease stands. Says who holds it
   * when another living process does, or that there is no such document.
   */
  async acquireLease(documentId: string, owner: number, address: string, ttlMs: number): Promise<Acquired> {
    const acquired = await this.transaction((client) => acquireLease(client, documentId, owner, address, ttlMs));
    if (acquired.ok) this.fences.set(documentId, acquired.lease);
    return acquired;
  }

  /** Extends the leases held; returns the documents whose lease was extended (the others are lost). */
  async renewLeases(owner: number, ttlMs: number): Promise<Set<string>> {
    return renewLeases(this.pool, owner, [...this.fences.values()], ttlMs);
  }

  /** Gives the document's lease up (after its last append): appends to it are refused from now on. */
  async releaseLease(documentId: string): Promise<void> {
    const lease = this.fences.get(documentId);
    if (!lease) return;
    await releaseLease(this.pool, lease);
    this.fences.delete(documentId);
  }

  /** The lease this store holds on the document, if any (it may have been lost since). */
  heldLease(documentId: string): Lease | null {
    return this.fences.get(documentId) ?? null;
  }

  // ----- accounts -----

  async createUser(username: string, passwordHash: string, displayName?: string): Promise<User | null> {
    const user: User = { id: randomUUID(), username, displayName: displayName ?? username, createdAt: now() };
    const { rowCount } = await this.pool.query(
      `INSERT INTO accord_users (id, username, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username_key) DO NOTHING`,
      [user.id, user.username, user.displayName, passwordHash, user.createdAt],
    );
    return rowCount === 1 ? user : null;
  }

  async findUserByName(username: string): Promise<(User & { readonly passwordHash: string }) | null> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM accord_users WHERE username_key = ${USERNAME_KEY}`, [username]);
    const row = rows[0];
    return row === undefined ? null : { ...toUser(row), passwordHash: row.password_hash };
  }

  async getUser(id: string): Promise<User | null> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM accord_users WHERE id = $1`, [id]);
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  async setPassword(userId: string, passwordHash: string): Promise<number | null> {
    return this.transaction(async (client) => {
      const updated = await client.query("UPDATE accord_users SET password_hash = $1 WHERE id = $2", [passwordHash, userId]);
      if (updated.rowCount !== 1) return null;
      const ended = (await client.query("DELETE FROM accord_sessions WHERE user_id = $1", [userId])).rowCount ?? 0;
      // Every server closes the connections of the sessions just ended (postgres-events.ts).
      await announceRevocation(client, { userId, documentId: null });
      return ended;
    });
  }

  // ----- sessions -----

  async createSession(userId: string, ttlMs: number): Promise<Session> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`createSession: ttlMs must be positive, got ${ttlMs}`);
    const token = randomBytes(32).toString("base64url");
    const at = Date.now();
    const session: Session = { token, userId, expiresAt: new Date(at + ttlMs).toISOString() };
    await this.transaction(async (client) => {
      await client.query("DELETE FROM accord_sessions WHERE expires_at <= $1", [new Date(at).toISOString()]);
      await client.query("INSERT INTO accord_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)", [
        hashToken(token),
        userId,
        session.expiresAt,
      ]);
    });
    return session;
  }

  async findSession(token: string): Promise<{ readonly session: Session; readonly user: User } | null> {
    const hash = hashToken(token);
    const { rows } = await this.pool.query<UserRow & { user_id: string; expires_at: Date }>(
      `SELECT s.user_id, s.expires_at, u.id, u.username, u.display_name, u.password_hash, u.created_at
       FROM accord_sessions s JOIN accord_users u ON u.id = s.user_id WHERE s.token_hash = $1`,
      [hash],
    );
    const row = rows[0];
    if (row === undefined) return null;
    const expiresAt = row.expires_at.toISOString();
    if (expiresAt <= now()) {
      await this.pool.query("DELETE FROM accord_sessions WHERE token_hash = $1", [hash]);
      return null;
    }
    return { session: { token, userId: row.user_id, expiresAt }, user: toUser(row) };
  }

  async deleteSession(token: string): Promise<void> {
    await this.transaction(async (client) => {
      const { rows } = await client.query<{ user_id: string }>("DELETE FROM accord_sessions WHERE token_hash = $1 RETURNING user_id", [hashToken(token)]);
      if (rows[0]) await announceRevocation(client, { userId: rows[0].user_id, documentId: null });
    });
  }

  async accessVersion(): Promise<null> {
    // Revocations are announced to every server (postgres-events.ts); between them each periodic check reads every connection.
    return null;
  }


  // ----- documents and memberships -----

  async createDocument(record: Omit<DocumentRecord, "createdAt">, initial: NewUpdate): Promise<boolean> {
    if (initial.documentId !== record.id) {
      throw new Error(`createDocument: initial update is for "${initial.documentId}", not "${record.id}"`);
    }
    const at = now();
    return this.transaction(async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO accord_documents (id, title, created_at, created_by, diagnostics) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING`,
        [record.id, record.title, at, record.createdBy, JSON.stringify(record.diagnostics)],
      );
      if (rowCount === 0) return false;
      await client.query(`INSERT INTO accord_updates (${UPDATE_COLUMNS}) VALUES ($1, 1, $2, $3, $4, $5, $6)`, [
        record.id,
        initial.data,
        initial.userId,
        initial.delegation,
        initial.origin,
        at,
      ]);
      return true;
    });
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    const { rows } = await this.pool.query<DocumentRow>(
      "SELECT id, title, created_at, created_by, diagnostics FROM accord_documents WHERE id = $1",
      [id],
    );
    return rows[0] === undefined ? null : toDocument(rows[0]);
  }

  async listDocumentsFor(userId: string): Promise<(DocumentRecord & { readonly membership: Membership })[]> {
    const { rows } = await this.pool.query<DocumentRow & { user_id: string; role: string; delegation: string }>(
      `SELECT d.id, d.title, d.created_at, d.created_by, d.diagnostics, m.user_id, m.role, m.delegation
       FROM accord_memberships m JOIN accord_documents d ON d.id = m.document_id
       WHERE m.user_id = $1 ORDER BY d.created_at, d.id COLLATE "C"`,
      [userId],
    );
    return rows.map((row) => ({
      ...toDocument(row),
      membership: toMembership({ document_id: row.id, user_id: row.user_id, role: row.role, delegation: row.delegation }),
    }));
  }

  async setMembership(membership: Membership): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO accord_memberships (document_id, user_id, role, delegation) VALUES ($1, $2, $3, $4)
         ON CONFLICT (document_id, user_id) DO UPDATE SET role = excluded.role, delegation = excluded.delegation`,
        [membership.documentId, membership.userId, membership.role, membership.delegation],
      );
      await announceRevocation(client, { userId: membership.userId, documentId: membership.documentId });
    });
  }

  async removeMembership(documentId: string, userId: string): Promise<boolean> {
    return this.transaction(async (client) => {
      const { rowCount } = await client.query("DELETE FROM accord_memberships WHERE document_id = $1 AND user_id = $2", [documentId, userId]);
      if (!rowCount) return false;
      await announceRevocation(client, { userId, documentId });
      return true;
    });
  }

  async getMembership(documentId: string, userId: string): Promise<Membership | null> {
    const { rows } = await this.pool.query<MembershipRow>(
      "SELECT document_id, user_id, role, delegation FROM accord_memberships WHERE document_id = $1 AND user_id = $2",
      [documentId, userId],
    );
    return rows[0] === undefined ? null : toMembership(rows[0]);
  }

  async listMembers(documentId: string): Promise<(Membership & { readonly user: User })[]> {
    const { rows } = await this.pool.query<MembershipRow & Omit<UserRow, "id">>(
      `SELECT m.document_id, m.user_id, m.role, m.delegation, u.username, u.display_name, u.password_hash, u.created_at
       FROM accord_memberships m JOIN accord_users u ON u.id = m.user_id
       WHERE m.document_id = $1 ORDER BY u.username_key COLLATE "C", u.id COLLATE "C"`,
      [documentId],
    );
    return rows.map((row) => ({ ...toMembership(row), user: toUser({ ...row, id: row.user_id }) }));
  }

  // ----- the update log -----

  appendUpdates(updates: readonly NewUpdate[]): Promise<number[]> {
    if (updates.length === 0) return Promise.resolve([]);
    const done = this.appending.then(() => this.append(updates));
    this.appending = done.catch(() => undefined);
    return done;
  }

  private async append(updates: readonly NewUpdate[]): Promise<number[]> {
    const at = now();
    const ids = [...new Set(updates.map((u) => u.documentId))];
    return this.transaction(async (client) => {
      // The documents' rows, locked in one order (no deadlock between two appenders): appends
      // to one document wait for each other, so max(seq) + 1 is not taken twice.
      await client.query(`SELECT id FROM accord_documents WHERE id = ANY($1) ORDER BY id COLLATE "C" FOR UPDATE`, [ids]);
      if (this.requireLease) {
        const unleased = ids.filter((id) => !this.fences.has(id));
        if (unleased.length) throw new LeaseLost(unleased);
      }
      await checkFences(client, this.fences, ids);
      const { rows } = await client.query<{ document_id: string; last: number }>(
        "SELECT document_id, max(seq) AS last FROM accord_updates WHERE document_id = ANY($1) GROUP BY document_id",
        [ids],
      );
      const last = new Map(rows.map((r) => [r.document_id, r.last]));
      const seqs = updates.map((u) => {
        const seq = (last.get(u.documentId) ?? 0) + 1;
        last.set(u.documentId, seq);
        return seq;
      });
      await client.query(
        `INSERT INTO accord_updates (${UPDATE_COLUMNS})
         SELECT d, s, b, u, g, o, $7 FROM unnest($1::text[], $2::int[], $3::bytea[], $4::text[], $5::text[], $6::text[]) AS t(d, s, b, u, g, o)`,
        [
          updates.map((u) => u.documentId),
          seqs,
          updates.map((u) => Buffer.from(u.data.buffer, u.data.byteOffset, u.data.byteLength)),
          updates.map((u) => u.userId),
          updates.map((u) => u.delegation),
          updates.map((u) => u.origin),
          at,
        ],
      );
      return seqs;
    });
  }

  async loadDocumentState(documentId: string): Promise<{ readonly snapshot: Snapshot | null; readonly updates: LoggedUpdate[] }> {
    // One snapshot of the database: the snapshot and the tail come from the same state.
    const { row, updates } = await this.transaction(async (client) => {
      const { rows } = await client.query<SnapshotRow>(
        "SELECT document_id, upto_seq, data, encoding, at FROM accord_snapshots WHERE document_id = $1 ORDER BY upto_seq DESC LIMIT 1",
        [documentId],
      );
      const row = rows[0];
      return { row, updates: await readRange(client, documentId, (row?.upto_seq ?? 0) + 1, MAX_SEQ) };
    }, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    return { snapshot: row === undefined ? null : await toSnapshot(row), updates };
  }

  async readUpdates(documentId: string, range?: { readonly fromSeq?: number; readonly toSeq?: number }): Promise<LoggedUpdate[]> {
    return readRange(this.pool, documentId, clampSeq(range?.fromSeq ?? 1), clampSeq(range?.toSeq ?? MAX_SEQ));
  }

  async readableState(documentId: string): Promise<ReadableState | null> {
    const { rows } = await this.pool.query<{ digest: string; code_version: string }>(
      "SELECT digest, code_version FROM accord_readable_states WHERE document_id = $1",
      [documentId],
    );
    return rows[0] ? { digest: rows[0].digest, codeVersion: rows[0].code_version } : null;
  }

  async setReadableState(documentId: string, state: ReadableState): Promise<void> {
    await this.pool.query(
      `INSERT INTO accord_readable_states (document_id, digest, code_version) VALUES ($1, $2, $3)
       ON CONFLICT (document_id) DO UPDATE SET digest = excluded.digest, code_version = excluded.code_version`,
      [documentId, state.digest, state.codeVersion],
    );
  }

  async saveSnapshot(documentId: string, uptoSeq: number, data: Uint8Array): Promise<void> {
    const stored = await encodeSnapshot(data);
    await this.transaction(async (client) => {
      await lockDocument(client, documentId);
      // A merge started before a restore must not bring the entries it set aside back as a snapshot.
      if (!(await isLiveEntry(client, documentId, uptoSeq))) {
        const last = await lastSeq(client, documentId);
        throw new RangeError(`saveSnapshot: ${documentId} has no entry ${uptoSeq} in its log (its last is ${last})`);
      }
      // Only the latest snapshot is ever read (a restore replays the log from its first entry):
      // an older one is not stored, and the new one replaces those before it.
      const { rows } = await client.query<{ latest: number | null }>(
        "SELECT max(upto_seq) AS latest FROM accord_snapshots WHERE document_id = $1",
        [documentId],
      );
      if ((rows[0]?.latest ?? 0) > uptoSeq) return;
      await client.query("DELETE FROM accord_snapshots WHERE document_id = $1 AND upto_seq < $2", [documentId, uptoSeq]);
      await client.query(
        `INSERT INTO accord_snapshots (document_id, upto_seq, data, encoding, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (document_id, upto_seq) DO UPDATE SET data = excluded.data, encoding = excluded.encoding, at = excluded.at`,
        [documentId, uptoSeq, stored, SNAPSHOT_ENCODING, now()],
      );
    });
  }

  async setAsideUpdates(documentId: string, keepUpto: number, expectedLastSeq: number, audit: NewAuditEntry): Promise<SetAside | null> {
    return this.transaction(async (client) => {
      await lockDocument(client, documentId);
      if ((await lastSeq(client, documentId)) !== expectedLastSeq) return null;
      if (!Number.isInteger(keepUpto) || keepUpto >= expectedLastSeq || !(await isLiveEntry(client, documentId, keepUpto))) {
        throw new RangeError(`setAsideUpdates: ${keepUpto} is not an entry of ${documentId}'s log before its last, ${expectedLastSeq}`);
      }
      const entry = await insertAudit(client, audit);
      const { rowCount } = await client.query(
        "UPDATE accord_updates SET set_aside_by = $1 WHERE document_id = $2 AND seq > $3 AND set_aside_by IS NULL",
        [entry.id, documentId, keepUpto],
      );
      await client.query("DELETE FROM accord_snapshots WHERE document_id = $1 AND upto_seq > $2", [documentId, keepUpto]);
      return { count: rowCount ?? 0, audit: entry };
    });
  }

  async readSetAsideUpdates(documentId: string): Promise<SetAsideUpdate[]> {
    const { rows } = await this.pool.query<UpdateRow>(
      `SELECT ${UPDATE_COLUMNS}, set_aside_by FROM accord_updates WHERE document_id = $1 AND set_aside_by IS NOT NULL ORDER BY seq`,
      [documentId],
    );
    return rows.map((row) => ({ ...toUpdate(row), setAsideBy: Number(row.set_aside_by) }));
  }

  // ----- audit trail -----

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.transaction((client) => insertAudit(client, entry));
  }

  async listAudit(documentId: string, options?: { readonly limit?: number; readonly before?: number }): Promise<AuditEntry[]> {
    const limit = options?.limit ?? DEFAULT_AUDIT_LIMIT;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`listAudit: bad limit ${limit}`);
    const before = options?.before ?? Number.MAX_SAFE_INTEGER;
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM accord_audit WHERE document_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`,
      [documentId, before, limit],
    );
    return rows.map(toAudit);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.appending;
    await this.pool.end();
  }

  /**
   * Runs `work` in a transaction on one connection: committed when it
   * resolves (durably, with the default `begin`), rolled back when it throws.
   * A connection whose rollback fails is dropped rather than reused.
   */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, begin = BEGIN_DURABLE): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection that dies while taken from the pool (the database restarted) emits an error its
    // pool no longer listens for, which would end the process; its queries fail, and it is dropped.
    const died = (error: Error) => (broken ??= error);
    client.on("error", died);
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollback: Error) => (broken = rollback));
      throw error;
    } finally {
      client.off("error", died);
      client.release(broken);
    }
  }
}

/** The largest sequence number the log's column holds. */
const MAX_SEQ = 2_147_483_647;

function clampSeq(seq: number): number {
  return Math.max(0, Math.min(MAX_SEQ, Math.trunc(seq)));
}

type Queryable = Pick<pg.PoolClient, "query">;

async function readRange(db: Queryable, documentId: string, from: number, to: number): Promise<LoggedUpdate[]> {
  const { rows } = await db.query<UpdateRow>(
    `SELECT ${UPDATE_COLUMNS} FROM accord_updates
     WHERE document_id = $1 AND seq >= $2 AND seq <= $3 AND set_aside_by IS NULL ORDER BY seq`,
    [documentId, from, to],
  );
  return rows.map(toUpdate);
}

/** Waits for, then holds until the transaction ends, the right to change the document's log. */
async function lockDocument(client: Queryable, documentId: string): Promise<void> {
  await client.query("SELECT id FROM accord_documents WHERE id = $1 FOR UPDATE", [documentId]);
}

/** The last entry of the log as the document has it (set-aside entries excluded). */
async function lastSeq(client: Queryable, documentId: string): Promise<number> {
  const { rows } = await client.query<{ last: number }>(
    "SELECT coalesce(max(seq), 0) AS last FROM accord_updates WHERE document_id = $1 AND set_aside_by IS NULL",
    [documentId],
  );
  return rows[0]!.last;
}

async function isLiveEntry(client: Queryable, documentId: string, seq: number): Promise<boolean> {
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) return false;
  const { rows } = await client.query("SELECT 1 FROM accord_updates WHERE document_id = $1 AND seq = $2 AND set_aside_by IS NULL", [
    documentId,
    seq,
  ]);
  return rows.length === 1;
}

async function insertAudit(client: Queryable, entry: NewAuditEntry): Promise<AuditEntry> {
  const at = now();
  const detail = JSON.stringify(entry.detail);
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO accord_audit (document_id, at, user_id, username, delegation, action, message, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [entry.documentId, at, entry.userId, entry.username, entry.delegation, entry.action, entry.message, detail],
  );
  return { ...entry, detail: JSON.parse(detail) as Record<string, unknown>, id: Number(rows[0]!.id), at };
}

function now(): string {
  return new Date().toISOString();
}

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A fresh Uint8Array (not a Buffer from Node's pool) holding the bytes. */
function bytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf);
}

function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, displayName: row.display_name, createdAt: row.created_at.toISOString() };
}

function toDocument(row: DocumentRow): DocumentRecord {
  return { id: row.id, title: row.title, createdAt: row.created_at.toISOString(), createdBy: row.created_by, diagnostics: row.diagnostics };
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
    at: row.at.toISOString(),
  };
}

function toAudit(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    documentId: row.document_id,
    at: row.at.toISOString(),
    userId: row.user_id,
    username: row.username,
    delegation: row.delegation,
    action: row.action,
    message: row.message,
    detail: row.detail,
  };
}

/** A row of accord_snapshots as read. */
interface SnapshotRow {
  readonly document_id: string;
  readonly upto_seq: number;
  readonly data: Buffer;
  readonly encoding: string;
  readonly at: Date;
}

async function toSnapshot(row: SnapshotRow): Promise<Snapshot> {
  return { documentId: row.document_id, uptoSeq: row.upto_seq, data: await decodeSnapshot(bytes(row.data), row.encoding), at: row.at.toISOString() };
}
