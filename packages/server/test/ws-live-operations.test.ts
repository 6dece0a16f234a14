import { readDocument } from "@accord/collab";
import { collectProposals } from "@accord/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, DRAFT, eventually, startTestServer, type TestServer } from "./support.js";

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
});
