import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WebSocket } from "ws";
import { SyncSession } from "../src/editor/sync/sync-session.js";
import type { ConnectionState } from "../src/editor/types.js";
import { DRAFT, startTestServer, type TestServer } from "../../../packages/server/test/support.js";
import { PROCESS_LOCK_SPACE } from "../../../packages/server/src/storage/postgres-lease.js";
import { REVOCATIONS_CHANNEL } from "../../../packages/server/src/storage/postgres-events.js";
import { describeOwnPostgres, startOwnPostgres, type OwnPostgres, type StopMode } from "../../../test/support/own-postgres.js";
import { storedText } from "../../../test/support/stored-document.js";
import { appendParagraph, documentText } from "../../../test/support/y-documents.js";

// PostgreSQL restarted while people type (docs/deployment.md, "what happens on
// failure"): two servers share a PostgreSQL cluster of this test's own (the
// machine's shared one serves other test files meanwhile); the web app's own
// sync sessions type into two documents, one served by each server, while the
// database is stopped — cleanly (`pg_ctl stop -m fast`), then crashed
// (`-m immediate`) — and started again on the same port. The servers take
// their process keys and their LISTEN back, the sessions show "syncing" (not
// "connected") during the outage and "connected" after it, every word a
// session saw acknowledged is in the log — read again by a server started
// afterwards — and every copy converges.

const LEASE_MS = 3000;
const DEADLINE = 60_000;
const DOCUMENTS = ["plan", "annex"];
/**
 * The sessions type on at the very instant the database stops: a word in
 * flight then is not logged (the database is gone) and the server forgets
 * it; the next words of the same session, built on it, are not judged but
 * the connection reset (validator.ts, AfterUnstoredEdit), and the session
 * syncs again. (Judged, they were refused as depending on changes the server
 * has not received, and the page's session ended: 3 of 5 runs.)
 * ACCORD_PG_RESTART_PAUSED=1 pauses the typing for the stop, everything
 * acknowledged, as the test did before.
 */
const STRICT = process.env.ACCORD_PG_RESTART_PAUSED !== "1";
/** How long the sessions go on typing while the database is down. */
const OUTAGE_MS = 2000;

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = DEADLINE): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A web app's sync session typing into a document, with what it typed, what it saw acknowledged and the states it showed. */
interface Typist {
  readonly name: string;
  readonly documentId: string;
  readonly session: SyncSession;
  readonly typed: string[];
  /** How many of `typed` (from the start) the session saw acknowledged: all it had typed whenever it showed "connected" with nothing unsent. */
  acknowledged: number;
  /** Every state the session reported, with when. */
  readonly states: { readonly state: ConnectionState; readonly at: number }[];
}

