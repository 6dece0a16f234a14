import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { NegotiationDocument } from "@accord/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAFT, startTestServer, type TestServer } from "../../../../packages/server/test/support.js";
import { buildOutline } from "../../src/panels/outline-model.js";

const webRoot = fileURLToPath(new URL("../../dist", import.meta.url));
const built = existsSync(`${webRoot}/index.html`);
if (!built) {
  const message = `${webRoot}/index.html is absent; run \`npm run build\` first`;
  // CI builds before testing: there, a missing app is a failure, not a skip.
  if (process.env.ACCORD_REQUIRE_BROWSER === "1") throw new Error(`shell-served: ${message}`);
  console.warn(`shell-served: skipping the served-app tests: ${message}.`);
}

let t: TestServer;
let chair: string;
beforeAll(async () => {
  t = await startTestServer({ webRoot });
  chair = await t.member("chair");
  await t.create("draft", DRAFT);
  await t.create("sample", await readFile(fileURLToPath(new URL("../../../../examples/draft-resolution.txt", import.meta.url)), "utf8"));
  for (const id of ["draft", "sample"]) await t.member("chair", id, "chair");
});
afterAll(async () => t?.close());

const get = (path: string, token?: string) => fetch(`${t.server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe.skipIf(!built)("the built app, served by the server", () => {
  it("serves index.html at / and at any page path, never cached", async () => {
    for (const path of ["/", "/documents/demo", "/login"]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get("content-type"), path).toMatch(/^text\/html/);
      expect(answer.headers.get("cache-control"), path).toBe("no-cache");
      expect(await answer.text(), path).toContain('<div id="app">');
    }
  });

  it("serves the bundle's assets, cached for good, and 404s a missing one", async () => {
    const index = await (await get("/")).text();
    const assets = [...index.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith(".js"))).toBe(true);
    expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
    for (const asset of assets) {
      const answer = await get(`/${asset}`);
      expect(answer.status, asset).toBe(200);
      expect(answer.headers.get("content-type"), asset).toMatch(asset.endsWith(".js") ? /javascript/ : /text\/css/);
      expect(answer.headers.get("cache-control"), asset).toMatch(/immutable/);
    }
    const missing = await get("/assets/nothing-here.js");
    expect(missing.status).toBe(404);
  });

  it("leaves /api to the API: JSON answers, 401 without a session, 404 JSON for an unknown endpoint", async () => {
    const documents = await get("/api/documents", chair);
    expect(documents.status).toBe(200);
    expect(documents.headers.get("content-type")).toMatch(/^application\/json/);
    const unknown = await get("/api/no-such-endpoint", chair);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: expect.stringMatching(/no such endpoint/) });
    for (const path of ["/api", "/api/", "/api/documents"]) {
      const anonymous = await get(path);
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.headers.get("content-type"), path).toMatch(/^application\/json/);
    }
  });

  it("does not answer /collab with the app", async () => {
    const answer = await get("/collab");
    expect(await answer.text()).not.toContain('<div id="app">');
  });
});

describe("the outline's progress against the server's documents list", () => {
  async function compare(): Promise<void> {
    const list = (await (await get("/api/documents", chair)).json()) as { documents: { id: string; progress: unknown }[] };
    for (const entry of list.documents) {
      const content = NegotiationDocument.fromJSON(await (await get(`/api/documents/${entry.id}/content`, chair)).json()).content;
      const { paragraphs, agreed, deleted, openProposals } = buildOutline(content).progress;
      expect({ paragraphs, agreed, deleted, openProposals }, entry.id).toEqual(entry.progress);
    }
  }

  it("counts the same on imported drafts", async () => {
    await compare();
  });

  it("counts the same after a status change and a decision", async () => {
    const post = (path: string, body?: unknown) =>
      fetch(`${t.server.url}/api/documents/draft${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${chair}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const content = NegotiationDocument.fromJSON(await (await get("/api/documents/draft/content", chair)).json()).content;
    const open = buildOutline(content).entries.filter((e) => e.kind === "paragraph" && e.status === "open");
    expect((await post(`/blocks/${open[0]!.id}/status`, { status: "approved", body: "CSH" })).status).toBe(200);
    const proposals = (await (await get("/api/documents/draft/proposals?state=open", chair)).json()) as { proposals: { id: string }[] };
    expect((await post(`/proposals/${proposals.proposals[0]!.id}/reject`)).status).toBe(200);
    await compare();
  });
});
