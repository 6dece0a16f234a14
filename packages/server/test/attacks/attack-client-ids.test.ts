import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { eventually } from "../support.js";
import {
  attackFile,
  attackProblems,
  controlProblems,
  editModel,
  insertAtEnd,
  invariantProblems,
  liveDoc,
  proposalMark,
  proposalStateIn,
  restartProblems,
  type Scene,
  serverState,
} from "../support/attack-scene.js";
import { awarenessUpdate, encodeUpdate, updateOf } from "../support/raw-client.js";

// Invariant (design.md §4): a Yjs client id and its presence belong to the
// connection that first used them — and the server's own id (under which the
// API's operations write) to the server. Structs, GC or Skip runs and
// deletions under another's id, or ahead of any clock, are refused; after
// each attempt the victim's next edits are acknowledged and on the server.
// Presence claimed for another's id is dropped: no one else ever sees it.

const { play, server } = attackFile();
const clockOf = (doc: Y.Doc, client: number) => Y.decodeStateVector(Y.encodeStateVector(doc)).get(client) ?? 0;
/** Uruguay's own proposal: allowed content, so that only the client id is wrong. */
const ownProposal = (doc: Y.Doc, word: string) => editModel(doc, (d) => insertAtEnd(d, "p2", ` ${word}`, [proposalMark(["URY"])]));

/** The chair types base text and is acknowledged; the raw client has it. */
async function chairEdits(scene: Scene, word: string): Promise<void> {
  editModel(scene.chair.doc, (d) => insertAtEnd(d, "p4", ` ${word}`));
  await scene.chair.acknowledged();
  const id = scene.chair.doc.clientID;
  const clock = clockOf(scene.chair.doc, id);
  await scene.ury.until(() => clockOf(scene.ury.doc, id) >= clock, 3000, "the chair's edit at the raw client");
}

/** A chair's operation through the API (accept or reject a proposal): it must answer 200. */
async function apiOperation(scene: Scene, proposal: string, action: "accept" | "reject"): Promise<string[]> {
  const answer = await fetch(`${scene.s.t.server.url}/api/documents/${scene.id}/proposals/${proposal}/${action}`, { method: "POST", headers: { authorization: `Bearer ${scene.tokens.chair}` } });
  return answer.status === 200 ? [] : [`POST ${proposal}/${action}: ${answer.status} ${await answer.text()}`];
}

