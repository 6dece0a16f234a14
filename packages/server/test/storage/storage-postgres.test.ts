import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import ts from "typescript";
import { afterEach, expect, it, onTestFinished } from "vitest";
import { describePostgres } from "../../../../test/support/postgres.js";
import { openPostgresStorage, type PostgresStorage } from "../../src/storage/postgres.js";
import { LeaseLost, ProcessKey } from "../../src/storage/postgres-lease.js";
import { POSTGRES_SCHEMA_VERSION } from "../../src/storage/postgres-schema.js";
import { storageSuite, update, withDocument } from "../support/storage-suite.js";

// The PostgreSQL store passes the suite every store passes (support/storage-suite.ts),
// and keeps what only a shared database can break: several processes migrating and
// appending at once, and durability of what a killed process had acknowledged.

let opened: PostgresStorage[] = [];
afterEach(async () => {
  for (const storage of opened) await storage.close();
  opened = [];
});

await describePostgres("the PostgreSQL store", (db) => {
  async function open(url: string): Promise<PostgresStorage> {
    const storage = await openPostgresStorage({ url });
    opened.push(storage);
    return storage;
  }

  async function raw<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  storageSuite({
    place: () => db.freshSchema(),
    open: (url) => openPostgresStorage({ url }),
    storedSnapshots: (url, documentId) =>
      raw(url, async (c) =>
        (await c.query<{ upto: number; bytes: number }>("SELECT upto_seq AS upto, length(data) AS bytes FROM accord_snapshots WHERE document_id = $1 ORDER BY upto_seq", [documentId])).rows,
      ),
  });

  it("migrates at start, once, when several processes start together; refuses a newer schema", async () => {
    const url = await db.freshSchema();
    const stores = await Promise.all([1, 2, 3].map(() => open(url)));
    expect(await stores[0]!.createUser("alice", "h")).not.toBeNull();
    expect(await stores[2]!.findUserByName("ALICE")).not.toBeNull();
    const versions = await raw(url, (c) => c.query("SELECT version FROM accord_schema"));
    expect(versions.rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);

    await raw(url, (c) => c.query("UPDATE accord_schema SET version = 999"));
    await expect(openPostgresStorage({ url })).rejects.toThrow(/newer/);
  });

  it("stores a hash of the session token, never the token", async () => {
    const url = await db.freshSchema();
    const storage = await open(url);
    const alice = (await storage.createUser("alice", "h"))!;
    const session = await storage.createSession(alice.id, 60_000);
    const { rows } = await raw(url, (c) => c.query("SELECT * FROM accord_sessions"));
    expect(rows).toHaveLength(1);
    const values = Object.values(rows[0] as Record<string, unknown>).map(String);
    expect(values).not.toContain(session.token);
    expect(values).toContain(createHash("sha256").update(session.token).digest("hex"));
  });

  // Invariant: two processes appending to one document (a lease handed over while
  // the old owner's last commit is in flight) never give one sequence number twice.
  it("keeps sequence numbers consecutive when two processes append to one document at once", async () => {
    const url = await db.freshSchema();
    const [a, b] = [await open(url), await open(url)];
    await withDocument(a, "d1");
    const rounds = 40;
    const [fromA, fromB] = await Promise.all(
      [a, b].map(async (storage, who) => {
        const seqs: number[] = [];
        for (let i = 0; i < rounds; i++) seqs.push(...(await storage.appendUpdates([update("d1", Uint8Array.of(who, i)), update("d1", Uint8Array.of(who, i))])));
        return seqs;
      }),
    );
    const all = [...fromA!, ...fromB!].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 4 * rounds }, (_, i) => i + 2));
    const log = await a.readUpdates("d1");
    expect(log.map((u) => u.seq)).toEqual([1, ...all]);
    // Each process's entries are in the order it appended them.
    for (const who of [0, 1]) {
      const mine = log.filter((u) => u.seq > 1 && u.data[0] === who).map((u) => u.data[1]);
      expect(mine).toEqual(Array.from({ length: rounds }, (_, i) => [i, i]).flat());
    }
  });

  it("keeps every acknowledged update when the writing process is killed with SIGKILL", async () => {
    const url = await db.freshSchema();
    const setup = await open(url);
    await withDocument(setup, "d1");

    // The child runs the current source of the store, transpiled (types erased) into a temp dir.
    const built = await transpileStore();
    onTestFinished(() => rm(dirname(built), { recursive: true, force: true }));
    const script = `
      const { openPostgresStorage } = await import(${JSON.stringify(built)});
      const storage = await openPostgresStorage({ url: ${JSON.stringify(url)} });
      for (let i = 0; ; i++) {
        const batch = Array.from({ length: 1 + (i % 3) }, (_, j) => ({
          documentId: "d1", data: new Uint8Array([i % 256, j]), userId: null, delegation: "", origin: "client",
        }));
        const seqs = await storage.appendUpdates(batch);
        process.stdout.write("appended " + seqs.join(",") + "\\n");
      }
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const acknowledged: number[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let buffered = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop()!;
        for (const line of lines) {
          const match = /^appended ([\d,]+)$/.exec(line);
          if (match) acknowledged.push(...match[1]!.split(",").map(Number));
        }
        if (acknowledged.length >= 100 && child.exitCode === null) {
          child.kill("SIGKILL"); // mid-stream: the child is still appending
          resolve();
        }
      });
      child.on("exit", () => reject(new Error(`child exited early: ${stderr}`)));
    });
    expect(await exited).toBe("SIGKILL");

    const seqs = (await setup.readUpdates("d1")).map((u) => u.seq);
    // Gapless from 1, and every acknowledged seq is there.
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBeGreaterThanOrEqual(Math.max(...acknowledged));
    expect(acknowledged).toEqual(Array.from({ length: acknowledged.length }, (_, i) => i + 2));
  });
});

/** postgres.ts and the files it imports as JavaScript in a temp dir, importing this repository's pg; the path of postgres.js. */
async function transpileStore(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "accord-pg-store-"));
  const pgUrl = pathToFileURL(createRequire(import.meta.url).resolve("pg")).href;
  for (const name of ["postgres", "postgres-schema", "postgres-lease", "postgres-events", "own-connection", "snapshot-encoding"]) {
    const source = await readFile(fileURLToPath(new URL(`../../src/storage/${name}.ts`, import.meta.url)), "utf8");
    const js = ts
      .transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
      .outputText.replace(/from "pg"/g, `from ${JSON.stringify(pgUrl)}`);
    await writeFile(join(dir, `${name}.js`), js);
  }
  return join(dir, "postgres.js");
}

await describePostgres("leases on documents", (db) => {
  const stores: PostgresStorage[] = [];
  const keys: ProcessKey[] = [];
  afterEach(async () => {
    for (const key of keys.splice(0)) await key.release();
    for (const store of stores.splice(0)) await store.close();
  });
  /** A process as the lease sees it: its store (appends refused without a lease) and its key. */
  async function processOn(url: string) {
    const store = await openPostgresStorage({ url, requireLease: true });
    stores.push(store);
    const key = await ProcessKey.take(url);
    keys.push(key);
    return { store, key: key.key, processKey: key };
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  // Invariant: at most one process's appends to a document commit between two
  // changes of holder, and a change of holder raises the fencing token: an
  // append of the former holder fails in the database, whatever its own clock says.
  it("lets one process append at a time; the other takes over when the lease runs out, and the first then writes nothing", async () => {
    const url = await db.freshSchema();
    const a = await processOn(url);
    const b = await processOn(url);
    await withDocument(a.store, "d1");

    const first = await a.store.acquireLease("d1", a.key, "http://a", 300);
    expect(first).toMatchObject({ ok: true, lease: { token: 1, owner: a.key } });
    expect(await b.store.acquireLease("d1", b.key, "http://b", 300)).toEqual({
      ok: false,
      holder: { owner: a.key, address: "http://a", expiresAt: expect.any(String) },
    });
    expect(await b.store.acquireLease("nope", b.key, "http://b", 300)).toEqual({ ok: false, holder: null });

    expect(await a.store.appendUpdates([update("d1", Uint8Array.of(1))])).toEqual([2]);
    await expect(b.store.appendUpdates([update("d1", Uint8Array.of(2))])).rejects.toThrow(LeaseLost);

    // a stops renewing (paused): once its lease runs out, b takes the document with a higher token.
    await sleep(350);
    const taken = await b.store.acquireLease("d1", b.key, "http://b", 5000);
    expect(taken).toMatchObject({ ok: true, lease: { token: 2, owner: b.key } });
    await expect(a.store.appendUpdates([update("d1", Uint8Array.of(3))])).rejects.toThrow(LeaseLost);
    expect(await a.store.renewLeases(a.key, 300)).toEqual(new Set());
    expect(await b.store.appendUpdates([update("d1", Uint8Array.of(4))])).toEqual([3]);
    expect((await b.store.readUpdates("d1")).map((u) => [...u.data])).toEqual([[0], [1], [4]]);
  });

  it("renews with the same token, and hands a dead process's documents over at once", async () => {
    const url = await db.freshSchema();
    const a = await processOn(url);
    const b = await processOn(url);
    await withDocument(a.store, "d1");
    await a.store.acquireLease("d1", a.key, "http://a", 400);
    for (let i = 0; i < 3; i++) {
      await sleep(200);
      expect(await a.store.renewLeases(a.key, 400)).toEqual(new Set(["d1"]));
    }
    expect(await a.store.acquireLease("d1", a.key, "http://a", 60_000)).toMatchObject({ ok: true, lease: { token: 1 } });
    expect(await b.store.acquireLease("d1", b.key, "http://b", 60_000)).toMatchObject({ ok: false });

    // a's process key goes (its session ended, as when the process is killed): its minute-long lease no longer counts.
    await a.processKey.release();
    expect(await b.store.acquireLease("d1", b.key, "http://b", 60_000)).toMatchObject({ ok: true, lease: { token: 2 } });
    await expect(a.store.appendUpdates([update("d1", Uint8Array.of(3))])).rejects.toThrow(LeaseLost);

    // A release ends the lease but keeps the token counting.
    await b.store.releaseLease("d1");
    await expect(b.store.appendUpdates([update("d1", Uint8Array.of(4))])).rejects.toThrow(LeaseLost);
    expect(await a.store.acquireLease("d1", a.key, "http://a", 60_000)).toMatchObject({ ok: true, lease: { token: 3 } });
  });
});
