import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import ts from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openSqliteStorage, SCHEMA_VERSION, type SqliteStorage } from "../src/storage/sqlite.js";
import type { NewUpdate } from "../src/storage/storage.js";

let dir: string;
let opened: SqliteStorage[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "accord-sqlite-"));
  opened = [];
});

afterEach(async () => {
  for (const storage of opened) await storage.close();
  await rm(dir, { recursive: true, force: true });
});

function open(file = join(dir, "accord.db")): SqliteStorage {
  const storage = openSqliteStorage({ file });
  opened.push(storage);
  return storage;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bytes = (...values: number[]) => new Uint8Array(values);

function update(documentId: string, data: Uint8Array, extra: Partial<NewUpdate> = {}): NewUpdate {
  return { documentId, data, userId: null, delegation: "", origin: "client", ...extra };
}

/** A user and a document "d1" created by them, with a one-byte initial update. */
async function withDocument(storage: SqliteStorage, id = "d1") {
  const user = await storage.createUser(`chair-${id}`, "hash");
  if (!user) throw new Error("user not created");
  const created = await storage.createDocument(
    { id, title: `Document ${id}`, createdBy: user.id, diagnostics: [] },
    update(id, bytes(0), { userId: user.id, origin: "import" }),
  );
  expect(created).toBe(true);
  return user;
}

describe("opening", () => {
  it("creates the parent directory, the schema version and WAL mode; reopening keeps the data", async () => {
    const file = join(dir, "nested", "deeper", "accord.db");
    const first = open(file);
    await first.createUser("alice", "h");
    await first.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();

    const second = open(file);
    expect(await second.findUserByName("alice")).not.toBeNull();
  });

  it("works in memory", async () => {
    const storage = open(":memory:");
    expect(await storage.createUser("alice", "h")).not.toBeNull();
  });

  it("refuses a database written by a newer schema", () => {
    const file = join(dir, "future.db");
    const raw = new Database(file);
    raw.pragma("user_version = 999");
    raw.close();
    expect(() => openSqliteStorage({ file })).toThrow(/newer/);
  });
});

describe("accounts", () => {
  it("creates, finds by name case-insensitively and by id; a taken username gives null", async () => {
    const storage = open();
    const alice = await storage.createUser("Alice", "argon2-hash", "Alice Liddell");
    expect(alice).toMatchObject({ username: "Alice", displayName: "Alice Liddell" });
    expect(alice!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(alice!.createdAt).toISOString()).toBe(alice!.createdAt);

    expect(await storage.createUser("alice", "other")).toBeNull();
    expect(await storage.createUser("ALICE", "other")).toBeNull();

    expect(await storage.findUserByName("aLiCe")).toEqual({ ...alice, passwordHash: "argon2-hash" });
    expect(await storage.findUserByName("bob")).toBeNull();
    expect(await storage.getUser(alice!.id)).toEqual(alice);
    expect(await storage.getUser("nobody")).toBeNull();

    const bob = await storage.createUser("bob", "h");
    expect(bob!.displayName).toBe("bob");
  });
});

describe("sessions", () => {
  it("finds a live session with its user, and not after delete", async () => {
    const storage = open();
    const alice = (await storage.createUser("alice", "h"))!;
    const session = await storage.createSession(alice.id, 60_000);
    expect(session.userId).toBe(alice.id);
    expect(Buffer.from(session.token, "base64url")).toHaveLength(32);
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now() + 50_000);

    expect(await storage.findSession(session.token)).toEqual({ session, user: alice });
    expect(await storage.findSession("not-a-token")).toBeNull();

    const other = await storage.createSession(alice.id, 60_000);
    expect(other.token).not.toBe(session.token);

    await storage.deleteSession(session.token);
    expect(await storage.findSession(session.token)).toBeNull();
    expect(await storage.findSession(other.token)).not.toBeNull();
  });

  it("expires", async () => {
    const storage = open();
    const alice = (await storage.createUser("alice", "h"))!;
    const session = await storage.createSession(alice.id, 5);
    await sleep(20);
    expect(await storage.findSession(session.token)).toBeNull();
  });

  it("stores a hash of the token, never the token", async () => {
    const file = join(dir, "accord.db");
    const storage = open(file);
    const alice = (await storage.createUser("alice", "h"))!;
    const session = await storage.createSession(alice.id, 60_000);

    const raw = new Database(file, { readonly: true });
    const rows = raw.prepare("SELECT * FROM sessions").all() as Record<string, unknown>[];
    raw.close();
    expect(rows).toHaveLength(1);
    const values = Object.values(rows[0]!).map(String);
    expect(values).not.toContain(session.token);
    expect(values).toContain(createHash("sha256").update(session.token).digest("hex"));

    // Nor anywhere in the files (the WAL holds recent pages).
    for (const name of ["accord.db", "accord.db-wal"]) {
      if (existsSync(join(dir, name))) expect(readFileSync(join(dir, name)).includes(session.token)).toBe(false);
    }
  });

  it("rejects a session for an unknown user", async () => {
    const storage = open();
    await expect(storage.createSession("nobody", 1000)).rejects.toThrow(/FOREIGN KEY/);
  });
});

