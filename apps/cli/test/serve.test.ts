import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CLI = resolve("apps/cli/dist/main.js");

describe("accord serve (npm start)", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "accord-serve-"));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it("serves the demo negotiation; the printed credentials log in; the export returns clean and marked-up versions", async () => {
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--data", dataDir], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
      const deadline = Date.now() + 20_000;
      while (!/observer\s+password/.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no credentials printed: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
      const password = /chair\s+password (\S+)/.exec(out)![1]!;

      const login = await fetch(`${url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "chair", password }) });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const get = (path: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });

      const clean = await get("/api/documents/demo/export?version=clean&format=txt");
      expect(clean.status).toBe(200);
      const cleanText = await clean.text();
      expect(cleanText).toContain("STRENGTHENING HEMISPHERIC COOPERATION ON DISASTER RISK REDUCTION");
      expect(cleanText).not.toMatch(/\[(?:Uru|Bra|Mex):|AGREED/);

      const markup = await get("/api/documents/demo/export?version=markup&format=txt");
      expect(markup.status).toBe(200);
      expect(await markup.text()).toContain("[Uru: ~~timely~~ real-time]");

      const html = await get("/api/documents/demo/export?version=markup&format=html");
      expect(html.headers.get("content-type")).toMatch(/text\/html/);
      expect(await html.text()).toMatch(/^<!doctype html>/i);

      const wrong = await fetch(`${url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "chair", password: "wrong-password" }) });
      expect(wrong.status).toBe(401);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }, 40_000);
});
