import { readDocument, writeDocument } from "@accord/collab";
import { canonicalContent, schema } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { connect, DRAFT, startTestServer, type TestServer } from "../support.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ snapshotEvery: 5 });
  await t.create("plan", DRAFT);
});
afterAll(async () => t.close());

describe("compaction", () => {
  it("merges the log into a snapshot when the document is stored, keeps the log, and loads the same document", async () => {
    const client = await connect(t.server, "plan", await t.member("snap-chair", "plan", "chair"));
    // The edits together outweigh a quarter of the imported document, the base a snapshot would rewrite.
    const imported = (await t.server.storage.readUpdates("plan"))[0]!.data.length;
    const filler = "x".repeat(Math.ceil(imported / 4 / 8));
    for (let i = 0; i < 8; i++) {
      const read = readDocument(client.doc);
      if (!read.ok) throw new Error(read.message);
      const end = read.value.content.content.size - 1;
      writeDocument(client.doc, read.value.withContent(new Transform(read.value.content).insert(end, schema.text(` edit${i} ${filler}`)).doc));
      await client.acknowledged();
    }
    const final = readDocument(client.doc);
    if (!final.ok) throw new Error(final.message);
    const expected = JSON.stringify(canonicalContent(final.value.content));
    client.destroy();
    // The last connection gone, Hocuspocus stores (and unloads) the document: the log is compacted.
    const deadline = Date.now() + 15_000;
    let state = await t.server.storage.loadDocumentState("plan");
    while (!state.snapshot && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      state = await t.server.storage.loadDocumentState("plan");
    }
    expect(state.snapshot?.uptoSeq).toBe(9);
    expect(state.updates).toEqual([]);
    expect((await t.server.storage.readUpdates("plan")).length).toBe(9);
    const reloaded = await t.server.live.read("plan");
    expect(reloaded.ok && JSON.stringify(canonicalContent(reloaded.value.content))).toBe(expected);
  }, 30_000);

  // Invariant: a snapshot holds exactly what the log holds up to its entry.
  it("snapshots a document after 700 edits: the snapshot alone makes the document the whole log makes", async () => {
    await t.create("long", DRAFT);
    const client = await connect(t.server, "long", await t.member("long-chair", "long", "chair"));
    const text = () => client.doc.getXmlFragment("content").toArray().find((e): e is Y.XmlElement => e instanceof Y.XmlElement && e.nodeName === "paragraph")!.get(0) as Y.XmlText;
    // 700 entries: more than two reads of 256; each edit goes out as its own update.
    for (let i = 0; i < 700; i++) {
      text().insert(0, `e${i} `);
      if (i % 50 === 49) await client.acknowledged();
    }
    await client.acknowledged();
    const final = readDocument(client.doc);
    if (!final.ok) throw new Error(final.message);
    const expected = JSON.stringify(canonicalContent(final.value.content));
    const logged = (await t.server.storage.readUpdates("long")).length;
    expect(logged).toBeGreaterThan(600);
    client.destroy();
    const deadline = Date.now() + 15_000;
    let { snapshot } = await t.server.storage.loadDocumentState("long");
    while (!snapshot && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      ({ snapshot } = await t.server.storage.loadDocumentState("long"));
    }
    expect(snapshot?.uptoSeq).toBe(logged);
    // The snapshot alone makes the document the whole log makes.
    const fromSnapshot = new Y.Doc();
    Y.applyUpdate(fromSnapshot, snapshot!.data);
    const read = readDocument(fromSnapshot);
    expect(read.ok && JSON.stringify(canonicalContent(read.value.content))).toBe(expected);
  }, 30_000);

  // Invariant: a snapshot taken while clients type is the replay of the log up to its entry — no accepted update on
  // its way missing, none after it in — so the snapshot and the log after it make what the whole log makes, and the live document.
  it("snapshots a document while three clients type, without taking in or leaving out an update on its way", async () => {
    await t.create("busy", DRAFT);
    const clients = await Promise.all([1, 2, 3].map(async (n) => connect(t.server, "busy", await t.member(`busy-${n}`, "busy", "chair"))));
    const text = (client: (typeof clients)[number], n: number) =>
      client.doc.getXmlFragment("content").toArray().filter((e): e is Y.XmlElement => e instanceof Y.XmlElement && e.nodeName === "paragraph")[n]!.get(0) as Y.XmlText;
    const live = t.server.hocuspocus.documents.get("busy")!;
    const stores: Promise<unknown>[] = [];
    for (let i = 0; i < 150; i++) {
      // Each edit weighs enough for a few to outweigh a quarter of the imported draft (a snapshot's condition).
      clients.forEach((client, n) => text(client, n).insert(0, `c${n}e${i} ${"w".repeat(200)} `));
      // Mid-typing, now and then, the store hook runs at once (as Hocuspocus' debounce would run it), with updates on their way.
      if (i % 40 === 20) {
        // Long enough for the server to have logged some of what was sent, not all.
        await new Promise((r) => setTimeout(r, 30));
        stores.push(
          t.server.hocuspocus.storeDocumentHooks(live, { documentName: "busy", document: live, instance: t.server.hocuspocus, clientsCount: 3, context: {}, requestHeaders: {}, requestParameters: new URLSearchParams(), socketId: "test" } as never, true),
        );
      }
    }
    await Promise.all(clients.map((c) => c.acknowledged()));
    await Promise.all(stores);
    const { snapshot, updates } = await t.server.storage.loadDocumentState("busy");
    expect(snapshot).not.toBeNull();
    const all = await t.server.storage.readUpdates("busy");
    // Taken while the typing went on: entries were logged after the snapshot's.
    expect(snapshot!.uptoSeq).toBeLessThan(all.at(-1)!.seq);
    const fromSnapshot = new Y.Doc();
    Y.applyUpdate(fromSnapshot, snapshot!.data);
    for (const u of updates) Y.applyUpdate(fromSnapshot, u.data);
    const fromLog = new Y.Doc();
    for (const u of all) Y.applyUpdate(fromLog, u.data);
    const content = (doc: Y.Doc) => {
      const read = readDocument(doc);
      if (!read.ok) throw new Error(read.message);
      return JSON.stringify(canonicalContent(read.value.content));
    };
    expect(content(fromSnapshot)).toBe(content(fromLog));
    expect(content(live)).toBe(content(fromLog));
    for (const c of clients) c.destroy();
  }, 30_000);

  it("does not rewrite a freshly imported document for edits that weigh little beside it", async () => {
    await t.create("fresh", DRAFT);
    const client = await connect(t.server, "fresh", await t.member("fresh-chair", "fresh", "chair"));
    for (let i = 0; i < 8; i++) {
      const text = client.doc.getXmlFragment("content").toArray().find((e): e is Y.XmlElement => e instanceof Y.XmlElement && e.nodeName === "paragraph")!.get(0) as Y.XmlText;
      text.insert(0, `e${i} `);
      await client.acknowledged();
    }
    client.destroy();
    // Stored and unloaded with the last connection gone: the log stays a log (9 entries, no snapshot).
    const deadline = Date.now() + 15_000;
    while (t.server.hocuspocus.documents.has("fresh") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(t.server.hocuspocus.documents.has("fresh")).toBe(false);
    const state = await t.server.storage.loadDocumentState("fresh");
    expect(state.snapshot).toBeNull();
    expect(state.updates.length).toBe(9);
  }, 30_000);
});
