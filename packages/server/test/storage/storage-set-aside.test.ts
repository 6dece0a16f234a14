import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStorage } from "@accord/server";
import { MIGRATIONS, SCHEMA_VERSION } from "../../src/storage/sqlite.js";

// Setting log entries aside is tested on every engine in the shared storage
// suite (support/storage-suite.ts); here, the SQLite schema that made it
// possible (version 2) reached from a database written before it.

let dir = "";
const audit = { documentId: "doc", userId: null, username: "sec", delegation: "", action: "restore", message: "Restored.", detail: {} };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "accord-set-aside-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
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
