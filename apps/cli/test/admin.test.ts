import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, startServer, type RunningServer } from "@accord/server";
import { importText } from "@accord/text";
import { ensureBuilt, expectOneErrorLine, root, type Outcome } from "./support.js";

// `accord user` and `accord member` act on a server's data directory while
// the server runs: what they write, the running server sees.

const exec = promisify(execFile);
const main = join(root, "apps/cli/dist/main.js");

let dir = "";
let dataDir = "";
let server: RunningServer;

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), "accord-admin-"));
  dataDir = join(dir, "data");
  server = await startServer({ ...DEFAULT_CONFIG, port: 0, host: "127.0.0.1", dataDir, quiet: true });
  const { document, diagnostics } = importText("Objective 1\n\n1. To develop plans [Uru: while] respecting human rights.\n");
  expect(await server.live.create("plan", document, null, diagnostics)).toBe(true);
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `accord …args` in the temporary directory with ACCORD_DATA_DIR set to the server's data directory. */
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

async function login(username: string, password: string) {
  const response = await fetch(`${server.url}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, body: (await response.json()) as { token: string; user: { username: string; displayName: string } } };
}

describe("accord user add", () => {
  it("creates an account that signs in to the running server", async () => {
    const outcome = await accord("user", "add", "alice", "--password", "correct horse battery", "--display-name", "Alice Smith");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toBe(`Created user alice (Alice Smith) in ${dataDir}.\n`);
    expect(outcome.stderr).toBe("");
    const signedIn = await login("alice", "correct horse battery");
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ username: "alice", displayName: "Alice Smith" });
    expect((await login("alice", "wrong horse battery")).status).toBe(401);
  });

  it("refuses a taken username with exit 1", async () => {
    const outcome = await accord("user", "add", "alice", "--password", "another-password");
    expect(outcome.code).toBe(1);
    expectOneErrorLine(outcome, /the username 'alice' is taken/);
    expect((await login("alice", "another-password")).status).toBe(401);
  });

  it("refuses a short or missing password, a bad username, an unknown action with exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["user", "add", "bob", "--password", "short"], /too short: at least 8 characters/],
      [["user", "add", "bob"], /needs --password/],
      [["user", "add", "bob smith", "--password", "long-enough"], /not a username/],
      [["user", "add", "--password", "long-enough"], /needs a username/],
      [["user", "remove", "bob"], /unknown action 'user remove'/],
      [["user"], /user needs an action/],
    ];
    for (const [args, pattern] of cases) {
      const outcome = await accord(...args);
      expect(outcome.code, args.join(" ")).toBe(2);
      expectOneErrorLine(outcome, pattern);
    }
    expect(await server.storage.findUserByName("bob")).toBeNull();
  });

  it("uses --data over the environment", async () => {
    const other = join(dir, "other-data");
    const outcome = await accord("user", "add", "carol", "--password", "long-enough", "--data", other);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(existsSync(join(other, "accord.sqlite"))).toBe(true);
    expect(await server.storage.findUserByName("carol")).toBeNull();
  });
});

describe("accord user passwd", () => {
  it("sets an account's password and ends its sessions in the running server; the old password no longer signs in", async () => {
    await accord("user", "add", "dana", "--password", "first-password");
    await accord("member", "add", "plan", "dana", "--role", "observer");
    const before = await login("dana", "first-password");
    expect(before.status).toBe(200);
    const outcome = await accord("user", "passwd", "DANA", "--password", "second-password");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toBe(`Set the password of dana in ${dataDir}; 1 session ended.\n`);
    expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${before.body.token}` } })).status).toBe(401);
    expect((await login("dana", "first-password")).status).toBe(401);
    expect((await login("dana", "second-password")).status).toBe(200);
    expect((await server.storage.findUserByName("dana"))!.passwordHash).toMatch(/^\$argon2id\$/);
    const [entry] = await server.storage.listAudit("plan", { limit: 1 });
    expect(entry).toMatchObject({ action: "password-reset", detail: { username: "dana", sessionsEnded: 1, via: "cli" } });
    expect(JSON.stringify(entry)).not.toContain("second-password");
  });

  it("refuses an unknown user with exit 1, and a short password, a bad username or a display name with exit 2", async () => {
    const unknown = await accord("user", "passwd", "nobody", "--password", "long-enough");
    expect(unknown.code).toBe(1);
    expectOneErrorLine(unknown, /there is no user 'nobody'/);
    const cases: [string[], RegExp][] = [
      [["user", "passwd", "dana", "--password", "short"], /too short: at least 8 characters/],
      [["user", "passwd", "dana", "--password", "x".repeat(201)], /too long: at most 200 characters/],
      [["user", "passwd", "dana"], /needs --password/],
      [["user", "passwd", "dana smith", "--password", "long-enough"], /not a username/],
      [["user", "passwd", "dana", "--password", "long-enough", "--display-name", "Dana"], /--display-name is for user add/],
    ];
    for (const [args, pattern] of cases) {
      const outcome = await accord(...args);
      expect(outcome.code, args.join(" ")).toBe(2);
      expectOneErrorLine(outcome, pattern);
    }
    expect((await login("dana", "second-password")).status).toBe(200);
  });
});

