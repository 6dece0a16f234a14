import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_CONFIG, startServer, type RunningServer } from "@accord/server";
import { importText } from "@accord/text";
import { describePostgres } from "../../../test/support/postgres.js";
import { ensureBuilt, root, type Outcome } from "./support.js";

// `accord user` and `accord member` with DATABASE_URL act on the PostgreSQL
// database a server (or a cluster of them) uses: what they write, the running
// server sees, and no data directory is made or read.

const exec = promisify(execFile);
const main = join(root, "apps/cli/dist/main.js");

await describePostgres("the admin commands on PostgreSQL", (db) => {
  let dir = "";
  let url = "";
  let server: RunningServer;

  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), "accord-admin-pg-"));
    url = await db.freshSchema();
    server = await startServer({ ...DEFAULT_CONFIG, port: 0, host: "127.0.0.1", dataDir: join(dir, "unused"), databaseUrl: url, quiet: true });
    const { document, diagnostics } = importText("Objective 1\n\n1. To develop plans [Uru: while] respecting human rights.\n");
    expect(await server.live.create("plan", document, null, diagnostics)).toBe(true);
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function accord(env: Record<string, string>, ...args: string[]): Promise<Outcome> {
    try {
      const { stdout, stderr } = await exec(process.execPath, [main, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: unknown; stdout?: string; stderr?: string };
      if (typeof e.code !== "number") throw error;
      return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
  }

  it("creates an account and a membership the running server sees at once", async () => {
    const where = `the PostgreSQL database ${new URL(url).pathname.slice(1)} on 127.0.0.1:5432`;
    const created = await accord({ DATABASE_URL: url }, "user", "add", "alice", "--password", "correct horse battery");
    expect(created.stderr).toBe("");
    expect(created.stdout).toBe(`Created user alice in ${where}.\n`);
    expect(created.code).toBe(0);

    const member = await accord({ DATABASE_URL: url }, "member", "add", "plan", "alice", "--role", "delegate", "--delegation", "URY");
    expect(member.code, member.stderr).toBe(0);

    const login = await fetch(`${server.url}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "alice", password: "correct horse battery" }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const list = await fetch(`${server.url}/api/documents`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await list.json()) as { documents: { id: string; role: string; delegation: string }[] };
    expect(body.documents.map((d) => [d.id, d.role, d.delegation])).toEqual([["plan", "delegate", "URY"]]);

    const taken = await accord({ DATABASE_URL: url }, "user", "add", "ALICE", "--password", "another password");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/the username 'ALICE' is taken/);
  });

  it("says which database it could not reach, without its password, with exit 1", async () => {
    const outcome = await accord({ DATABASE_URL: "postgres://someone:secret@127.0.0.1:1/nowhere" }, "user", "add", "bob", "--password", "correct horse battery");
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^accord: cannot open the data store: .*ECONNREFUSED/);
    expect(outcome.stderr).not.toContain("secret");
    const notPostgres = await accord({ DATABASE_URL: "mysql://root:secret@host/db" }, "user", "add", "bob", "--password", "correct horse battery");
    expect(notPostgres.code).toBe(1);
    expect(notPostgres.stderr).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(notPostgres.stderr).not.toContain("secret");
  });
});
