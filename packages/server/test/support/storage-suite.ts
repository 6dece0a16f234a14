import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { NewUpdate, Storage } from "../../src/storage/storage.js";

/** A storage engine as the shared suite sees it. */
export interface StorageEngine {
  /** A new, empty place for a store: a file, a database schema. */
  place(): Promise<string>;
  /** Opens (creating or migrating) the store at `place`. */
  open(place: string): Promise<Storage>;
  /** Every snapshot stored for the document, ascending: its `upto_seq` and its size as stored, read from the database itself. */
  storedSnapshots(place: string, documentId: string): Promise<{ upto: number; bytes: number }[]>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bytes = (...values: number[]) => new Uint8Array(values);

/** An update to append: no user, no delegation, from a client unless `extra` says otherwise. */
export function update(documentId: string, data: Uint8Array, extra: Partial<NewUpdate> = {}): NewUpdate {
  return { documentId, data, userId: null, delegation: "", origin: "client", ...extra };
}

const entry = (byte: number) => update("doc", Uint8Array.of(byte));
const audit = { documentId: "doc", userId: null, username: "sec", delegation: "", action: "restore", message: "Restored.", detail: {} };

/** A user and a document created by them, with a one-byte initial update. */
export async function withDocument(storage: Storage, id = "d1") {
  const user = await storage.createUser(`chair-${id}`, "hash");
  if (!user) throw new Error("user not created");
  const created = await storage.createDocument(
    { id, title: `Document ${id}`, createdBy: user.id, diagnostics: [] },
    update(id, bytes(0), { userId: user.id, origin: "import" }),
  );
  expect(created).toBe(true);
  return user;
}

/**
 * What every store does, whichever engine keeps it (SQLite embedded,
 * PostgreSQL shared): the same answers, the same refusals, the same log.
 * Each test opens a store in a place of its own; every store opened is
 * closed after the test.
 */
export function storageSuite(engine: StorageEngine): void {
  let opened: Storage[] = [];
  beforeEach(() => {
    opened = [];
  });
  afterEach(async () => {
    for (const storage of opened) await storage.close();
  });
  async function open(place?: string): Promise<Storage> {
    const storage = await engine.open(place ?? (await engine.place()));
    opened.push(storage);
    return storage;
  }

  describe("accounts", () => {
    it("creates, finds by name case-insensitively and by id; a taken username gives null", async () => {
      const storage = await open();
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

      // Only A–Z fold (as the sign-in throttle's usernameKey does): "Émile" and "émile" are two accounts.
      expect(await storage.createUser("Émile", "h")).not.toBeNull();
      expect(await storage.createUser("émile", "h")).not.toBeNull();
      expect((await storage.findUserByName("ÉMILE"))?.username).toBe("Émile");
      expect((await storage.findUserByName("éMILE"))?.username).toBe("émile");
    });
  });

  describe("sessions", () => {
    // Invariant (the sweeper relies on it): ending a session, changing a password or changing a membership moves the
    // access version, when the store keeps one; reading and creating do not.
    it("moves its access version when a session, a password or a membership changes, and only then", async () => {
      const storage = await open();
      const alice = (await storage.createUser("alice", "h"))!;
      await withDocument(storage);
      const first = await storage.accessVersion();
      if (first === null) return expect(await storage.accessVersion()).toBeNull();
      const session = await storage.createSession(alice.id, 60_000);
      await storage.findSession(session.token);
      await storage.getMembership("d1", alice.id);
      expect(await storage.accessVersion()).toBe(first);
      const seen = new Set([first]);
      const moves = async (change: () => Promise<unknown>) => {
        await change();
        const now = (await storage.accessVersion())!;
        expect(seen.has(now)).toBe(false);
        seen.add(now);
      };
      await moves(() => storage.setMembership({ documentId: "d1", userId: alice.id, role: "chair", delegation: "" }));
      await moves(() => storage.setMembership({ documentId: "d1", userId: alice.id, role: "observer", delegation: "" }));
      await moves(() => storage.removeMembership("d1", alice.id));
      await moves(() => storage.deleteSession(session.token));
      await moves(() => storage.setPassword(alice.id, "h2"));
    });

    it("finds a live session with its user, and not after delete", async () => {
      const storage = await open();
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

    it("setPassword replaces the hash and ends every session of that account only; null for no account", async () => {
      const storage = await open();
      const alice = (await storage.createUser("alice", "old-hash"))!;
      const bob = (await storage.createUser("bob", "h"))!;
      const sessions = [await storage.createSession(alice.id, 60_000), await storage.createSession(alice.id, 60_000)];
      const bobs = await storage.createSession(bob.id, 60_000);
      expect(await storage.setPassword(alice.id, "new-hash")).toBe(2);
      expect((await storage.findUserByName("alice"))?.passwordHash).toBe("new-hash");
      for (const session of sessions) expect(await storage.findSession(session.token)).toBeNull();
      expect(await storage.findSession(bobs.token)).not.toBeNull();
      expect((await storage.findUserByName("bob"))?.passwordHash).toBe("h");
      expect(await storage.setPassword(alice.id, "newer-hash")).toBe(0);
      expect(await storage.setPassword("nobody", "hash")).toBeNull();
    });

    it("expires", async () => {
      const storage = await open();
      const alice = (await storage.createUser("alice", "h"))!;
      const session = await storage.createSession(alice.id, 5);
      await sleep(20);
      expect(await storage.findSession(session.token)).toBeNull();
    });

    it("rejects a session for an unknown user", async () => {
      const storage = await open();
      await expect(storage.createSession("nobody", 1000)).rejects.toThrow(/foreign key/i);
    });
  });

  describe("documents and memberships", () => {
    it("creates a document with its first log entry; a taken id gives false and logs nothing", async () => {
      const storage = await open();
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
      const storage = await open();
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
      const storage = await open();
      const chair = await withDocument(storage);
      await expect(
        storage.setMembership({ documentId: "d1", userId: chair.id, role: "king" as "chair", delegation: "" }),
      ).rejects.toThrow(/check/i);
      await expect(
        storage.setMembership({ documentId: "d1", userId: "nobody", role: "chair", delegation: "" }),
      ).rejects.toThrow(/foreign key/i);
      await expect(
        storage.setMembership({ documentId: "nope", userId: chair.id, role: "chair", delegation: "" }),
      ).rejects.toThrow(/foreign key/i);
    });
  });

  describe("the update log", () => {
    it("gives consecutive seqs per document when two documents interleave", async () => {
      const storage = await open();
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
      const storage = await open();
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
      const storage = await open();
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
      const storage = await open();
      await withDocument(storage);
      await expect(storage.appendUpdates([update("nope", bytes(1))])).rejects.toThrow(/foreign key/i);
      await expect(
        storage.appendUpdates([update("d1", bytes(1)), update("d1", bytes(2), { origin: "magic" as "api" })]),
      ).rejects.toThrow(/check/i);
      // The failed batch left nothing behind.
      expect((await storage.readUpdates("d1")).map((u) => u.seq)).toEqual([1]);
    });

    it("rebuilds a Yjs document from snapshot + later updates, and every past state from the log", async () => {
      const where = await engine.place();
      let storage = await open(where);
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
      storage = await open(where);

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
      const storage = await open();
      await withDocument(storage);
      await storage.appendUpdates([2, 3, 4, 5].map((n) => update("d1", bytes(n))));

      let state = await storage.loadDocumentState("d1");
      expect(state.snapshot).toBeNull();
      expect(state.updates.map((u) => u.seq)).toEqual([1, 2, 3, 4, 5]);

      await storage.saveSnapshot("d1", 4, bytes(44));
      // A merge that finished late: older than the snapshot kept, it is not stored.
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

  describe("readable states", () => {
    it("keeps one per document, the last recorded, across a reopening, and none of a document's before its first", async () => {
      const where = await engine.place();
      const storage = await open(where);
      await withDocument(storage, "d1");
      await withDocument(storage, "d2");
      expect(await storage.readableState("d1")).toBeNull();
      await storage.setReadableState("d1", { digest: "a", codeVersion: "v1" });
      await storage.setReadableState("d1", { digest: "b", codeVersion: "v2" });
      await storage.setReadableState("d2", { digest: "c", codeVersion: "v1" });
      await storage.close();
      const reopened = await open(where);
      expect(await reopened.readableState("d1")).toEqual({ digest: "b", codeVersion: "v2" });
      expect(await reopened.readableState("d2")).toEqual({ digest: "c", codeVersion: "v1" });
      expect(await reopened.readableState("d3")).toBeNull();
    });
  });

  // Invariant: a document has at most one snapshot, its latest. Each compaction
  // writes the whole document; kept, old snapshots made the database grow by a
  // document at each one (18 MB for a 5.9 MB document after 20,000 edits).
  describe("pruning snapshots", () => {
    it("keeps only each document's latest snapshot, and the whole log", async () => {
      const where = await engine.place();
      const storage = await open(where);
      await withDocument(storage, "d1");
      await withDocument(storage, "d2");
      await storage.appendUpdates([2, 3, 4, 5, 6].flatMap((n) => [update("d1", bytes(n)), update("d2", bytes(n))]));
      await storage.saveSnapshot("d2", 3, bytes(23));
      for (const seq of [2, 4, 6]) await storage.saveSnapshot("d1", seq, bytes(10 + seq));
      const uptos = async (id: string) => (await engine.storedSnapshots(where, id)).map((s) => s.upto);
      expect(await uptos("d1")).toEqual([6]);
      expect(await uptos("d2")).toEqual([3]);
      await storage.saveSnapshot("d1", 5, bytes(15));
      expect(await uptos("d1")).toEqual([6]);
      await storage.saveSnapshot("d1", 6, bytes(66));
      expect([...(await storage.loadDocumentState("d1")).snapshot!.data]).toEqual([66]);
      expect((await storage.readUpdates("d1")).map((u) => u.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await uptos("d2")).toEqual([3]);
    });

    it("stores a snapshot deflated and gives back its very bytes", async () => {
      const where = await engine.place();
      const storage = await open(where);
      await withDocument(storage, "d1");
      // A document's update: its attribute keys and values repeat, as a negotiation's do.
      const doc = new Y.Doc();
      const text = doc.getText("body");
      for (let i = 0; i < 2000; i++) text.insert(text.length, `paragraph ${i} `, { proposal: { by: ["URY"], state: "open", id: `p${i}` } });
      const update = Y.encodeStateAsUpdate(doc);
      await storage.saveSnapshot("d1", 1, update);
      const [stored] = await engine.storedSnapshots(where, "d1");
      expect(stored!.bytes).toBeLessThan(update.length / 3);
      await storage.close();
      const reopened = await open(where);
      const loaded = (await reopened.loadDocumentState("d1")).snapshot!.data;
      expect(loaded).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(loaded).equals(Buffer.from(update))).toBe(true);
    });
  });

  describe("audit trail", () => {
    it("appends and lists newest first, paging back by id", async () => {
      const storage = await open();
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

  // Invariant: a restore never deletes a log entry. Entries after the kept one
  // are set aside — kept in storage with the id of the restore's audit entry,
  // left out of every reading of the log — the snapshots that include them are
  // no longer used, and entry numbers are never reused.
  describe("setting log entries aside", () => {
      let storage: Storage;
      beforeEach(async () => {
        storage = await open();
        await storage.createDocument({ id: "doc", title: "Doc", createdBy: null, diagnostics: [] }, entry(1));
        await storage.appendUpdates([entry(2), entry(3), entry(4), entry(5)]);
      });

    it("keeps them in storage, out of the log, with the audit entry that set them aside", async () => {
      await storage.saveSnapshot("doc", 4, Uint8Array.of(14));
      const done = await storage.setAsideUpdates("doc", 2, 5, audit);
      expect(done?.count).toBe(3);
      expect((await storage.listAudit("doc"))[0]).toMatchObject({ id: done!.audit.id, action: "restore", username: "sec" });

      expect((await storage.readUpdates("doc")).map((u) => u.seq)).toEqual([1, 2]);
      const aside = await storage.readSetAsideUpdates("doc");
      expect(aside.map((u) => [u.seq, u.data[0], u.setAsideBy])).toEqual([[3, 3, done!.audit.id], [4, 4, done!.audit.id], [5, 5, done!.audit.id]]);
      // The snapshot up to 4 held set-aside entries: it is gone, and the document is its log's first entries.
      const state = await storage.loadDocumentState("doc");
      expect(state.snapshot).toBeNull();
      expect(state.updates.map((u) => u.seq)).toEqual([1, 2]);

      // New entries come after every number ever used.
      expect(await storage.appendUpdates([entry(6)])).toEqual([6]);
      expect((await storage.readUpdates("doc")).map((u) => u.seq)).toEqual([1, 2, 6]);
      expect((await storage.loadDocumentState("doc")).updates.map((u) => u.seq)).toEqual([1, 2, 6]);
    });

    it("refuses a snapshot up to a set-aside entry (a merge that began before the restore)", async () => {
      await storage.setAsideUpdates("doc", 2, 5, audit);
      await expect(storage.saveSnapshot("doc", 4, Uint8Array.of(9))).rejects.toThrow(RangeError);
      expect((await storage.loadDocumentState("doc")).snapshot).toBeNull();
    });

    it("changes nothing when the log moved on since the plan, and throws for an entry that is not before the last", async () => {
      expect(await storage.setAsideUpdates("doc", 2, 4, audit)).toBeNull();
      expect((await storage.readUpdates("doc")).length).toBe(5);
      expect(await storage.listAudit("doc")).toEqual([]);
      await expect(storage.setAsideUpdates("doc", 5, 5, audit)).rejects.toThrow(RangeError);
      await expect(storage.setAsideUpdates("doc", 9, 5, audit)).rejects.toThrow(RangeError);
      expect(await storage.readSetAsideUpdates("doc")).toEqual([]);
    });
  });
}