describe("documents and memberships", () => {
  it("creates a document with its first log entry; a taken id gives false and logs nothing", async () => {
    const storage = open();
    const alice = (await storage.createUser("alice", "h"))!;
    const diagnostics = [{ line: 3, column: 1, message: "unbalanced bracket", excerpt: "[foo" }];
    const initial = update("d1", bytes(1, 2, 3), { userId: alice.id, origin: "import" });
    expect(await storage.createDocument({ id: "d1", title: "Draft", createdBy: alice.id, diagnostics }, initial)).toBe(true);

    const record = await storage.getDocument("d1");
    expect(record).toMatchObject({ id: "d1", title: "Draft", createdBy: alice.id, diagnostics });
    expect(new Date(record!.createdAt).toISOString()).toBe(record!.createdAt);
    expect(await storage.getDocument("d2")).toBeNull();

    const again = await storage.createDocument(
      { id: "d1", title: "Other", createdBy: null, diagnostics: [] },
      update("d1", bytes(9)),
    );
    expect(again).toBe(false);
    expect((await storage.getDocument("d1"))!.title).toBe("Draft");

    const log = await storage.readUpdates("d1");
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ seq: 1, documentId: "d1", userId: alice.id, delegation: "", origin: "import" });
    expect(log[0]!.data).toEqual(bytes(1, 2, 3));

    await expect(
      storage.createDocument({ id: "d3", title: "x", createdBy: null, diagnostics: [] }, update("d4", bytes(1))),
    ).rejects.toThrow(/d4/);
  });

  it("sets, changes, reads, lists and removes memberships", async () => {
    const storage = open();
    const chair = await withDocument(storage, "d1");
    await withDocument(storage, "d2");
    const bob = (await storage.createUser("bob", "h", "Bob"))!;

    await storage.setMembership({ documentId: "d1", userId: chair.id, role: "chair", delegation: "" });
    await storage.setMembership({ documentId: "d1", userId: bob.id, role: "observer", delegation: "" });
    await storage.setMembership({ documentId: "d1", userId: bob.id, role: "delegate", delegation: "URY" });
    await storage.setMembership({ documentId: "d2", userId: bob.id, role: "secretariat", delegation: "" });

    expect(await storage.getMembership("d1", bob.id)).toEqual({
      documentId: "d1",
      userId: bob.id,
      role: "delegate",
      delegation: "URY",
    });
    expect(await storage.getMembership("d2", chair.id)).toBeNull();

    const members = await storage.listMembers("d1");
    expect(members.map((m) => [m.user.username, m.role, m.delegation])).toEqual([
      ["bob", "delegate", "URY"],
      ["chair-d1", "chair", ""],
    ]);
    expect(members[0]!.user).toEqual(bob);
    expect(members[0]).not.toHaveProperty("user.passwordHash");

    const docs = await storage.listDocumentsFor(bob.id);
    expect(docs.map((d) => [d.id, d.title, d.membership.role])).toEqual([
      ["d1", "Document d1", "delegate"],
      ["d2", "Document d2", "secretariat"],
    ]);
    expect(docs[0]!.membership).toEqual({ documentId: "d1", userId: bob.id, role: "delegate", delegation: "URY" });
    expect(docs[0]!.diagnostics).toEqual([]);

    expect(await storage.removeMembership("d1", bob.id)).toBe(true);
    expect(await storage.removeMembership("d1", bob.id)).toBe(false);
    expect(await storage.getMembership("d1", bob.id)).toBeNull();
    expect((await storage.listDocumentsFor(bob.id)).map((d) => d.id)).toEqual(["d2"]);
  });

  it("throws on an unknown role, user or document", async () => {
    const storage = open();
    const chair = await withDocument(storage);
    await expect(
      storage.setMembership({ documentId: "d1", userId: chair.id, role: "king" as "chair", delegation: "" }),
    ).rejects.toThrow(/CHECK/);
    await expect(
      storage.setMembership({ documentId: "d1", userId: "nobody", role: "chair", delegation: "" }),
    ).rejects.toThrow(/FOREIGN KEY/);
    await expect(
      storage.setMembership({ documentId: "nope", userId: chair.id, role: "chair", delegation: "" }),
    ).rejects.toThrow(/FOREIGN KEY/);
  });
});

