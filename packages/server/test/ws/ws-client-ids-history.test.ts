import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTACK_DRAFT, editModel, insertAtEnd, proposalMark } from "../support/attack-scene.js";
import { RawClient, updateOf } from "../support/raw-client.js";
import { startTestServer, type TestServer } from "../support.js";

// Invariant: a Yjs client id belongs to the account that first wrote under it,
// across restarts too. A restarted server knows no connection yet; the owner
// of an id the document already has is read from the log (each entry says
// who sent it) when the id is first used again — so a reloaded page goes on
// writing under its id, and another member cannot take it first.

let dataDir: string;
let t: TestServer;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "accord-client-ids-"));
  t = await startTestServer({}, dataDir);
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const proposal = (word: string) => (doc: import("yjs").Doc) => editModel(doc, (d) => insertAtEnd(d, "p2", ` ${word}`, [proposalMark(["ARG"])]));
const uruguayan = (word: string) => (doc: import("yjs").Doc) => editModel(doc, (d) => insertAtEnd(d, "p2", ` ${word}`, [proposalMark(["URY"])]));

describe("client ids after a restart", () => {
  it("stay their first writer's: another member is refused under them, their owner's reloaded page goes on", async () => {
    const id = "history";
    await t.create(id, ATTACK_DRAFT);
    const tokens = { arg: await t.member("h-arg", id, "delegate", "ARG"), ury: await t.member("h-ury", id, "delegate", "URY") };
    const arg = await RawClient.open(t.server.url, id, tokens.arg);
    const argId = arg.doc.clientID;
    expect(await arg.sendAndWait(updateOf(arg.doc, proposal("first")))).toEqual({ kind: "acknowledged" });
    arg.destroy();

    await t.close();
    t = await startTestServer({}, dataDir);

    // Uruguay, first to use Argentina's id after the restart, writing what it may write.
    const ury = await RawClient.open(t.server.url, id, tokens.ury);
    const forged = await ury.sendAndWait(updateOf(ury.doc, uruguayan("hijack"), argId));
    expect(forged.kind).toBe("refused");
    expect(forged.kind === "refused" && forged.reason).toMatch(/written under client id \d+, which belongs to another member/);
    ury.destroy();

    // Argentina's page comes back with its Y.Doc, and so its id.
    const again = await RawClient.open(t.server.url, id, tokens.arg);
    expect(await again.sendAndWait(updateOf(again.doc, proposal("second"), argId))).toEqual({ kind: "acknowledged" });
    const read = await t.server.live.read(id);
    if (!read.ok) throw new Error(read.message);
    expect(read.value.content.textContent).toContain("first second");
    expect(read.value.content.textContent).not.toContain("hijack");
    again.destroy();
  });
});
