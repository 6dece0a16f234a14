import { afterEach, describe, expect, it } from "vitest";
import type { Storage } from "../../src/storage/storage.js";
import { loadDigest } from "../../src/collab/durable-log.js";
import { readingCodeVersion } from "../../src/collab/reading-version.js";
import { appendChange, strayText } from "./broken-log.js";
import * as Y from "yjs";
import { connect, DRAFT, eventually, startTestServer, type TestServer } from "../support.js";

// A load of the very bytes that read whole before, by the very code, is not
// read again (collab/readable.ts); anything else is read, and a document that
// does not read is still refused.

let servers: TestServer[] = [];
afterEach(async () => {
  for (const t of servers.reverse()) await t.close();
  servers = [];
});

/** A server on `dataDir` (a fresh one when absent), closed after the test; the first made owns the folder. */
async function serve(dataDir?: string): Promise<TestServer> {
  const t = await startTestServer({}, dataDir);
  servers.push(t);
  return t;
}

/** The digest of what a load of `id` applies now. */
async function storedDigest(storage: Storage, id: string): Promise<string> {
  const { snapshot, updates } = await storage.loadDocumentState(id);
  return loadDigest([...(snapshot ? [snapshot.data] : []), ...updates.map((u) => u.data)]);
}

/** Loads `id` through a direct connection, as a client's connection does; the load's error when it is refused. */
async function load(t: TestServer, id: string): Promise<Error | null> {
  try {
    const direct = await t.server.hocuspocus.openDirectConnection(id, {});
    await direct.disconnect();
    return null;
  } catch (error) {
    return error as Error;
  }
}

describe("readable states", () => {
  it("are recorded when a load reads the document, for its stored bytes and the reading code", async () => {
    const first = await serve();
    await first.create("plan", DRAFT);
    await first.server.close();
    const second = await serve(first.dataDir);
    expect(await second.server.storage.readableState("plan")).toBeNull();
    expect(await load(second, "plan")).toBeNull();
    const codeVersion = await readingCodeVersion();
    expect(codeVersion).toMatch(/^[\w-]{43}$/);
    expect(await second.server.storage.readableState("plan")).toEqual({ digest: await storedDigest(second.server.storage, "plan"), codeVersion });
  });

  it("spare the reading only for the very bytes and code that read: other bytes or other code are read, and refused when they do not read", async () => {
    const first = await serve();
    await first.create("broken", DRAFT);
    await first.server.close();
    const second = await serve(first.dataDir);
    const storage = second.server.storage;
    const readable = await storedDigest(storage, "broken");
    await appendChange(storage, "broken", strayText);
    const broken = await storedDigest(storage, "broken");
    const codeVersion = (await readingCodeVersion())!;

    // What read before the break: the bytes now differ, so the document is read, and refused.
    await storage.setReadableState("broken", { digest: readable, codeVersion });
    expect((await load(second, "broken"))?.message).toMatch(/cannot be read|does not read|restore/i);
    // These bytes, recorded as read by other code: read again, and refused.
    await storage.setReadableState("broken", { digest: broken, codeVersion: "other code" });
    expect(await load(second, "broken")).not.toBeNull();
    // A refused load records nothing.
    expect(await storage.readableState("broken")).toEqual({ digest: broken, codeVersion: "other code" });
    // These bytes recorded for this code are taken as read, without reading: which is why only a read that succeeded records them.
    await storage.setReadableState("broken", { digest: broken, codeVersion });
    expect(await load(second, "broken")).toBeNull();
  });

  it("are recorded as a document unloads after edits, for the bytes its next load applies, so that reopening it reads nothing", async () => {
    const t = await serve();
    await t.create("edited", DRAFT);
    const storage = t.server.storage;
    const client = await connect(t.server, "edited", await t.member("unload-chair", "edited", "chair"));
    const loadedFrom = await storedDigest(storage, "edited");
    const paragraph = client.doc.getXmlFragment("content").toArray().find((e): e is Y.XmlElement => e instanceof Y.XmlElement && e.nodeName === "paragraph")!;
    (paragraph.get(0) as Y.XmlText).insert(0, "Edited ");
    await client.acknowledged();
    client.destroy();
    await eventually(() => !t.server.hocuspocus.documents.has("edited"), 15_000, "the document unloaded");
    const after = await storedDigest(storage, "edited");
    expect(after).not.toBe(loadedFrom);
    expect(await storage.readableState("edited")).toEqual({ digest: after, codeVersion: await readingCodeVersion() });
    // The next load takes those bytes as read, and has the edit.
    const read = await t.server.live.read("edited");
    expect(read.ok && read.value.content.textContent).toContain("Edited ");
  }, 30_000);
});
