import { newId } from "@accord/schema";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  attackFile,
  attackProblems,
  blockIndex,
  controlProblems,
  editModel,
  insertAtEnd,
  insertProposalText,
  paragraphElement,
  proposalAttrs,
  proposalBy,
  proposalMark,
  remarkProposal,
  restartProblems,
  type Scene,
  setBlockAttrs,
} from "../support/attack-scene.js";
import { updateOf } from "../support/raw-client.js";

// Invariant (design.md §4): a delegate of X may add, change and withdraw X's
// proposals and add or take back X's support of others' — it cannot name
// another delegation as co-sponsor: Argentina's support is Argentina's to give.

const { play, server } = attackFile();
const send = (scene: Scene, change: (doc: Y.Doc) => void) => scene.ury.sendAndWait(updateOf(scene.ury.doc, change));

describe("a delegate cannot assert another delegation's support", () => {
  it("its new inline proposal by [URY, ARG] (through the model)", () =>
    play("cosponsor-inline", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => insertAtEnd(d, "p2", " jointly", [proposalMark(["URY", "ARG"])]))))));

  it("its new inline proposal by [URY, ARG] (raw)", () =>
    play("cosponsor-inline-raw", (scene) => attackProblems(scene, () => send(scene, (doc) => insertProposalText(doc, "p2", 2, " jointly", proposalAttrs(newId("r"), ["URY", "ARG"]))))));

  it("a new paragraph proposed by [URY, ARG]", () =>
    play("cosponsor-paragraph", (scene) =>
      attackProblems(scene, () => send(scene, (doc) => doc.getXmlFragment("content").insert(blockIndex(doc, "p8") + 1, [paragraphElement({ id: newId("p"), proposedBy: ["URY", "ARG"] }, "Proposed by two, asserted by one.")]))),
    ));

  it("adding ARG to its own open proposal b1", () => play("cosponsor-add", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => remarkProposal(d, "b1", ["URY", "ARG"]))))));

  it("adding ARG to its own proposed paragraph p6", () => play("cosponsor-add-paragraph", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setBlockAttrs(d, "p6", { proposedBy: ["URY", "ARG"] }))))));

  it("putting ARG first on its own proposal b1 (handing it over)", () => play("cosponsor-handover", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => remarkProposal(d, "b1", ["ARG", "URY"]))))));
});

describe("controls", () => {
  it("its new inline proposal by [URY] is accepted", () =>
    play("cosponsor-control-own", (scene) =>
      controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => insertAtEnd(d, "p2", " alone", [proposalMark(["URY"], { id: "ury-alone" })]))), (live) => JSON.stringify(proposalBy(live, "ury-alone")) === '["URY"]'),
    ));

  it("supporting Argentina's open proposal b2, then taking the support back, is accepted", () =>
    play("cosponsor-control-support", async (scene) => {
      const problems = await controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => remarkProposal(d, "b2", ["ARG", "URY"]))), (live) => JSON.stringify(proposalBy(live, "b2")) === '["ARG","URY"]');
      await scene.ury.until(() => JSON.stringify(proposalBy(scene.ury.doc, "b2")) === '["ARG","URY"]', 3000, "the raw copy up to date");
      problems.push(...(await controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => remarkProposal(d, "b2", ["ARG"]))), (live) => JSON.stringify(proposalBy(live, "b2")) === '["ARG"]')));
      return problems;
    }));
});

describe("after a restart on the same data", () => {
  it("every document checked above reads as it did", async () => {
    expect(server().expected.size).toBeGreaterThan(0);
    expect(await restartProblems(server())).toEqual([]);
  });
});