describe("structs under another's client id are refused, and the victim keeps working", () => {
  it("under the chair's id, after the chair edited", () =>
    play("cid-chair", async (scene) => {
      await chairEdits(scene, "chairbefore");
      return attackProblems(scene, () => scene.ury.sendAndWait(updateOf(scene.ury.doc, (doc) => ownProposal(doc, "hijack"), scene.chair.doc.clientID)));
    }));

  it("under Argentina's id, after Argentina edited", () =>
    play("cid-arg", async (scene) => {
      editModel(scene.arg.doc, (d) => insertAtEnd(d, "p3", " argbefore", [proposalMark(["ARG"])]));
      await scene.arg.acknowledged();
      const id = scene.arg.doc.clientID;
      await scene.ury.until(() => clockOf(scene.ury.doc, id) >= clockOf(scene.arg.doc, id), 3000, "ARG's edit at the raw client");
      return attackProblems(scene, () => scene.ury.sendAndWait(updateOf(scene.ury.doc, (doc) => ownProposal(doc, "hijack"), id)));
    }));

  it("under Argentina's id, before Argentina's first edit", () =>
    play("cid-arg-first", (scene) => attackProblems(scene, () => scene.ury.sendAndWait(updateOf(scene.ury.doc, (doc) => ownProposal(doc, "hijack"), scene.arg.doc.clientID)))));

  it("under the server's own id, after a chair's operation through the API, which works again afterwards", () =>
    play("cid-server", async (scene) => {
      const known = new Set(Y.decodeStateVector(Y.encodeStateVector(scene.ury.doc)).keys());
      const problems = await apiOperation(scene, "b3", "accept");
      // The server writes its operations under an id of its own: the one new id the change brings.
      const newIds = () => [...Y.decodeStateVector(Y.encodeStateVector(scene.ury.doc)).keys()].filter((id) => !known.has(id));
      await scene.ury.until(() => newIds().length > 0, 3000, "the API's change at the raw client");
      const serverId = newIds()[0]!;
      const before = serverState(scene);
      const outcome = await scene.ury.sendAndWait(updateOf(scene.ury.doc, (doc) => ownProposal(doc, "hijack"), serverId));
      if (outcome.kind !== "refused") problems.push(`refusal: expected a "rejected" message, got ${JSON.stringify(outcome)}`);
      problems.push(
        ...(await invariantProblems(scene, before, {
          extraEdit: async () => {
            const answer = await apiOperation(scene, "b4", "accept");
            const everywhere = () => [liveDoc(scene.s.t, scene.id), scene.chair.doc, scene.arg.doc].every((doc) => proposalStateIn(doc, "b4") === "accepted");
            await eventually(everywhere, 3000, "the API's next operation everywhere").catch(() => answer.push("the API's next operation (accept b4) is not on every copy"));
            return answer;
          },
        })),
      );
      return problems;
    }));

  it("a GC struct claiming a million clocks under the chair's id, after the chair edited", () =>
    play("cid-gc-chair", async (scene) => {
      await chairEdits(scene, "chairbefore");
      const id = scene.chair.doc.clientID;
      return attackProblems(scene, () => scene.ury.sendAndWait(encodeUpdate([{ client: id, clock: clockOf(scene.ury.doc, id), structs: [{ gc: 1_000_000 }] }])));
    }));

  it("a GC struct claiming a million clocks under Argentina's id, before its first edit", () =>
    play("cid-gc-arg", (scene) => attackProblems(scene, () => scene.ury.sendAndWait(encodeUpdate([{ client: scene.arg.doc.clientID, clock: 0, structs: [{ gc: 1_000_000 }] }])))));

  it("a Skip struct and an item after it under the chair's id", () =>
    play("cid-skip-chair", async (scene) => {
      await chairEdits(scene, "chairbefore");
      const id = scene.chair.doc.clientID;
      const clock = clockOf(scene.ury.doc, id);
      return attackProblems(scene, () => scene.ury.sendAndWait(encodeUpdate([{ client: id, clock, structs: [{ skip: 1000 }, { parent: { root: "scratch" }, parentSub: "k", content: { any: ["v"] } }] }])));
    }));

  it("a delete set pointing at the chair's clocks that do not exist yet", () =>
    play("cid-ds-chair", async (scene) => {
      await chairEdits(scene, "chairbefore");
      const id = scene.chair.doc.clientID;
      return attackProblems(scene, () => scene.ury.sendAndWait(encodeUpdate([], [{ client: id, ranges: [[clockOf(scene.ury.doc, id) + 1, 50]] }])));
    }));

  // A connection speaks for a few ids (a page has one): the new ids of one update count toward that, not only
  // those of updates before it — else one update claims 100,000, and every transaction's state vector after it
  // walks them. The ids are gathered in a set (searched in a list, 100,000 of them are 5·10⁹ comparisons).
  it("GC structs under 100,000 client ids of no one in one update (under the size limit): refused for the number of ids, and the server goes on", () =>
    play("cid-many", async (scene) => {
      const groups = Array.from({ length: 100_000 }, (_, i) => ({ client: 1_000_000 + i, clock: 0, structs: [{ gc: 1 }] }));
      let reason = "";
      const problems = await attackProblems(scene, async () => {
        const outcome = await scene.ury.sendAndWait(encodeUpdate(groups));
        reason = outcome.kind === "refused" || outcome.kind === "closed" ? outcome.reason : "";
        return outcome;
      });
      if (!reason.includes("client ids on one connection")) problems.push(`refused for another reason: ${JSON.stringify(reason)}`);
      return problems;
    }));

  it("a delete set pointing at its own clocks that do not exist yet", () =>
    play("cid-ds-own", (scene) => attackProblems(scene, () => scene.ury.sendAndWait(encodeUpdate([], [{ client: scene.ury.doc.clientID, ranges: [[0, 50]] }])))));
});

