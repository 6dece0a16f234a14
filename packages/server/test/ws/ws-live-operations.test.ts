import { readDocument, writeDocument } from "@accord/collab";
import { collectProposals, newId, schema } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, DRAFT, eventually, startTestServer, type TestServer } from "../support.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.create("plan", DRAFT);
});
afterAll(async () => t.close());

describe("resolution operations on the live document", () => {
  it("a status change and an accepted proposal made through the API reach connected clients, the log and the audit trail", async () => {
    await t.member("live-chair", "plan", "chair");
    const delegateToken = await t.member("live-uruguay", "plan", "delegate", "URY");
    const watcher = await connect(t.server, "plan", delegateToken);
    try {
      const chair = (await t.server.storage.findUserByName("live-chair"))!;
      const current = await t.server.live.read("plan");
      if (!current.ok) throw new Error(current.message);
      const paragraph = current.value.content.child(2).attrs.id as string;
      const proposal = collectProposals(current.value.content).find((p) => p.by.includes("URY"))!.id;
      const logBefore = (await t.server.storage.readUpdates("plan")).length;

      // Through the REST API, as the editor and scripts do.
      const token = await t.member("live-chair", "plan", "chair");
      const post = (path: string, body: unknown) =>
        fetch(`${t.server.url}/api/documents/plan${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const status = await post(`/blocks/${paragraph}/status`, { status: "agreed-ad-referendum", date: "2026-11-25", body: "CSH" });
      expect(status.status).toBe(200);
      const accepted = await post(`/proposals/${proposal}/accept`, {});
      expect(accepted.status).toBe(200);

      await eventually(() => {
        const seen = readDocument(watcher.doc);
        if (!seen.ok) return false;
        const block = seen.value.content.child(2);
        const marks = collectProposals(seen.value.content).find((p) => p.id === proposal);
        return block.attrs.status === "agreed-ad-referendum" && marks?.state === "accepted";
      }, 5000, "the delegate's editor shows both changes");

      const log = await t.server.storage.readUpdates("plan");
      expect(log.length).toBe(logBefore + 2);
      expect(log.slice(-2).map((u) => [u.origin, u.userId])).toEqual([
        ["api", chair.id],
        ["api", chair.id],
      ]);
      const audit = await t.server.storage.listAudit("plan");
      expect(audit.slice(0, 2).map((a) => [a.action, a.username, a.message])).toEqual([
        ["accept", "live-chair", expect.stringMatching(/^Accepted Uruguay’s proposal .* \(“while”\)/)],
        ["status", "live-chair", "Paragraph 2 under “Objective 1.2” is agreed ad referendum by the CSH on 11/25/26."],
      ]);

      // A refused operation changes nothing and records nothing.
      const again = await post(`/proposals/${proposal}/accept`, {});
      expect(again.status).toBe(409);
      expect((await t.server.storage.readUpdates("plan")).length).toBe(logBefore + 2);
    } finally {
      watcher.destroy();
    }
  });

  // Invariant: an operation reads the document as it is (LiveDocuments keeps a live reading, read again only where it
  // changed): a proposal a delegate typed after the last operation is found and decided, and the log still replays
  // to the live document.
  it("an operation sees what a delegate typed since the last one, and the log replays to the live document", async () => {
    await t.create("typed", DRAFT);
    const chairToken = await t.member("typed-chair", "typed", "chair");
    const delegateToken = await t.member("typed-uruguay", "typed", "delegate", "URY");
    const delegate = await connect(t.server, "typed", delegateToken);
    const post = (path: string, body: unknown) =>
      fetch(`${t.server.url}/api/documents/typed${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${chairToken}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    try {
      const first = readDocument(delegate.doc);
      if (!first.ok) throw new Error(first.message);
      const heading = first.value.content.child(0).attrs.id as string;
      // A first operation, so the server reads the document and keeps it read.
      expect((await post(`/blocks/${heading}/status`, { status: "agreed-informally", date: "2026-12-07" })).status).toBe(200);
      await eventually(() => delegate.doc.getXmlFragment("content").toArray()[0] instanceof Y.XmlElement && (delegate.doc.getXmlFragment("content").get(0) as Y.XmlElement).getAttribute("status") === "agreed-informally", 5000, "the status reaches the delegate");

      // The delegate proposes words at the end of paragraph 2, as its editor would write them.
      const seen = readDocument(delegate.doc);
      if (!seen.ok) throw new Error(seen.message);
      let end = 0;
      seen.value.content.forEach((block, offset, index) => {
        if (index === 2) end = offset + block.nodeSize - 1;
      });
      const id = newId("r");
      const typed = new Transform(seen.value.content).insert(end, schema.text(" firmly", [schema.marks.proposal!.create({ id, op: "insert", by: ["URY"] })]));
      writeDocument(delegate.doc, seen.value.withContent(typed.doc), null, seen.value);
      await delegate.acknowledged();

      const accepted = await post(`/proposals/${id}/accept`, {});
      expect(accepted.status, await accepted.clone().text()).toBe(200);
      await eventually(() => {
        const now = readDocument(delegate.doc);
        return now.ok && collectProposals(now.value.content).find((p) => p.id === id)?.state === "accepted";
      }, 5000, "the delegate's editor shows its proposal accepted");

      const live = await t.server.live.read("typed");
      const replay = new Y.Doc();
      for (const entry of await t.server.storage.readUpdates("typed")) Y.applyUpdate(replay, entry.data);
      const replayed = readDocument(replay);
      if (!live.ok || !replayed.ok) throw new Error("the document does not read");
      expect(replayed.value.toJSON()).toEqual(live.value.toJSON());
      expect(collectProposals(live.value.content).find((p) => p.id === id)?.state).toBe("accepted");
    } finally {
      delegate.destroy();
    }
  });
});
