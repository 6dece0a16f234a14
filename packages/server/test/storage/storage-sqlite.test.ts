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
import { MIGRATIONS, openSqliteStorage, SCHEMA_VERSION, type SqliteStorage } from "../../src/storage/sqlite.js";
import { storageSuite, withDocument } from "../support/storage-suite.js";

let dir: string;
let opened: SqliteStorage[];
let places = 0;

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

  it("reads a snapshot stored before snapshots were deflated (schema version 2)", async () => {
    const file = join(dir, "v2.db");
    const raw = new Database(file);
    for (const migration of MIGRATIONS.slice(0, 2)) raw.exec(migration);
    raw.pragma("user_version = 2");
    raw.prepare("INSERT INTO documents (id, title, created_at, created_by, diagnostics) VALUES ('d1', 'D', 'now', NULL, '[]')").run();
    raw.prepare("INSERT INTO updates (document_id, seq, data, user_id, delegation, origin, at) VALUES ('d1', 1, x'01', NULL, '', 'import', 'now')").run();
    raw.prepare("INSERT INTO snapshots (document_id, upto_seq, data, at) VALUES ('d1', 1, x'2a2b', 'now')").run();
    raw.close();
    const state = await open(file).loadDocumentState("d1");
    expect([...state.snapshot!.data]).toEqual([0x2a, 0x2b]);
  });

  it("refuses a database written by a newer schema", () => {
    const file = join(dir, "future.db");
    const raw = new Database(file);
    raw.pragma("user_version = 999");
    raw.close();
    expect(() => openSqliteStorage({ file })).toThrow(/newer/);
  });
});

// The shared suite: what every store does, on the embedded SQLite file.
describe("the SQLite store", () => {
  storageSuite({
    place: async () => join(dir, `store-${++places}.db`),
    open: async (file) => openSqliteStorage({ file }),
    storedSnapshots: async (file, documentId) => {
      const raw = new Database(file, { readonly: true });
      try {
        return raw.prepare("SELECT upto_seq AS upto, length(data) AS bytes FROM snapshots WHERE document_id = ? ORDER BY upto_seq").all(documentId) as { upto: number; bytes: number }[];
      } finally {
        raw.close();
      }
    },
  });
});

describe("sessions on disk", () => {
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

});

describe("durability", () => {
  it("keeps every acknowledged update when the writing process is killed with SIGKILL", async () => {
    const file = join(dir, "accord.db");
    const setup = open(file);
    await withDocument(setup, "d1");
    await setup.close();

    // The child runs the current source of sqlite.ts and the file it imports, transpiled (types erased) into the temp dir.
    const betterSqlite = pathToFileURL(createRequire(import.meta.url).resolve("better-sqlite3")).href;
    for (const name of ["sqlite", "snapshot-encoding"]) {
      const source = await readFile(fileURLToPath(new URL(`../../src/storage/${name}.ts`, import.meta.url)), "utf8");
      const js = ts
        .transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
        .outputText.replace(/from "better-sqlite3"/, `from ${JSON.stringify(betterSqlite)}`)
        .replace(/from "\.\/snapshot-encoding\.js"/, `from "./snapshot-encoding.mjs"`);
      await writeFile(join(dir, `${name}.mjs`), js);
    }
    const modulePath = join(dir, "sqlite.mjs");

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