describe("the update log", () => {
  it("gives consecutive seqs per document when two documents interleave", async () => {
    const storage = open();
    await withDocument(storage, "a");
    await withDocument(storage, "b");

    expect(await storage.appendUpdates([])).toEqual([]);
    expect(
      await storage.appendUpdates([
        update("a", bytes(1)),
        update("b", bytes(1)),
        update("a", bytes(2)),
        update("a", bytes(3)),
        update("b", bytes(2)),
      ]),
    ).toEqual([2, 2, 3, 4, 3]);

    const results = await Promise.all([
      storage.appendUpdates([update("b", bytes(3))]),
      storage.appendUpdates([update("a", bytes(4)), update("b", bytes(4))]),
      storage.appendUpdates([update("a", bytes(5))]),
    ]);
    expect(results).toEqual([[4], [5, 5], [6]]);

    for (const [id, last] of [["a", 6], ["b", 5]] as const) {
      const log = await storage.readUpdates(id);
      expect(log.map((u) => u.seq)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
      expect(log.slice(1).map((u) => u.data[0])).toEqual(Array.from({ length: last - 1 }, (_, i) => i + 1));
    }
  });

  it("keeps who, which delegation, origin and when; returns plain Uint8Arrays", async () => {
    const storage = open();
    const chair = await withDocument(storage);
    const before = new Date().toISOString();
    await storage.appendUpdates([update("d1", bytes(7, 8), { userId: chair.id, delegation: "CSH", origin: "api" })]);
    const [entry] = await storage.readUpdates("d1", { fromSeq: 2 });
    expect(entry).toMatchObject({ seq: 2, documentId: "d1", userId: chair.id, delegation: "CSH", origin: "api" });
    expect(entry!.at >= before).toBe(true);
    expect(entry!.data).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(entry!.data)).toBe(false);
    expect([...entry!.data]).toEqual([7, 8]);
  });

  it("reads ranges", async () => {
    const storage = open();
    await withDocument(storage);
    await storage.appendUpdates([2, 3, 4, 5].map((n) => update("d1", bytes(n))));
    const seqs = async (range?: { fromSeq?: number; toSeq?: number }) =>
      (await storage.readUpdates("d1", range)).map((u) => u.seq);
    expect(await seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(await seqs({ fromSeq: 2, toSeq: 4 })).toEqual([2, 3, 4]);
    expect(await seqs({ toSeq: 2 })).toEqual([1, 2]);
    expect(await seqs({ fromSeq: 5 })).toEqual([5]);
    expect(await seqs({ fromSeq: 6 })).toEqual([]);
    expect(await storage.readUpdates("unknown")).toEqual([]);
  });

  it("throws on an unknown document or origin", async () => {
    const storage = open();
    await withDocument(storage);
    await expect(storage.appendUpdates([update("nope", bytes(1))])).rejects.toThrow(/FOREIGN KEY/);
    await expect(
      storage.appendUpdates([update("d1", bytes(1)), update("d1", bytes(2), { origin: "magic" as "api" })]),
    ).rejects.toThrow(/CHECK/);
    // The failed batch left nothing behind.
    expect((await storage.readUpdates("d1")).map((u) => u.seq)).toEqual([1]);
  });

  it("rebuilds a Yjs document from snapshot + later updates, and every past state from the log", async () => {
    const file = join(dir, "accord.db");
    let storage = open(file);
    await storage.createUser("chair", "h");

    const doc = new Y.Doc();
    const text = doc.getText("body");
    const meta = doc.getMap("meta");
    const pending: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => pending.push(u));
    const flush = async () => {
      const seqs = await storage.appendUpdates(pending.map((u) => update("d1", u)));
      pending.length = 0;
      return seqs.at(-1)!;
    };

    text.insert(0, "The General Assembly,");
    meta.set("status", "draft");
    const initial = Y.mergeUpdates(pending.splice(0));
    expect(
      await storage.createDocument(
        { id: "d1", title: "Draft", createdBy: null, diagnostics: [] },
        update("d1", initial, { origin: "import" }),
      ),
    ).toBe(true);

    const textAt = new Map<number, string>([[1, text.toString()]]);
    for (let i = 0; i < 5; i++) {
      text.insert(text.length, ` recalling resolution ${i},`);
      if (i % 2 === 0) text.delete(4, 1);
      textAt.set(await flush(), text.toString());
    }

    // Snapshot the state up to the current seq, then edit on.
    const snapSeq = Math.max(...textAt.keys());
    const snapDoc = new Y.Doc();
    for (const u of await storage.readUpdates("d1", { toSeq: snapSeq })) Y.applyUpdate(snapDoc, u.data);
    await storage.saveSnapshot("d1", snapSeq, Y.encodeStateAsUpdate(snapDoc));

    meta.set("status", "under negotiation");
    text.insert(0, "[");
    textAt.set(await flush(), text.toString());
    text.delete(0, 1);
    meta.set("paragraphs", 3);
    textAt.set(await flush(), text.toString());

    // Reopen, as a restarted server would.
    await storage.close();
    storage = open(file);

    const state = await storage.loadDocumentState("d1");
    expect(state.snapshot).toMatchObject({ documentId: "d1", uptoSeq: snapSeq });
    const lastSeq = Math.max(...textAt.keys());
    expect(state.updates.map((u) => u.seq)).toEqual(
      Array.from({ length: lastSeq - snapSeq }, (_, i) => snapSeq + 1 + i),
    );
    expect(state.updates.length).toBeGreaterThanOrEqual(2);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, state.snapshot!.data);
    for (const u of state.updates) Y.applyUpdate(rebuilt, u.data);
    expect(rebuilt.getText("body").toString()).toBe(text.toString());
    expect(rebuilt.getMap("meta").toJSON()).toEqual(meta.toJSON());
    expect(rebuilt.getMap("meta").toJSON()).toEqual({ status: "under negotiation", paragraphs: 3 });

    // Byte-level: the rebuilt state, applied to a fresh doc, equals the original's.
    const fromOriginal = new Y.Doc();
    Y.applyUpdate(fromOriginal, Y.encodeStateAsUpdate(doc));
    const fromRebuilt = new Y.Doc();
    Y.applyUpdate(fromRebuilt, Y.encodeStateAsUpdate(rebuilt));
    expect(fromRebuilt.toJSON()).toEqual(fromOriginal.toJSON());
    expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc));

    // Every past revision from the log alone.
    for (const [seq, expected] of textAt) {
      const past = new Y.Doc();
      for (const u of await storage.readUpdates("d1", { toSeq: seq })) Y.applyUpdate(past, u.data);
      expect(past.getText("body").toString()).toBe(expected);
    }
    expect(textAt.get(1)).toBe("The General Assembly,");
  });

  it("loads the latest of several snapshots, or the whole log without one", async () => {
    const storage = open();
    await withDocument(storage);
    await storage.appendUpdates([2, 3, 4, 5].map((n) => update("d1", bytes(n))));

    let state = await storage.loadDocumentState("d1");
    expect(state.snapshot).toBeNull();
    expect(state.updates.map((u) => u.seq)).toEqual([1, 2, 3, 4, 5]);

    await storage.saveSnapshot("d1", 4, bytes(44));
    await storage.saveSnapshot("d1", 2, bytes(22));
    state = await storage.loadDocumentState("d1");
    expect(state.snapshot).toMatchObject({ uptoSeq: 4, documentId: "d1" });
    expect([...state.snapshot!.data]).toEqual([44]);
    expect(state.updates.map((u) => u.seq)).toEqual([5]);

    await storage.saveSnapshot("d1", 5, bytes(55));
    state = await storage.loadDocumentState("d1");
    expect(state.snapshot!.uptoSeq).toBe(5);
    expect(state.updates).toEqual([]);

    await expect(storage.saveSnapshot("d1", 6, bytes(1))).rejects.toThrow(RangeError);
    await expect(storage.saveSnapshot("d1", 0, bytes(1))).rejects.toThrow(RangeError);
    expect(await storage.loadDocumentState("unknown")).toEqual({ snapshot: null, updates: [] });
  });
});

