import { randomInt } from "node:crypto";
import pg from "pg";
import { OwnConnection } from "./own-connection.js";

/**
 * Leases on documents, in PostgreSQL: which server process may change a
 * document's log. A lease is a row (`accord_leases`) with a fencing token,
 * raised every time the document changes hands; every append of a process
 * that holds a lease is checked against the row, under the lock on the
 * document's row that also orders appends (postgres.ts). So an append of a
 * process that lost its lease — paused past its expiry, cut off — fails, in
 * the database, once another process has taken the document: nothing it
 * acknowledges afterwards, nothing it writes.
 *
 * A lease lasts `ttlMs` from its last renewal, on the database's clock. A
 * process also holds, on a connection of its own, a session advisory lock on
 * its process key: when the process dies (kill -9), PostgreSQL ends that
 * session and the lock goes, and another process may take the dead one's
 * documents at once instead of waiting for their leases to run out.
 */

/** The first key of the two-key advisory locks that mark a living process ("accd"). */
export const PROCESS_LOCK_SPACE = 0x61636364;

/** A lease held: the document, the holder's process key, the fencing token, where the holder serves. */
export interface Lease {
  readonly documentId: string;
  readonly owner: number;
  readonly token: number;
  readonly address: string;
}

/** Who holds a document another process asked for. */
export interface LeaseHolder {
  readonly owner: number;
  readonly address: string;
  readonly expiresAt: string;
}

/** What an acquisition gave: the lease, or the process that holds the document, or no such document. */
export type Acquired =
  | { readonly ok: true; readonly lease: Lease }
  | { readonly ok: false; readonly holder: LeaseHolder }
  | { readonly ok: false; readonly holder: null };

/** An append refused because this process no longer holds the lease of a document it wrote to. */
export class LeaseLost extends Error {
  constructor(readonly documentIds: readonly string[]) {
    super(`this server does not hold the lease of ${documentIds.map((d) => `“${d}”`).join(", ")} (any more): another server serves it`);
    this.name = "LeaseLost";
  }
}

type Queryable = Pick<pg.PoolClient, "query">;

interface LeaseRow {
  owner: number;
  token: string;
  address: string;
  expires_at: Date;
  live: boolean;
  alive: boolean;
}

/**
 * Takes the document's lease for `owner`, inside the caller's transaction
 * (which must not have locked the document's row yet): when nobody holds
 * it, its lease ran out, or its holder's process is gone, with a new fencing
 * token; when `owner` holds it already, renewed with the same token.
 */
export async function acquireLease(client: Queryable, documentId: string, owner: number, address: string, ttlMs: number): Promise<Acquired> {
  const { rows: documents } = await client.query("SELECT id FROM accord_documents WHERE id = $1 FOR UPDATE", [documentId]);
  if (documents.length === 0) return { ok: false, holder: null };
  const { rows } = await client.query<LeaseRow>(
    `SELECT owner, token, address, expires_at, expires_at > clock_timestamp() AS live,
       EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
               AND classid = $2::bigint::oid AND objid = accord_leases.owner::bigint::oid AND objsubid = 2) AS alive
     FROM accord_leases WHERE document_id = $1`,
    [documentId, PROCESS_LOCK_SPACE],
  );
  const row = rows[0];
  if (row && row.owner !== owner && row.live && row.alive) {
    return { ok: false, holder: { owner: row.owner, address: row.address, expiresAt: row.expires_at.toISOString() } };
  }
  // Held by this process and not run out: nobody else has written since; the token stays.
  const token = row && row.owner === owner && row.live ? Number(row.token) : Number(row?.token ?? 0) + 1;
  await client.query(
    `INSERT INTO accord_leases (document_id, owner, token, address, expires_at)
     VALUES ($1, $2, $3, $4, clock_timestamp() + $5 * interval '1 millisecond')
     ON CONFLICT (document_id) DO UPDATE SET owner = excluded.owner, token = excluded.token,
       address = excluded.address, expires_at = excluded.expires_at`,
    [documentId, owner, token, address, ttlMs],
  );
  return { ok: true, lease: { documentId, owner, token, address } };
}

/**
 * Extends the leases `owner` still holds among `leases` by `ttlMs` from now;
 * returns the ids of those it extended (a lease run out or taken is not).
 */
