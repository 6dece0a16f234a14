import { chooseBlockOption } from "@accord/merge";
import { collectOptionGroups, newId } from "@accord/schema";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  attackFile,
  attackProblems,
  blockElement,
  blockIndex,
  controlProblems,
  editModel,
  insertAtEnd,
  modelOf,
  playScene,
  sendChange,
  paragraphElement,
  proposalMark,
  restartProblems,
  type Scene,
} from "../support/attack-scene.js";

// Invariant (design.md §4): option blocks (`Option 1:` … `Option 3: No text`) are base text. A delegate of X may
// propose inside an option's paragraphs and propose paragraphs after the options, but may not choose an option,
// take a block out of one or put one in, nor put its own paragraph inside the group — whatever its client sends.

const DRAFT = `1. To develop plans [Uru: while] respecting human rights.
Option 1: To ensure a joint perspective in all programs.
Option 2: To promote regional cooperation in the region.
Option 3: No text
2. To report to the council.
`;
// Read: p1, then p2 (Option 1), p3 (Option 2), p4 (Option 3, no text), p5.

const { server } = attackFile();
const playOptions = (name: string, run: (scene: Scene) => Promise<string[]>) => playScene(server(), name, DRAFT, run);
const send = sendChange;
const read = modelOf;
const optionId = (doc: Y.Doc, label: string) => collectOptionGroups(read(doc).content)[0]!.options.find((o) => o.label === label)!.id;
const pathOf = (doc: Y.Doc, id: string) => String(blockElement(doc, id).getAttribute("optionPath") ?? "");

describe("a delegate cannot change option blocks", () => {
  it("choosing an option (the update the chair's Choose makes)", () =>
    playOptions("options-choose", (scene) =>
      attackProblems(scene, () =>
        send(scene, (doc) =>
          editModel(doc, (d) => {
            const r = chooseBlockOption(d, optionId(doc, "Option 2:"));
            if (!r.ok) throw new Error(r.reason);
            return r.document;
          }),
        ),
      ),
    ));

  it("taking a paragraph out of its option (raw)", () => playOptions("options-take-out", (scene) => attackProblems(scene, () => send(scene, (doc) => blockElement(doc, "p3").setAttribute("optionPath", "")))));

  it("moving a paragraph into another option (raw)", () =>
    playOptions("options-move-in", (scene) => attackProblems(scene, () => send(scene, (doc) => blockElement(doc, "p2").setAttribute("optionPath", pathOf(doc, "p3"))))));

  it("deleting the option of no text", () =>
    playOptions("options-delete-notext", (scene) => attackProblems(scene, () => send(scene, (doc) => doc.getXmlFragment("content").delete(blockIndex(doc, "p4"), 1)))));

  it("its own proposed paragraph between two options of the group", () =>
    playOptions("options-own-between", (scene) =>
      attackProblems(scene, () => send(scene, (doc) => doc.getXmlFragment("content").insert(blockIndex(doc, "p3"), [paragraphElement({ id: newId("p"), proposedBy: ["URY"] }, "Proposed between the options.")]))),
    ));

  it("its own proposed paragraph made an option of the group", () =>
    playOptions("options-own-joins", (scene) =>
      attackProblems(scene, () =>
        send(scene, (doc) => doc.getXmlFragment("content").insert(blockIndex(doc, "p3") + 1, [paragraphElement({ id: newId("p"), proposedBy: ["URY"], optionPath: pathOf(doc, "p3") }, "Proposed as part of Option 2.")])),
      ),
    ));
});

describe("controls", () => {
  it("proposing text in an option's paragraph is accepted", () =>
    playOptions("options-control-inline", (scene) =>
      controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => insertAtEnd(d, "p2", " jointly", [proposalMark(["URY"], { id: "ury-in-option" })]))), (live) => read(live).content.textContent.includes("jointly")),
    ));

  it("its own proposed paragraph after the options is accepted", () =>
    playOptions("options-control-after", (scene) =>
      controlProblems(
        scene,
        () => send(scene, (doc) => doc.getXmlFragment("content").insert(blockIndex(doc, "p5"), [paragraphElement({ id: "ury-after", proposedBy: ["URY"] }, "Proposed after the options.")])),
        (live) => read(live).content.textContent.includes("Proposed after the options."),
      ),
    ));
});

describe("after a restart on the same data", () => {
  it("every document checked above reads as it did", async () => {
    expect(server().expected.size).toBeGreaterThan(0);
    expect(await restartProblems(server())).toEqual([]);
  });
});