describe("audit trail", () => {
  it("appends and lists newest first, paging back by id", async () => {
    const storage = open();
    const chair = await withDocument(storage, "d1");
    await withDocument(storage, "d2");

    const first = await storage.appendAudit({
      documentId: "d1",
      userId: chair.id,
      username: "chair-d1",
      delegation: "",
      action: "status",
      message: "Paragraph 3 is agreed ad referendum by the CSH on 2026-11-25.",
      detail: { paragraph: 3, status: "agreed-ad-ref", nested: { list: [1, "two"] } },
    });
    expect(first.id).toBeGreaterThan(0);
    expect(first.detail).toEqual({ paragraph: 3, status: "agreed-ad-ref", nested: { list: [1, "two"] } });
    expect(new Date(first.at).toISOString()).toBe(first.at);

    const entries = [first];
    for (let i = 1; i < 5; i++) {
      entries.push(
        await storage.appendAudit({
          documentId: "d1",
          userId: null,
          username: "system",
          delegation: "URY",
          action: "update",
          message: `edit ${i}`,
          detail: {},
        }),
      );
      await storage.appendAudit({ ...first, documentId: "d2", message: `other ${i}` });
    }

    const all = await storage.listAudit("d1");
    expect(all).toEqual([...entries].reverse());
    const page1 = await storage.listAudit("d1", { limit: 2 });
    expect(page1.map((e) => e.message)).toEqual(["edit 4", "edit 3"]);
    const page2 = await storage.listAudit("d1", { limit: 2, before: page1.at(-1)!.id });
    expect(page2.map((e) => e.message)).toEqual(["edit 2", "edit 1"]);
    const page3 = await storage.listAudit("d1", { limit: 2, before: page2.at(-1)!.id });
    expect(page3).toEqual([first]);
    expect(await storage.listAudit("d1", { before: first.id })).toEqual([]);
    expect(await storage.listAudit("d2")).toHaveLength(4);
  });
});