describeOwnPostgres("PostgreSQL restarted while clients type", () => {
  let database: OwnPostgres;
  const servers: TestServer[] = [];
  const typists: Typist[] = [];
  /** Edits the server refused and connections it would not let in (none may be). */
  const refusals: string[] = [];
  let typing = false;
  const timers = new Set<NodeJS.Timeout>();

  async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: database.url, connectionTimeoutMillis: 2000 });
    client.on("error", () => {});
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end().catch(() => {});
    }
  }

  function typist(server: TestServer, documentId: string, token: string, name: string): Typist {
    const states: Typist["states"] = [];
    const record = { name, documentId, typed: [] as string[], acknowledged: 0, states } as Omit<Typist, "session"> & { session?: SyncSession };
    record.session = new SyncSession({
      url: `${server.server.url.replace("http", "ws")}/collab/${documentId}`,
      documentId,
      token,
      WebSocketPolyfill: WebSocket,
      onState: (state) => {
        states.push({ state, at: Date.now() });
        // The session reports its first state while it is being made.
        if (record.session) noteAcknowledged(record as Typist);
      },
      onFirstSync: () => {},
      // Either ends the session (the page would ask to reload): noted, and the round fails.
      onRejected: (reason) => refusals.push(`${name}: an edit refused: ${reason}`),
      onAuthenticationFailed: (reason) => refusals.push(`${name}: not let in: ${reason}`),
    });
    typists.push(record as Typist);
    return record as Typist;
  }

  /** Rethrows a failed wait with where each session stands: what it typed and saw acknowledged, its state, its last states (ms since the first). */
  function withSessions(error: Error): never {
    const start = Math.min(...typists.map((t) => t.states[0]?.at ?? Date.now()));
    const sessions = typists.map(
      (t) => `${t.name}: ${t.acknowledged}/${t.typed.length} acknowledged, ${t.session.state}, ${t.session.unsentChanges} unsent; ${t.states.slice(-6).map((s) => `${s.state}@${s.at - start}`).join(" ")}`,
    );
    throw new Error(`${error.message}\n${sessions.join("\n")}\nrefused: ${refusals.join("; ") || "nothing"}`);
  }

  /** Whatever the session had typed when it shows "connected" with nothing unsent was acknowledged by the server. */
  function noteAcknowledged(t: Typist): void {
    if (t.session.state === "connected" && t.session.unsentChanges === 0) t.acknowledged = t.typed.length;
  }

  /**
   * Every typist appends a paragraph every 50–250 ms (at random, so that each
   * often has nothing waiting to be sent when an acknowledgement arrives)
   * until `stopTyping`.
   */
  function startTyping(tag: string): void {
    typing = true;
    for (const t of typists) {
      let n = 0;
      const next = () => {
        if (!typing) return;
        // The full stop ends the word: "…-1." is not found inside "…-10.".
        const word = `${t.name}-${tag}-${++n}.`;
        appendParagraph(t.session.ydoc, word);
        t.typed.push(word);
        timers.add(setTimeout(next, 50 + Math.random() * 200));
      };
      next();
    }
  }

  function stopTyping(): void {
    typing = false;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  }

  /** The servers' process keys held in the database, and how many connections listen for revocations. */
  async function sessionsHeld(): Promise<{ keys: number[]; listening: number }> {
    const keys = await sql<{ key: number }>(
      "SELECT objid::bigint AS key FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::bigint::oid AND objsubid = 2 ORDER BY 1",
      [PROCESS_LOCK_SPACE],
    );
    const [listening] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1", [`LISTEN ${REVOCATIONS_CHANNEL}`]);
    return { keys: keys.map((k) => Number(k.key)), listening: listening!.n };
  }

  const expectedKeys = () => servers.map((s) => s.server.ownership!.processKey).sort((a, b) => a - b);

  /** The document as the database has it: the snapshot and the log after it. */
  const stored = (documentId: string) => storedText(database.url, documentId);

  beforeAll(async () => {
    database = await startOwnPostgres();
    for (let i = 0; i < 2; i++) servers.push(await startTestServer({ databaseUrl: database.url, leaseTtlMs: LEASE_MS }));
    const [a, b] = servers as [TestServer, TestServer];
    for (const id of DOCUMENTS) await a.create(id, DRAFT);
    // Each document at a server of its own, as the balancer's hash sends every client of a document to one server.
    for (const [id, server] of [
      [DOCUMENTS[0]!, a],
      [DOCUMENTS[1]!, b],
    ] as const) {
      for (const n of [1, 2]) typist(server, id, await server.member(`chair-${id}-${n}`, id, "chair"), `${id}-${n}`);
    }
    await until(() => typists.every((t) => t.session.state === "connected"), "every session connected");
  }, 120_000);

  afterAll(async () => {
    stopTyping();
    for (const t of typists) t.session.destroy();
    for (const server of servers) await server.close().catch(() => {});
    await database?.destroy();
  }, 120_000);

  for (const mode of ["fast", "immediate"] as StopMode[]) {
    it(`stopped with -m ${mode} and started again: the servers recover, the sessions show syncing then connected, nothing acknowledged is lost`, async () => {
      expect(await sessionsHeld()).toEqual({ keys: expectedKeys(), listening: servers.length });
      startTyping(mode);
      try {
        // Some words acknowledged before the outage.
        const before = typists.map((t) => t.acknowledged);
        await until(() => typists.every((t, i) => t.acknowledged > before[i]! + 2), "words acknowledged before the outage", 20_000).catch(withSessions);
        if (!STRICT) {
          // Nothing in flight at the instant the database goes (ACCORD_PG_RESTART_PAUSED): the typing stops until every word is acknowledged.
          stopTyping();
          await until(() => typists.every((t) => t.session.state === "connected" && t.session.unsentChanges === 0), "everything acknowledged before the stop").catch(withSessions);
        }
        await database.stop(mode);
        const stoppedAt = Date.now();
        if (!STRICT) {
          await new Promise((r) => setTimeout(r, 200));
          startTyping(`${mode}-outage`);
        }
        // What each session had seen acknowledged when the database went: on disk, whatever the stop.
        const acknowledgedAtStop = typists.map((t) => t.typed.slice(0, t.acknowledged));
        await new Promise((r) => setTimeout(r, OUTAGE_MS));
        const restartedAt = Date.now();
        const stateAtRestart = typists.map((t) => t.session.state);
        await database.start();
        // Read at once, before the servers (which retry every second) have any session's handshake logged again.
        for (const id of DOCUMENTS) {
          const text = await stored(id);
          for (const [i, t] of typists.entries()) {
            if (t.documentId !== id) continue;
            expect(acknowledgedAtStop[i]!.filter((word) => !text.includes(word)), `${t.name}'s words acknowledged before the stop, missing after it`).toEqual([]);
          }
        }
        // The servers take their process keys and their LISTEN back on the restarted database.
        await until(async () => {
          const held = await sessionsHeld().catch(() => null);
          return held !== null && JSON.stringify(held) === JSON.stringify({ keys: expectedKeys(), listening: servers.length });
        }, "the process keys and the LISTEN connections back");
        // The sessions come back while the typing goes on.
        const typedAtRestart = typists.map((t) => t.typed.length);
        await until(() => typists.every((t, i) => t.acknowledged > typedAtRestart[i]!), "words typed after the restart acknowledged").catch(withSessions);
        for (const [i, t] of typists.entries()) {
          // Nothing is acknowledged while the database is down (an acknowledgement already on its way may arrive in the first moment).
          const outage = t.states.filter((s) => s.at > stoppedAt + 250 && s.at < restartedAt).map((s) => s.state);
          expect(outage, `${t.name}'s states during the outage`).not.toContain("connected");
          expect(stateAtRestart[i], `${t.name}'s state at the end of the outage`).toBe("syncing");
          expect(t.states.some((s) => s.at > restartedAt && s.state === "connected"), `${t.name} connected again after the restart`).toBe(true);
        }
      } finally {
        stopTyping();
      }
      expect(refusals).toEqual([]);
      // Everything typed is acknowledged at last, and the copies and the log agree.
      await until(() => typists.every((t) => t.session.state === "connected" && t.session.unsentChanges === 0), "everything acknowledged").catch(withSessions);
      for (const t of typists) noteAcknowledged(t);
      for (const id of DOCUMENTS) {
        const [x, y] = typists.filter((t) => t.documentId === id) as [Typist, Typist];
        let text = "";
        await until(async () => {
          if (documentText(x.session.ydoc) !== documentText(y.session.ydoc)) return false;
          text = await stored(id);
          return text === documentText(x.session.ydoc);
        }, `the sessions of ${id} and the database converging`).catch(withSessions);
        for (const t of [x, y]) expect(t.acknowledged).toBe(t.typed.length);
      }
    }, 180_000);
  }

  it("a server started afterwards reads every word acknowledged from the log", async () => {
    for (const server of servers.splice(0)) await server.close();
    const fresh = await startTestServer({ databaseUrl: database.url, leaseTtlMs: LEASE_MS });
    servers.push(fresh);
    for (const id of DOCUMENTS) {
      const connection = await fresh.server.hocuspocus.openDirectConnection(id, {});
      try {
        const text = documentText(connection.document!);
        for (const t of typists.filter((t) => t.documentId === id)) {
          const lost = t.typed.slice(0, t.acknowledged).filter((word) => !text.includes(word));
          expect(lost, `${t.name}'s acknowledged words missing from ${id}`).toEqual([]);
          expect(t.acknowledged).toBeGreaterThan(20);
        }
        // Compared as booleans: a diff of two long texts would drown the report.
        expect(text === documentText(typists.find((t) => t.documentId === id)!.session.ydoc), `the log of ${id} reads as its sessions`).toBe(true);
      } finally {
        await connection.disconnect();
      }
    }
  }, 60_000);
});
