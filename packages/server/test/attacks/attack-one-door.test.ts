import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import {
  attackFile,
  attackProblems,
  blockText,
  controlProblems,
  editModel,
  insertAtEnd,
  openScene,
  proposalMark,
  restartProblems,
  type Scene,
} from "../support/attack-scene.js";
import { frame, MessageType, RawClient, updateOf, type Framing } from "../support/raw-client.js";

// Invariant (design.md §4, "one door"): every update the server applies,
// whatever message carried it (Sync or SyncReply, step 2 or update), was
// checked and logged first; a frame the server does not accept from a client
// (BroadcastStateless, an unknown type, bytes that do not decode) closes the
// connection and applies nothing.

const { play, server } = attackFile();

/** Uruguay's delegate types into base text: forbidden whatever frame carries it. */
const forbidden = (scene: Scene) => updateOf(scene.ury.doc, (doc) => blockText(doc, "p2").insert(0, "Forbidden "));
/** Uruguay's delegate proposes an insertion of its own: allowed. */
const ownProposal = (scene: Scene, word: string) => updateOf(scene.ury.doc, (doc) => editModel(doc, (d) => insertAtEnd(d, "p2", ` ${word}`, [proposalMark(["URY"])])));

describe("a forbidden edit is refused whatever frame carries it", () => {
  for (const framing of ["sync-update", "sync-step2", "reply-update", "reply-step2"] as Framing[]) {
    it(`as ${framing}`, () => play(`door-${framing}`, (scene) => attackProblems(scene, () => scene.ury.sendAndWait(forbidden(scene), framing))));
  }
});

describe("control: the delegate's own proposal is accepted and logged whatever frame carries it", () => {
  for (const framing of ["sync-update", "sync-step2", "reply-update", "reply-step2"] as Framing[]) {
    it(`as ${framing}`, () =>
      play(`door-control-${framing}`, (scene) => {
        const word = `own${framing.replace("-", "")}`;
        return controlProblems(scene, () => scene.ury.sendAndWait(ownProposal(scene, word), framing), (live) => live.getXmlFragment("content").toString().includes(word));
      }));
  }
});

describe("frames a client may not send close the connection and apply nothing", () => {
  it("BroadcastStateless (the server-internal opcode), not relayed to others", () =>
    play("door-broadcast", (scene) =>
      attackProblems(scene, async () => {
        const mark = scene.ury.marks();
        scene.ury.sendStateless(JSON.stringify({ type: "rejected", reason: "forged by URY" }), true);
        return scene.ury.outcomeSince(mark, 2000);
      }, "closed"),
    ));

  for (const type of [11, 99, 127]) {
    it(`an unknown message type ${type}`, () =>
      play(`door-unknown-${type}`, (scene) =>
        attackProblems(scene, async () => {
          const mark = scene.ury.marks();
          scene.ury.sendType(type, new Uint8Array([1, 2, 3]));
          return scene.ury.outcomeSince(mark, 2000);
        }, "closed"),
      ));
  }

  it("a SyncStatus message from a client", () =>
    play("door-syncstatus", (scene) =>
      attackProblems(scene, async () => {
        const mark = scene.ury.marks();
        scene.ury.sendType(MessageType.SyncStatus, new Uint8Array([1]));
        return scene.ury.outcomeSince(mark, 2000);
      }, "closed"),
    ));

  it("a Sync message with an unknown step", () =>
    play("door-unknown-step", (scene) =>
      attackProblems(scene, async () => {
        const mark = scene.ury.marks();
        scene.ury.sendFrame(frame(scene.ury.address, MessageType.Sync, (e) => {
          encoding.writeVarUint(e, 7);
          encoding.writeVarUint8Array(e, forbidden(scene));
        }));
        return scene.ury.outcomeSince(mark, 2000);
      }, "closed"),
    ));

  it("an update cut short (its length says more than the frame holds)", () =>
    play("door-truncated", (scene) =>
      attackProblems(scene, async () => {
        const update = forbidden(scene);
        const mark = scene.ury.marks();
        scene.ury.sendFrame(frame(scene.ury.address, MessageType.Sync, (e) => {
          encoding.writeVarUint(e, 2);
          encoding.writeVarUint(e, update.length + 50);
          encoding.writeUint8Array(e, update);
        }));
        return scene.ury.outcomeSince(mark, 2000);
      }, "closed"),
    ));

  for (const framing of ["sync-update", "reply-update"] as Framing[]) {
    it(`an update that is not Yjs (${framing})`, () =>
      play(`door-garbage-${framing}`, (scene) =>
        attackProblems(scene, async () => {
          const mark = scene.ury.marks();
          scene.ury.sendUpdate(new Uint8Array([5, 200, 1, 3, 99, 7, 7, 7, 255, 255, 255, 255, 15, 0]), framing);
          return scene.ury.outcomeSince(mark, 2000);
        }, "closed"),
      ));
  }
});

describe("the checker", () => {
  it("notices an edit that got through (the chair's base-text edit, played as an attack)", async () => {
    const scene = await openScene(server(), "door-checker");
    try {
      scene.ury.destroy();
      scene.ury = await RawClient.open(server().t.server.url, scene.id, scene.tokens.chair);
      const problems = await attackProblems(scene, () => scene.ury.sendAndWait(forbidden(scene), "sync-update"));
      expect(problems.some((p) => p.startsWith("refusal:"))).toBe(true);
      expect(problems.some((p) => p.startsWith("(1) the live document vs before the attack: the reading differs"))).toBe(true);
      expect(problems.filter((p) => /^\((2|3|4)\)/.test(p))).toEqual([]);
    } finally {
      scene.close();
    }
  });
});

describe("after a restart on the same data", () => {
  it("every document checked above reads as it did", async () => {
    expect(server().expected.size).toBeGreaterThan(0);
    expect(await restartProblems(server())).toEqual([]);
  });
});