export async function renewLeases(db: Queryable, owner: number, leases: readonly Lease[], ttlMs: number): Promise<Set<string>> {
  if (leases.length === 0) return new Set();
  const { rows } = await db.query<{ document_id: string }>(
    `UPDATE accord_leases l SET expires_at = clock_timestamp() + $4 * interval '1 millisecond'
     FROM unnest($2::text[], $3::bigint[]) AS h(document_id, token)
     WHERE l.document_id = h.document_id AND l.token = h.token AND l.owner = $1 AND l.expires_at > clock_timestamp()
     RETURNING l.document_id`,
    [owner, leases.map((l) => l.documentId), leases.map((l) => String(l.token)), ttlMs],
  );
  return new Set(rows.map((r) => r.document_id));
}

/**
 * Gives a lease up: it runs out now (the row and its token stay, so the next
 * holder's token is higher). Does nothing when the lease is no longer this one.
 */
export async function releaseLease(db: Queryable, lease: Lease): Promise<void> {
  await db.query("UPDATE accord_leases SET expires_at = clock_timestamp() WHERE document_id = $1 AND owner = $2 AND token = $3", [
    lease.documentId,
    lease.owner,
    String(lease.token),
  ]);
}

/** Who holds the document now (a lease not run out), or null. */
export async function leaseHolder(db: Queryable, documentId: string): Promise<(LeaseHolder & { readonly token: number }) | null> {
  const { rows } = await db.query<LeaseRow>(
    "SELECT owner, token, address, expires_at FROM accord_leases WHERE document_id = $1 AND expires_at > clock_timestamp()",
    [documentId],
  );
  const row = rows[0];
  return row ? { owner: row.owner, token: Number(row.token), address: row.address, expiresAt: row.expires_at.toISOString() } : null;
}

/**
 * Who serves the document now: a holder whose lease has not run out and
 * whose process lives (holds its key), with where it serves; null when
 * nobody does, so that whoever loads it next takes it.
 */
export async function servingHolder(db: Queryable, documentId: string): Promise<{ readonly owner: number; readonly address: string } | null> {
  const { rows } = await db.query<{ owner: number; address: string }>(
    `SELECT owner, address FROM accord_leases
     WHERE document_id = $1 AND expires_at > clock_timestamp()
       AND EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                   AND classid = $2::bigint::oid AND objid = accord_leases.owner::bigint::oid AND objsubid = 2)`,
    [documentId, PROCESS_LOCK_SPACE],
  );
  return rows[0] ?? null;
}

/**
 * Inside an append's transaction, after the documents' rows are locked:
 * throws `LeaseLost` unless each fenced document's lease is still `lease`
 * (same holder, same token, not run out on the database's clock).
 */
export async function checkFences(client: Queryable, fences: ReadonlyMap<string, Lease>, documentIds: readonly string[]): Promise<void> {
  const fenced = documentIds.filter((id) => fences.has(id));
  if (fenced.length === 0) return;
  const { rows } = await client.query<{ document_id: string; owner: number; token: string; live: boolean }>(
    "SELECT document_id, owner, token, expires_at > clock_timestamp() AS live FROM accord_leases WHERE document_id = ANY($1)",
    [fenced],
  );
  const current = new Map(rows.map((r) => [r.document_id, r]));
  const lost = fenced.filter((id) => {
    const row = current.get(id);
    const lease = fences.get(id)!;
    return !row || !row.live || row.owner !== lease.owner || Number(row.token) !== lease.token;
  });
  if (lost.length) throw new LeaseLost(lost);
}

/**
 * This process's key, held as a session advisory lock on a connection of
 * its own for as long as the process lives (or until `release`): a random
 * key no living process holds. When the connection breaks (the database
 * restarted), the key is taken again on a new one, every second until it
 * is; `onLost` is told at once, as other processes may meanwhile have taken
 * this process's documents.
 */
export class ProcessKey {
  private constructor(
    readonly key: number,
    private readonly connection: OwnConnection,
  ) {}

  /** Connects and takes a free key. Rejects when the database cannot be reached. */
  static async take(url: string, onLost: () => void = () => {}): Promise<ProcessKey> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const key = randomInt(1, 2 ** 31 - 1);
      const lock = async (client: pg.Client) => {
        const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS locked", [PROCESS_LOCK_SPACE, key]);
        return rows[0]?.locked === true;
      };
      const connection = await OwnConnection.open(url, lock, { onBroken: onLost });
      if (connection) return new ProcessKey(key, connection);
    }
    throw new Error("no free process key after 20 attempts");
  }

  /**
   * Whether this process holds its key now: false from the moment its
   * connection broke until the key is taken again on a new one (meanwhile
   * other processes see this one as gone and may take its documents).
   */
  get held(): boolean {
    return this.connection.isUp;
  }

  /** Lets the key go (the process is stopping). */
  release(): Promise<void> {
    return this.connection.close();
  }
}
