import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStorage } from "@accord/server";
import { MIGRATIONS, SCHEMA_VERSION, type SqliteStorage } from "../src/storage/sqlite.js";

// Invariant: a restore never deletes a log entry. Entries after the kept one
// are set aside — kept in storage with the id of the restore's audit entry,
// left out of every reading of the log — the snapshots that include them are
// no longer used, and entry numbers are never reused.

let dir = "";
let storage: SqliteStorage;
const update = (byte: number) => ({ documentId: "doc", data: Uint8Array.of(byte), userId: null, delegation: "", origin: "client" as const });
const audit = { documentId: "doc", userId: null, username: "sec", delegation: "", action: "restore", message: "Restored.", detail: {} };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "accord-set-aside-"));
  storage = openSqliteStorage({ file: join(dir, "accord.sqlite") });
  await storage.createDocument({ id: "doc", title: "Doc", createdBy: null, diagnostics: [] }, update(1));
  await storage.appendUpdates([update(2), update(3), update(4), update(5)]);
});
afterEach(async () => {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

describe("setting log entries aside", () => {
  it("keeps them in storage, out of the log, with the audit entry that set them aside", async () => {
    await storage.saveSnapshot("doc", 2, Uint8Array.of(12));
    await storage.saveSnapshot("doc", 4, Uint8Array.of(14));
    const done = await storage.setAsideUpdates("doc", 2, 5, audit);
    expect(done?.count).toBe(3);
    expect((await storage.listAudit("doc"))[0]).toMatchObject({ id: done!.audit.id, action: "restore", username: "sec" });

    expect((await storage.readUpdates("doc")).map((u) => u.seq)).toEqual([1, 2]);
    const aside = await storage.readSetAsideUpdates("doc");
    expect(aside.map((u) => [u.seq, u.data[0], u.setAsideBy])).toEqual([[3, 3, done!.audit.id], [4, 4, done!.audit.id], [5, 5, done!.audit.id]]);
    // The snapshot up to 4 held set-aside entries: it is gone; the one up to 2 stays.
    const state = await storage.loadDocumentState("doc");
    expect(state.snapshot?.uptoSeq).toBe(2);
    expect(state.updates).toEqual([]);

    // New entries come after every number ever used.
    expect(await storage.appendUpdates([update(6)])).toEqual([6]);
    expect((await storage.readUpdates("doc")).map((u) => u.seq)).toEqual([1, 2, 6]);
    expect((await storage.loadDocumentState("doc")).updates.map((u) => u.seq)).toEqual([6]);
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

describe("the schema", () => {
  it(`migrates a version 1 database to ${SCHEMA_VERSION}, its log intact and readable`, async () => {
    const file = join(dir, "old.sqlite");
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!);
    db.pragma("user_version = 1");
    db.prepare("INSERT INTO documents (id, title, created_at, created_by, diagnostics) VALUES ('old', 'Old', '2026-01-01T00:00:00Z', NULL, '[]')").run();
    const insert = db.prepare("INSERT INTO updates (document_id, seq, data, user_id, delegation, origin, at) VALUES ('old', ?, ?, NULL, '', 'import', '2026-01-01T00:00:00Z')");
    insert.run(1, Buffer.of(1));
    insert.run(2, Buffer.of(2));
    db.close();

    const migrated = openSqliteStorage({ file });
    try {
      expect((await migrated.readUpdates("old")).map((u) => u.seq)).toEqual([1, 2]);
      expect(await migrated.setAsideUpdates("old", 1, 2, { ...audit, documentId: "old" })).toMatchObject({ count: 1 });
      expect((await migrated.readSetAsideUpdates("old")).map((u) => u.seq)).toEqual([2]);
    } finally {
      await migrated.close();
    }
    const check = new Database(file, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });
});
