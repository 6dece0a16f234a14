import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, eventually, startTestServer, type Client, type TestServer } from "../support.js";

const ROUNDS = 1000;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const lines = Array.from({ length: ROUNDS }, (_, i) => `${i + 1}. To develop programme ${i + 1}.`);
  await t.create("race", lines.join("\n"));
});
afterAll(async () => t.close());

/** The text of paragraph `i` and its element, straight from the Y.Doc (no model conversion per edit). */
function block(doc: Y.Doc, i: number): Y.XmlElement {
  return doc.getXmlFragment("content").get(i) as Y.XmlElement;
}

describe("a chair's lock and a delegate's typing at the same moment", () => {
  it(`no delegate change lands inside a paragraph after it was locked (${ROUNDS} rounds)`, async () => {
    const chair = await connect(t.server, "race", await t.member("race-chair", "race", "chair"));
    const delegateToken = await t.member("race-uru", "race", "delegate", "URY");
    const chairUser = (await t.server.storage.findUserByName("race-chair"))!;
    const refused: number[] = [];
    // A refused client starts again from the server's state, as the editor does.
    const fresh = async (): Promise<Client> => {
      const client = await connect(t.server, "race", delegateToken);
      client.provider.on("stateless", ({ payload }: { payload: string }) => {
        if (JSON.parse(payload).type === "rejected") refused.push(Date.now());
      });
      return client;
    };
    let delegate = await fresh();
    try {
      let logged = (await t.server.storage.readUpdates("race")).length;
      let violations = 0;
      let accepted = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const before = refused.length;
        // Both at once, in either order: the delegate proposes in paragraph i, the chair locks it.
        const propose = () => {
          const text = block(delegate.doc, i).get(0) as Y.XmlText;
          text.insert(text.length, ` [r${i}]`, { "proposal--race0000": { id: `race-${i}`, op: "insert", by: ["URY"], note: "", state: "open" } });
        };
        const lock = () => block(chair.doc, i).setAttribute("status", "agreed-informally");
        if (i % 2) {
          propose();
          lock();
        } else {
          lock();
          propose();
        }
        await chair.acknowledged().catch((error) => {
          throw new Error(`round ${i}: ${(error as Error).message}; chair synced=${chair.provider.isSynced} socket=${chair.socket.status} unsynced=${chair.provider.unsyncedChanges}`);
        });
        await eventually(() => !delegate.provider.hasUnsyncedChanges || refused.length > before || !delegate.provider.isSynced, 5000, `round ${i} settled`);
        if (refused.length > before || !delegate.provider.isSynced) {
          delegate.destroy();
          delegate = await fresh();
        }

        const log = await t.server.storage.readUpdates("race", { fromSeq: logged + 1 });
        logged += log.length;
        const lockAt = log.findIndex((u) => u.userId === chairUser.id);
        const delegateAt = log.findIndex((u) => u.userId !== chairUser.id && u.delegation === "URY");
        if (delegateAt >= 0) accepted++;
        if (lockAt >= 0 && delegateAt > lockAt) violations++;
      }
      console.log(`race: ${accepted} delegate edits got in before the lock, ${refused.length} were refused by it`);
      expect(violations).toBe(0);
      // Both outcomes happen: some edits got in before the lock, others were refused by it.
      expect(accepted).toBeGreaterThan(0);
      expect(refused.length).toBeGreaterThan(0);
      const live = await t.server.live.read("race");
      if (!live.ok) throw new Error(live.message);
      live.value.content.forEach((paragraph) => expect(paragraph.attrs.status).toBe("agreed-informally"));
    } finally {
      chair.destroy();
      delegate.destroy();
    }
  }, 360_000);
});
