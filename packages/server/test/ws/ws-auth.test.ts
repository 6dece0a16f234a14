import { readDocument, writeDocument } from "@accord/collab";
import { schema } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, DRAFT, startTestServer, type TestServer } from "../support.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ maxMessageBytes: 64 * 1024, authTimeoutMs: 500 });
  await t.create("plan", DRAFT);
});
afterAll(async () => t.close());

function appendText(doc: import("yjs").Doc, words: string) {
  const read = readDocument(doc);
  if (!read.ok) throw new Error(read.message);
  const end = read.value.content.content.size - 1;
  writeDocument(doc, read.value.withContent(new Transform(read.value.content).insert(end, schema.text(words)).doc));
}

async function logLength(): Promise<number> {
  return (await t.server.storage.readUpdates("plan")).length;
}

describe("who may connect and write", () => {
  it("a client without a valid token reads nothing and writes nothing", async () => {
    for (const token of ["", "not-a-token"]) {
      await expect(connect(t.server, "plan", token)).rejects.toThrow(/authentication failed/);
    }
    const stranger = await t.member("stranger");
    await expect(connect(t.server, "plan", stranger)).rejects.toThrow(/authentication failed/);
    const chair = await t.member("auth-chair", "plan", "chair");
    await expect(connect(t.server, "../etc/passwd", chair)).rejects.toThrow(/authentication failed/);
  });

  it("an observer reads but cannot write: its edit reaches no one and no log", async () => {
    const observerToken = await t.member("auth-observer", "plan", "observer");
    const chairToken = await t.member("auth-chair", "plan", "chair");
    const observer = await connect(t.server, "plan", observerToken);
    const chair = await connect(t.server, "plan", chairToken);
    try {
      expect(readDocument(observer.doc).ok).toBe(true);
      const before = await logLength();
      appendText(observer.doc, " OBSERVER WAS HERE");
      await new Promise((r) => setTimeout(r, 300));
      expect(await logLength()).toBe(before);
      expect(chair.doc.getXmlFragment("content").toString()).not.toContain("OBSERVER WAS HERE");
      const loaded = await t.server.live.read("plan");
      expect(loaded.ok && loaded.value.content.textContent).not.toContain("OBSERVER WAS HERE");
    } finally {
      observer.destroy();
      chair.destroy();
    }
  });
});

describe("bad messages close only their sender", () => {
  async function rawSocket(): Promise<WebSocket> {
    const ws = new WebSocket(`${t.server.url.replace("http", "ws")}/collab`);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    return ws;
  }

  it("a malformed binary message and an oversized one close the sender; others go on", async () => {
    const chairToken = await t.member("limits-chair", "plan", "chair");
    const other = await connect(t.server, "plan", chairToken);
    try {
      const bad = await rawSocket();
      const closed = new Promise<number>((resolve) => bad.once("close", (code) => resolve(code)));
      bad.send(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02]));
      expect(await closed).toBeGreaterThan(0);

      const big = await rawSocket();
      const bigClosed = new Promise<number>((resolve) => big.once("close", (code) => resolve(code)));
      big.send(new Uint8Array(128 * 1024));
      expect(await bigClosed).toBe(1009); // message too big

      // The other client still edits and is acknowledged.
      appendText(other.doc, " still here");
      await other.acknowledged();
      const loaded = await t.server.live.read("plan");
      expect(loaded.ok && loaded.value.content.textContent).toContain("still here");
    } finally {
      other.destroy();
    }
  });

  it("closes a socket that never authenticates", async () => {
    const silent = await rawSocket();
    const closed = new Promise<number>((resolve) => silent.once("close", (code) => resolve(code)));
    silent.send(Uint8Array.from([0x04, 0x70, 0x6c, 0x61, 0x6e, 0x00, 0x00])); // a sync message before authenticating
    const code = await Promise.race([closed, new Promise<number>((_, reject) => setTimeout(() => reject(new Error("still open")), 5_000))]);
    expect(code).toBe(4401);
  });
});

describe("document size", () => {
  it("refuses an update that would grow the document beyond the limit, closing its sender", async () => {
    const small = await startTestServer({ maxDocumentBytes: 6_000 });
    try {
      await small.create("small", DRAFT);
      const token = await small.member("size-chair", "small", "chair");
      const client = await connect(small.server, "small", token);
      const closed = new Promise<void>((resolve) => client.provider.on("close", () => resolve()));
      const before = (await small.server.storage.readUpdates("small")).length;
      appendText(client.doc, " growth".repeat(1000));
      await closed;
      client.destroy();
      expect((await small.server.storage.readUpdates("small")).length).toBe(before);
      const read = await small.server.live.read("small");
      expect(read.ok && read.value.content.textContent).not.toContain("growth");
    } finally {
      await small.close();
    }
  });
});
