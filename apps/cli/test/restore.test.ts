import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, hashPassword, startServer, type RunningServer } from "@accord/server";
import { importText } from "@accord/text";
import { appendChange, appendWords, strayText, wordsOnTop } from "../../../packages/server/test/storage/broken-log.js";
import { connect } from "../../../packages/server/test/support.js";
import { ensureBuilt, expectOneErrorLine, root, type Outcome } from "./support.js";

// `accord restore` on the data directory of a running server: a document that
// cannot be read (the server never has one open) is brought back to the last
// state of its log that reads while the server runs; the server then opens it.

const exec = promisify(execFile);
const main = join(root, "apps/cli/dist/main.js");

let dir = "";
let dataDir = "";
let server: RunningServer;
const seq = { good: 0, bad: 0, onTop: 0 };

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), "accord-restore-"));
  dataDir = join(dir, "data");
  server = await startServer({ ...DEFAULT_CONFIG, port: 0, host: "127.0.0.1", dataDir, quiet: true });
  for (const id of ["broken", "healthy"]) {
    const { document, diagnostics } = importText("Objective 1\n\n1. To develop plans [Uru: while] respecting human rights.\n");
    expect(await server.live.create(id, document, null, diagnostics)).toBe(true);
  }
  seq.good = await appendChange(server.storage, "broken", appendWords(" kept words"));
  seq.bad = await appendChange(server.storage, "broken", strayText);
  seq.onTop = await appendChange(server.storage, "broken", wordsOnTop("set aside "));
  await appendChange(server.storage, "healthy", appendWords(" more"));
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function accord(...args: string[]): Promise<Outcome> {
  try {
    const env = { ...process.env, ACCORD_DATA_DIR: dataDir };
    const { stdout, stderr } = await exec(process.execPath, [main, ...args], { cwd: dir, encoding: "utf8", env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

async function chairToken(): Promise<string> {
  const user = (await server.storage.findUserByName("chair")) ?? (await server.storage.createUser("chair", await hashPassword("chair-password")))!;
  await server.storage.setMembership({ documentId: "broken", userId: user.id, role: "chair", delegation: "" });
  return (await server.storage.createSession(user.id, 60_000)).token;
}

describe("accord restore", () => {
  it("with --dry-run says what it would keep and set aside, and changes nothing", async () => {
    const outcome = await accord("restore", "broken", "--dry-run");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(new RegExp(`^Document broken: its log has 4 entries \\(the last is entry ${seq.onTop}\\); it cannot be read: a Y.Text at position 1 of the content`));
    expect(outcome.stdout).toContain(`Would keep entries up to ${seq.good} (2) and set aside 2 (${seq.bad}–${seq.onTop}); set-aside entries stay in the data store.`);
    expect((await server.storage.readUpdates("broken")).length).toBe(4);
    expect((await server.live.read("broken")).ok).toBe(false);
  });

  it("refuses, with exit 1, to take a document that reads back to an earlier entry, pointing to the running server", async () => {
    const outcome = await accord("restore", "healthy", "--upto", "1");
    expect(outcome.code).toBe(1);
    expectOneErrorLine(outcome, /document 'healthy' reads as it stands; take it back to entry 1 through the running server, .*POST \/api\/documents\/healthy\/restore \{"upto": 1\}/);
    expect((await server.storage.readUpdates("healthy")).length).toBe(2);
    const nothing = await accord("restore", "healthy");
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toMatch(/it reads as it stands\.\nNothing to restore\.\n$/);
  });

  it("refuses an unknown document, an entry not in the log or whose state does not read (exit 1), a malformed entry (exit 2)", async () => {
    expectOneErrorLine(await accord("restore", "nowhere"), /there is no document 'nowhere'/);
    expectOneErrorLine(await accord("restore", "broken", "--upto", "99"), /entry 99 is not in the log of “broken”/);
    expectOneErrorLine(await accord("restore", "broken", "--upto", String(seq.bad)), new RegExp(`up to entry ${seq.bad} cannot be read either`));
    const malformed = await accord("restore", "broken", "--upto", "two");
    expect(malformed.code).toBe(2);
    expect((await accord("restore")).code).toBe(2);
    expect((await server.storage.readUpdates("broken")).length).toBe(4);
  });

  it("restores it while the server runs: entries set aside and kept, audited; the server then opens it and editors edit", async () => {
    const outcome = await accord("restore", "broken");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toContain(`Kept entries up to ${seq.good} (2) and set aside 2 (${seq.bad}–${seq.onTop})`);
    expect((await server.storage.readUpdates("broken")).map((u) => u.seq)).toEqual([1, seq.good]);
    expect((await server.storage.readSetAsideUpdates("broken")).map((u) => u.seq)).toEqual([seq.bad, seq.onTop]);
    const [entry] = await server.storage.listAudit("broken", { limit: 1 });
    expect(entry).toMatchObject({ action: "restore", detail: { via: "cli", setAside: 2, keptUpto: seq.good } });
    expect(entry!.message).toMatch(/^Restored from its log with accord restore: kept entries up to/);

    const read = await server.live.read("broken");
    expect(read.ok && read.value.content.textContent).toContain("kept words");
    const client = await connect(server, "broken", await chairToken());
    try {
      appendWords(" after")(client.doc);
      await client.acknowledged();
    } finally {
      client.destroy();
    }
    expect((await server.storage.readUpdates("broken")).length).toBe(3);
  });
});
