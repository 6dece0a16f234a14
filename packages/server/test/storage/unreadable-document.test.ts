import { readDocument } from "@accord/collab";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendChange, appendWords, strayText, wordsOnTop } from "./broken-log.js";
import { connect, DRAFT, eventually, startTestServer, type TestServer } from "../support.js";

// Invariant (design.md §4): a stored document that cannot be read never breaks
// anything but itself. Its list entry says so, every reader of its content
// answers a 409 naming it and how to restore it, its editors are refused with
// that reason, the other documents and the server go on; a restore brings it
// back to the last state of its log that reads, setting the later entries
// aside (kept in storage, audited), and it opens, edits and survives a restart.

let t: TestServer;
let chair = "";
let secretariat = "";
let delegate = "";
/** Entry numbers of the broken document's log: two edits that read, the break, an edit on top of it. */
const seq = { goodA: 0, goodB: 0, bad: 0, onTop: 0 };

async function call(method: string, path: string, token: string, json?: unknown) {
  const response = await fetch(`${t.server.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (response.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text };
}

/** Every endpoint that reads the document's content, for one document. */
function contentReaders(id: string): [string, string, unknown?][] {
  return [
    ["GET", `/documents/${id}`],
    ["GET", `/documents/${id}/content`],
    ["GET", `/documents/${id}/stats`],
    ["GET", `/documents/${id}/proposals`],
    ["GET", `/documents/${id}/export?version=clean&format=txt`],
    ["GET", `/documents/${id}/export?version=markup&format=html`],
    ["POST", `/documents/${id}/proposals/b1/accept`, {}],
    ["POST", `/documents/${id}/blocks/p2/status`, { status: "agreed-ad-referendum", date: "2026-11-25" }],
    ["POST", `/documents/${id}/members`, { username: "observer-x", role: "observer" }],
  ];
}

beforeAll(async () => {
  t = await startTestServer();
  await t.create("broken", DRAFT);
  await t.create("healthy", DRAFT);
  await t.create("rewind", DRAFT);
  chair = await t.member("chair", "broken", "chair");
  await t.member("chair", "healthy", "chair");
  secretariat = await t.member("secretariat", "broken", "secretariat");
  await t.member("secretariat", "healthy", "secretariat");
  await t.member("chair", "rewind", "chair");
  delegate = await t.member("delegate", "broken", "delegate", "URY");
  await t.member("observer-x");
  const { storage } = t.server;
  seq.goodA = await appendChange(storage, "broken", appendWords(" first words"));
  seq.goodB = await appendChange(storage, "broken", appendWords(" second words"));
  seq.bad = await appendChange(storage, "broken", strayText);
  seq.onTop = await appendChange(storage, "broken", wordsOnTop("on top "));
});
afterAll(async () => t.close());

describe("a stored document that cannot be read", () => {
  it("is listed as such; the others are listed as usual", async () => {
    const { status, body } = await call("GET", "/documents", chair);
    expect(status).toBe(200);
    const broken = body.documents.find((d: { id: string }) => d.id === "broken");
    const healthy = body.documents.find((d: { id: string }) => d.id === "healthy");
    expect(broken).toMatchObject({ readable: false, progress: null, role: "chair" });
    expect(broken.problem).toMatch(/^document “broken” cannot be read \(a Y.Text at position 1 of the content, which a negotiation document cannot hold\); the secretariat can restore it from its log: accord restore broken/);
    expect(healthy).toMatchObject({ readable: true });
    expect(healthy.progress).not.toBeNull();
    expect(healthy.problem).toBeUndefined();
  });

  it("answers every reader of its content with a 409 naming it and how to restore it; the other document answers", async () => {
    for (const [method, path, json] of contentReaders("broken")) {
      const answer = await call(method, path, chair, json);
      expect(answer.status, `${method} ${path}`).toBe(409);
      expect(answer.body.error, `${method} ${path}`).toMatch(/^document “broken” cannot be read \(.+\); the secretariat can restore it from its log: accord restore broken, or POST \/api\/documents\/broken\/restore$/);
      expect(answer.body).toMatchObject({ document: "broken", readable: false });
    }
    for (const [method, path, json] of contentReaders("healthy").slice(0, 6)) {
      expect((await call(method, path, chair, json)).status, `${method} ${path}`).toBe(200);
    }
    // What does not read the content still answers: the secretariat can see the record.
    expect((await call("GET", "/documents/broken/audit", chair)).status).toBe(200);
    expect((await call("GET", "/documents/broken/members", chair)).status).toBe(200);
    expect((await fetch(`${t.server.url}/health`)).status).toBe(200);
  });

  it("refuses its editors with the reason, while another document's connect and edit", async () => {
    await expect(connect(t.server, "broken", chair)).rejects.toThrow(/authentication failed: document “broken” cannot be read \(.+\); the secretariat can restore it/);
    expect(t.server.hocuspocus.documents.has("broken")).toBe(false);
    const other = await connect(t.server, "healthy", chair);
    try {
      appendWords(" still editing")(other.doc);
      await other.acknowledged();
      const read = await t.server.live.read("healthy");
      expect(read.ok && read.value.content.textContent).toContain("still editing");
    } finally {
      other.destroy();
    }
  });
});

describe("restoring it from its log", () => {
  it("is for the chair and the secretariat", async () => {
    const answer = await call("POST", "/documents/broken/restore", delegate, { dryRun: true });
    expect(answer.status).toBe(403);
  });

  it("as a dry run says what it would keep and set aside, and changes nothing", async () => {
    const { status, body } = await call("POST", "/documents/broken/restore", secretariat, { dryRun: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      dryRun: true,
      document: "broken",
      readsAsItStands: false,
      lastSeq: seq.onTop,
      keepUpto: seq.goodB,
      setAside: { count: 2, fromSeq: seq.bad, toSeq: seq.onTop },
    });
    expect(body.message).toBe(`Would keep entries up to ${seq.goodB} (${seq.goodB}) and set aside 2 (${seq.bad}–${seq.onTop}), which stay in storage.`);
    expect((await t.server.storage.readUpdates("broken")).map((u) => u.seq)).toEqual([1, seq.goodA, seq.goodB, seq.bad, seq.onTop]);
    expect(await t.server.storage.readSetAsideUpdates("broken")).toEqual([]);
  });

  it("refuses an entry whose state does not read, and one not in the log", async () => {
    const notReading = await call("POST", "/documents/broken/restore", secretariat, { upto: seq.bad });
    expect(notReading.status).toBe(409);
    expect(notReading.body.error).toMatch(new RegExp(`up to entry ${seq.bad} cannot be read either`));
    const missing = await call("POST", "/documents/broken/restore", secretariat, { upto: 99 });
    expect(missing.status).toBe(409);
    expect(missing.body.error).toMatch(/entry 99 is not in the log of “broken”/);
    expect((await call("POST", "/documents/broken/restore", secretariat, { upto: 0 })).status).toBe(400);
    expect((await t.server.storage.readUpdates("broken")).length).toBe(5);
  });

  it("brings it back to the last state that reads, keeping the set-aside entries in storage and saying so in the audit trail", async () => {
    const { status, body } = await call("POST", "/documents/broken/restore", secretariat, {});
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: false, keepUpto: seq.goodB, setAside: { count: 2, fromSeq: seq.bad, toSeq: seq.onTop } });

    expect((await t.server.storage.readUpdates("broken")).map((u) => u.seq)).toEqual([1, seq.goodA, seq.goodB]);
    const aside = await t.server.storage.readSetAsideUpdates("broken");
    expect(aside.map((u) => u.seq)).toEqual([seq.bad, seq.onTop]);
    expect(aside.every((u) => u.setAsideBy === body.audit.id)).toBe(true);

    const audit = await call("GET", "/documents/broken/audit?limit=1", chair);
    expect(audit.body.entries[0]).toMatchObject({ id: body.audit.id, action: "restore", username: "secretariat" });
    expect(audit.body.entries[0].message).toMatch(new RegExp(`^Restored from its log by secretariat: kept entries up to ${seq.goodB} \\(3\\) and set aside 2 \\(${seq.bad}–${seq.onTop}\\), which stay in storage\\. The document could not be read: `));
    expect(audit.body.entries[0].detail).toMatchObject({ keptUpto: seq.goodB, setAside: 2, fromSeq: seq.bad, toSeq: seq.onTop, via: "api" });

    const content = await call("GET", "/documents/broken/content", chair);
    expect(content.status).toBe(200);
    expect(JSON.stringify(content.body)).toContain("second words");
    expect(JSON.stringify(content.body)).not.toContain("on top");
    const list = await call("GET", "/documents", chair);
    expect(list.body.documents.find((d: { id: string }) => d.id === "broken")).toMatchObject({ readable: true });
    expect((await call("POST", "/documents/broken/restore", secretariat, {})).status).toBe(409); // nothing left to restore
  });

  it("lets editors connect and edit afterwards; new entries never reuse a set-aside number", async () => {
    const client = await connect(t.server, "broken", chair);
    try {
      expect(readDocument(client.doc).ok).toBe(true);
      appendWords(" after the restore")(client.doc);
      await client.acknowledged();
    } finally {
      client.destroy();
    }
    const seqs = (await t.server.storage.readUpdates("broken")).map((u) => u.seq);
    expect(seqs.slice(0, 3)).toEqual([1, seq.goodA, seq.goodB]);
    expect(seqs[3]).toBeGreaterThan(seq.onTop);
  });

  it("takes a document that reads back to an earlier entry while an editor has it open: the editor is told and the document reloads", async () => {
    const client = await connect(t.server, "rewind", chair);
    const told: string[] = [];
    client.provider.on("stateless", ({ payload }: { payload: string }) => told.push(payload));
    appendWords(" to be taken back")(client.doc);
    await client.acknowledged();
    const before = (await t.server.storage.readUpdates("rewind")).map((u) => u.seq);
    expect(before.length).toBeGreaterThan(1);
    try {
      const { status, body } = await call("POST", "/documents/rewind/restore", chair, { upto: 1 });
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({ readsAsItStands: true, keepUpto: 1, setAside: { count: before.length - 1 } });
      await eventually(() => told.length > 0, 5_000, "the editor told");
      expect(JSON.parse(told[0]!)).toMatchObject({ type: "rejected" });
      expect(JSON.parse(told[0]!).reason).toMatch(/being restored from its log/);
    } finally {
      client.destroy();
    }
    const read = await t.server.live.read("rewind");
    expect(read.ok && read.value.content.textContent).not.toContain("to be taken back");
    const again = await connect(t.server, "rewind", chair);
    try {
      expect(again.doc.getXmlFragment("content").toString()).not.toContain("to be taken back");
    } finally {
      again.destroy();
    }
  });

  it("reads the restored document after a restart", async () => {
    await eventually(() => !t.server.hocuspocus.documents.has("broken"), 5_000, "the document unloaded");
    const dataDir = t.dataDir;
    await t.server.close();
    const again = await startTestServer({}, dataDir);
    try {
      const read = await again.server.live.read("broken");
      expect(read.ok && read.value.content.textContent).toContain("after the restore");
      expect(read.ok && read.value.content.textContent).not.toContain("on top");
      const client = await connect(again.server, "broken", await again.member("chair"));
      client.destroy();
      expect((await again.server.storage.readSetAsideUpdates("broken")).length).toBe(2);
    } finally {
      await again.server.close();
    }
    // The original's data directory is removed by t.close (its server closes only once).
    t = { ...t, close: async () => (await import("node:fs/promises")).rm(dataDir, { recursive: true, force: true }) };
  });
});
