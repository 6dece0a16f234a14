import { YDOC_PARTS } from "@accord/collab";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAFT, startApi, type ApiServer } from "./api-support.js";
import { connect, eventually } from "../support.js";

// GET /api/documents/:id is what a page asks just before it connects to the
// document: a document nobody has open is loaded once, for both.

const KEEP_MS = 300;

let t: ApiServer;
let chair: string;
beforeAll(async () => {
  t = await startApi({ keepLoadedMs: KEEP_MS });
  await t.user("chair");
  chair = await t.login("chair");
});
afterAll(async () => t.close());

/** A document nobody has open: created, then unloaded. */
async function closedDocument(id: string): Promise<void> {
  await t.create(chair, DRAFT, id);
  await eventually(() => !t.server.hocuspocus.documents.has(id), 5000, `${id} unloaded`);
}

describe("GET /api/documents/:id for a page about to connect", () => {
  it("loads a document nobody has open, keeps it loaded a while and lets it go when nobody connects", async () => {
    await closedDocument("alone");
    const answer = await t.call("GET", "/documents/alone", { token: chair });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: "alone", role: "chair" });
    expect(t.server.hocuspocus.documents.has("alone")).toBe(true);
    await eventually(() => !t.server.hocuspocus.documents.has("alone"), KEEP_MS + 5000, "the document unloaded");
  });

  it("gives the connection that follows the document it loaded, which stays loaded while connected", async () => {
    await closedDocument("opened");
    expect((await t.call("GET", "/documents/opened", { token: chair })).status).toBe(200);
    const loaded = t.server.hocuspocus.documents.get("opened");
    expect(loaded).toBeDefined();
    const client = await connect(t.server, "opened", chair);
    try {
      expect(t.server.hocuspocus.documents.get("opened")).toBe(loaded);
      await new Promise((r) => setTimeout(r, KEEP_MS * 2));
      expect(t.server.hocuspocus.documents.get("opened")).toBe(loaded);
      expect(client.doc.getXmlFragment(YDOC_PARTS.content).length).toBeGreaterThan(0);
    } finally {
      client.destroy();
    }
    await eventually(() => !t.server.hocuspocus.documents.has("opened"), 5000, "the document unloaded after the client left");
  });

  it("answers from the loaded document when someone has it open, without keeping another hold", async () => {
    await closedDocument("busy");
    const client = await connect(t.server, "busy", chair);
    try {
      const loaded = t.server.hocuspocus.documents.get("busy")!;
      const answer = await t.call("GET", "/documents/busy", { token: chair });
      expect(answer.status).toBe(200);
      expect(loaded.getConnectionsCount()).toBe(1);
    } finally {
      client.destroy();
    }
    await eventually(() => !t.server.hocuspocus.documents.has("busy"), 5000, "the document unloaded after the client left");
  });
});