describe("controls", () => {
  it("the same proposal under the delegate's own id is accepted", () =>
    play("cid-control", (scene) =>
      controlProblems(scene, () => scene.ury.sendAndWait(updateOf(scene.ury.doc, (doc) => ownProposal(doc, "ownid"))), (live) => live.getXmlFragment("content").toString().includes("ownid")),
    ));

  it("the delegate's own presence reaches the others, with the session's identity", () =>
    play("presence-control", async (scene) => {
      const id = scene.ury.doc.clientID;
      scene.ury.sendAwareness(awarenessUpdate([{ clientID: id, clock: 1, state: { cursor: { anchor: 3, head: 3 }, user: { name: "Brazil", delegation: "BRA" } } }]));
      const seen = () => scene.arg.provider.awareness!.getStates().get(id) as { cursor?: unknown; user?: { delegation?: string } } | undefined;
      await eventually(() => seen()?.cursor !== undefined, 3000, "the delegate's presence at ARG");
      return seen()!.user?.delegation === "URY" ? [] : [`presence identity not overwritten: ${JSON.stringify(seen())}`];
    }));
});

/** Every state a watcher sees for client `id`, as JSON, from now on. */
function watch(scene: Scene, id: number): string[] {
  const seen: string[] = [];
  const awareness = scene.arg.provider.awareness!;
  awareness.on("change", () => seen.push(JSON.stringify(awareness.getStates().get(id) ?? null)));
  return seen;
}

describe("presence for another connection's client id is dropped", () => {
  it("before the victim published any state: others never see it, and the victim's own presence still arrives", () =>
    play("presence-before", async (scene) => {
      const victim = scene.chair.doc.clientID;
      const seen = watch(scene, victim);
      const before = serverState(scene);
      scene.ury.sendAwareness(awarenessUpdate([{ clientID: victim, clock: 5, state: { cursor: { anchor: 666, head: 666 }, forged: true } }]));
      await new Promise((r) => setTimeout(r, 400));
      scene.chair.provider.setAwarenessField("cursor", { anchor: 1, head: 1 });
      const problems: string[] = [];
      await eventually(() => (scene.arg.provider.awareness!.getStates().get(victim) as { cursor?: { anchor: number } } | undefined)?.cursor?.anchor === 1, 3000, "the chair's own presence").catch(() =>
        problems.push(`the chair's own presence did not arrive (ARG sees ${JSON.stringify(scene.arg.provider.awareness!.getStates().get(victim) ?? null)})`),
      );
      if (seen.some((state) => state.includes("forged"))) problems.push(`ARG saw the forged state: ${seen.find((state) => state.includes("forged"))}`);
      return [...problems, ...(await invariantProblems(scene, before))];
    }));

  it("after the victim published its state: others never see the forgery or a removal, and the victim's next state arrives", () =>
    play("presence-after", async (scene) => {
      const victim = scene.chair.doc.clientID;
      const at = (anchor: number) => (scene.arg.provider.awareness!.getStates().get(victim) as { cursor?: { anchor: number } } | undefined)?.cursor?.anchor === anchor;
      scene.chair.provider.setAwarenessField("cursor", { anchor: 1, head: 1 });
      await eventually(() => at(1), 3000, "the chair's presence");
      const seen = watch(scene, victim);
      const before = serverState(scene);
      scene.ury.sendAwareness(awarenessUpdate([{ clientID: victim, clock: 100, state: { cursor: { anchor: 666, head: 666 }, forged: true } }]));
      scene.ury.sendAwareness(awarenessUpdate([{ clientID: victim, clock: 101, state: null }]));
      await new Promise((r) => setTimeout(r, 400));
      const problems: string[] = [];
      if (seen.some((state) => state.includes("forged") || state === "null")) problems.push(`ARG saw the forgery or a removal: ${seen.join(" | ")}`);
      scene.chair.provider.setAwarenessField("cursor", { anchor: 2, head: 2 });
      await eventually(() => at(2), 3000, "the chair's next presence").catch(() => problems.push("the chair's next presence did not arrive"));
      return [...problems, ...(await invariantProblems(scene, before))];
    }));
});

describe("after a restart on the same data", () => {
  it("every document checked above reads as it did", async () => {
    expect(server().expected.size).toBeGreaterThan(0);
    expect(await restartProblems(server())).toEqual([]);
  });
});