describe("accord member add", () => {
  it("makes a user a delegate of a delegation in the document's registry; the server lets them in", async () => {
    const outcome = await accord("member", "add", "plan", "alice", "--role", "delegate", "--delegation", "URY");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toBe("alice is now a delegate of URY in plan.\n");
    const { body } = await login("alice", "correct horse battery");
    const response = await fetch(`${server.url}/api/documents`, { headers: { authorization: `Bearer ${body.token}` } });
    const listed = (await response.json()) as { documents: { id: string; role: string; delegation: string }[] };
    expect(listed.documents).toEqual([expect.objectContaining({ id: "plan", role: "delegate", delegation: "URY" })]);
    const [entry] = await server.storage.listAudit("plan", { limit: 1 });
    expect(entry).toMatchObject({ action: "member-added", detail: expect.objectContaining({ username: "alice", role: "delegate", delegation: "URY", via: "cli" }) });
  });

  it("changes a role, and says what it was", async () => {
    const outcome = await accord("member", "add", "plan", "alice", "--role", "observer");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toBe("alice is now an observer in plan (was delegate of URY).\n");
    const user = await server.storage.findUserByName("alice");
    expect(await server.storage.getMembership("plan", user!.id)).toMatchObject({ role: "observer", delegation: "" });
  });

  it("refuses a delegation that does not fit the role or the document with exit 1, and changes nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["--role", "delegate"], /a delegate needs a delegation/],
      [["--role", "delegate", "--delegation", "XYZ"], /'XYZ' is not a delegation of this document/],
      [["--role", "delegate", "--delegation", "Uru"], /'Uru' is a tag; give the delegation's code: URY \(Uruguay\)/],
      [["--role", "chair", "--delegation", "URY"], /only a delegate has a delegation/],
    ];
    for (const [options, pattern] of cases) {
      const outcome = await accord("member", "add", "plan", "alice", ...options);
      expect(outcome.code, options.join(" ")).toBe(1);
      expectOneErrorLine(outcome, pattern);
    }
    const user = await server.storage.findUserByName("alice");
    expect(await server.storage.getMembership("plan", user!.id)).toMatchObject({ role: "observer" });
  });

  it("refuses an unknown document or user with exit 1", async () => {
    const noDocument = await accord("member", "add", "no-such-plan", "alice", "--role", "observer");
    expect(noDocument.code).toBe(1);
    expectOneErrorLine(noDocument, /there is no document 'no-such-plan'/);
    const noUser = await accord("member", "add", "plan", "nobody", "--role", "observer");
    expect(noUser.code).toBe(1);
    expectOneErrorLine(noUser, /there is no user 'nobody'/);
  });

  it("refuses a data directory with no database with exit 1, and creates nothing there", async () => {
    const nowhere = join(dir, "nowhere");
    const outcome = await accord("member", "add", "plan", "alice", "--role", "observer", "--data", nowhere);
    expect(outcome.code).toBe(1);
    expectOneErrorLine(outcome, /there is no Accord database in .*nowhere/);
    expect(existsSync(nowhere)).toBe(false);
  });

  it("refuses a missing or unknown role and missing arguments with exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["member", "add", "plan", "alice"], /needs --role/],
      [["member", "add", "plan", "alice", "--role", "president"], /unknown role 'president'/],
      [["member", "add", "plan", "--role", "observer"], /needs a document and a username/],
      [["member", "list", "plan"], /unknown action 'member list'/],
    ];
    for (const [args, pattern] of cases) {
      const outcome = await accord(...args);
      expect(outcome.code, args.join(" ")).toBe(2);
      expectOneErrorLine(outcome, pattern);
    }
  });
});