describe("durability", () => {
  it("keeps every acknowledged update when the writing process is killed with SIGKILL", async () => {
    const file = join(dir, "accord.db");
    const setup = open(file);
    await withDocument(setup, "d1");
    await setup.close();

    // The child runs the current source of sqlite.ts, transpiled (types erased) into the temp dir.
    const source = await readFile(fileURLToPath(new URL("../src/storage/sqlite.ts", import.meta.url)), "utf8");
    const betterSqlite = pathToFileURL(createRequire(import.meta.url).resolve("better-sqlite3")).href;
    const js = ts
      .transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
      .outputText.replace(/from "better-sqlite3"/, `from ${JSON.stringify(betterSqlite)}`);
    const modulePath = join(dir, "sqlite.mjs");
    await writeFile(modulePath, js);

    const script = `
      const { openSqliteStorage } = await import(${JSON.stringify(pathToFileURL(modulePath).href)});
      const storage = openSqliteStorage({ file: ${JSON.stringify(file)} });
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

    const reopened = open(file);
    const log = await reopened.readUpdates("d1");
    const seqs = log.map((u) => u.seq);
    // Gapless from 1, and every acknowledged seq is there.
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBeGreaterThanOrEqual(Math.max(...acknowledged));
    expect(acknowledged[0]).toBe(2);
    expect(acknowledged).toEqual(Array.from({ length: acknowledged.length }, (_, i) => i + 2));
  });
});
