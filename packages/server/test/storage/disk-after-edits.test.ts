import { statSync } from "node:fs";
import { readDocument } from "@accord/collab";
import { canonicalContent } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { sqliteFile } from "../../src/storage/open.js";
import { connect, startTestServer, type Client, type TestServer } from "../support.js";

// Invariant: however many compactions a document goes through, the database
// holds its log, one snapshot and little else — at most twice the document's
// state plus the log since the snapshot — and everything the log is kept for
// still works: every past state rebuilt from it, a restore, the audit trail.

const ID = "plan";
// Some 600 characters: a log entry larger than about 1,000 bytes spills into an overflow page of its own in SQLite.
const PARAGRAPH = "The Member States recall that the implementation of this plan of action depends on adequate resources, ".repeat(6);
let first: TestServer | null = null;
// The same data directory after a restart (removed with the first).
let restarted: TestServer | null = null;

beforeAll(async () => {
  first = await startTestServer({ snapshotEvery: 20 });
  if (!(await first.server.live.create(ID, generateDocument({ seed: 7, paragraphs: 400, proposals: 1000 }), null, []))) throw new Error("not created");
});
afterAll(async () => {
  await restarted?.close();
  await first?.close();
});

/** The client's document as the canonical JSON of its content. */
function contentOf(doc: Y.Doc): string {
  const read = readDocument(doc);
  if (!read.ok) throw new Error(read.message);
  return JSON.stringify(canonicalContent(read.value.content));
}

/** The chair pastes a paragraph's worth of text at the end of `count` open paragraphs, one update each. */
function paste(client: Client, count: number, round: number): void {
  const texts = client.doc
    .getXmlFragment("content")
    .toArray()
    .filter((e): e is Y.XmlElement => e instanceof Y.XmlElement && e.nodeName === "paragraph" && (e.getAttribute("status") ?? "open") === "open")
    .map((e) => e.get(0))
    .filter((x): x is Y.XmlText => x instanceof Y.XmlText);
  for (let i = 0; i < count; i++) {
    const text = texts[(round * count + i) % texts.length]!;
    text.insert(text.length, ` ${round}.${i} ${PARAGRAPH}`);
  }
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the database after many edits", () => {
  it("keeps one snapshot, stays within twice the state and the log since it, and keeps every past state, restores and the audit", async () => {
    const server = first!.server;
    const token = await first!.member("chair", ID, "chair");
    const client = await connect(server, ID, token);
    // Each round writes more than a quarter of the document, so each store compacts.
    const states = new Map<number, string>();
    let snapshots = 0;
    for (let round = 0; round < 3; round++) {
      // A snapshot rewrites the base — the last snapshot, or the imported document before the first.
      const stored = await server.storage.loadDocumentState(ID);
      const before = stored.snapshot?.data.length ?? stored.updates[0]!.data.length;
      paste(client, Math.max(50, Math.ceil(before / 4 / PARAGRAPH.length) + 10), round);
      await client.acknowledged(30_000);
      const last = (await server.storage.readUpdates(ID)).at(-1)!.seq;
      states.set(last, contentOf(client.doc));
      server.hocuspocus.flushPendingStores();
      await until(() => server.storage.loadDocumentState(ID), (s) => s.snapshot?.uptoSeq === last, `a snapshot up to ${last}`);
      snapshots++;
    }
    expect(snapshots).toBe(3);
    const final = contentOf(client.doc);
    client.destroy();
    await until(async () => server.hocuspocus.documents.has(ID), (loaded) => !loaded, "the document unloaded");

    const { snapshot, updates } = await server.storage.loadDocumentState(ID);
    const tailBytes = updates.reduce((n, u) => n + u.data.length, 0);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, snapshot!.data);
    for (const u of updates) Y.applyUpdate(loaded, u.data);
    const state = Y.encodeStateAsUpdate(loaded).length;
    expect(contentOf(loaded)).toBe(final);

    // The file as it stays once the server has closed (SQLite checkpoints its WAL into it).
    const config = first!.config;
    await server.close();
    const onDisk = statSync(sqliteFile(config)).size;
    expect(onDisk).toBeLessThanOrEqual(2 * (state + tailBytes));

    // Restarted on the same data: it loads the same document; every past state comes back from the log.
    restarted = await startTestServer(config, config.dataDir);
    const t = restarted;
    const again = await t.server.live.read(ID);
    expect(again.ok && JSON.stringify(canonicalContent(again.value.content))).toBe(final);
    for (const [seq, expected] of states) {
      const past = new Y.Doc();
      for (const u of await t.server.storage.readUpdates(ID, { toSeq: seq })) Y.applyUpdate(past, u.data);
      expect(contentOf(past)).toBe(expected);
    }

    // A restore to the state after the first round, from before every snapshot kept.
    const [firstSeq, firstState] = [...states][0]!;
    const user = (await t.server.storage.findUserByName("chair"))!;
    const membership = (await t.server.storage.getMembership(ID, user.id))!;
    const restored = await t.server.live.restore(ID, { user, membership }, { upto: firstSeq });
    expect(restored.ok).toBe(true);
    const after = await t.server.live.read(ID);
    expect(after.ok && JSON.stringify(canonicalContent(after.value.content))).toBe(firstState);
    const [entry] = await t.server.storage.listAudit(ID, { limit: 1 });
    expect(entry).toMatchObject({ action: "restore", username: "chair" });
    expect((await t.server.storage.readSetAsideUpdates(ID)).length).toBe(Math.max(...states.keys()) - firstSeq);
  }, 180_000);
});
