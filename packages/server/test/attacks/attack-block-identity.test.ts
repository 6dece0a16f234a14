import { newId, schema } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  attackFile,
  attackProblems,
  blockElement,
  blockIndex,
  controlProblems,
  editModel,
  paragraphElement,
  restartProblems,
  type Scene,
} from "../support/attack-scene.js";
import { updateOf } from "../support/raw-client.js";

// Invariant (design.md §4): block ids are the server's truth — unique across
// the document, for everyone; never changed in place; never reused. A change
// of identity is judged as a deletion plus an insertion, so a delegate cannot
// pass off an edit of base text, or of an agreed paragraph, as its own new
// paragraph. An alternative points at an open paragraph that exists.

const { play, server } = attackFile();
const fragmentOf = (doc: Y.Doc) => doc.getXmlFragment("content");
/** An update from the raw client's copy, refused or not. */
const attack = (scene: Scene, change: (doc: Y.Doc) => void) => attackProblems(scene, () => scene.ury.sendAndWait(updateOf(scene.ury.doc, change)));
const has = (text: string) => (live: Y.Doc) => fragmentOf(live).toString().includes(text);

describe("a delegate cannot change a block's identity", () => {
  it("changing a base paragraph's id in place", () => play("id-base-rename", (scene) => attack(scene, (doc) => blockElement(doc, "p2").setAttribute("id", "p2x"))));

  it("changing its own proposed paragraph's id in place", () => play("id-own-rename", (scene) => attack(scene, (doc) => blockElement(doc, "p6").setAttribute("id", "p6x"))));

  it("changing its own proposed paragraph's id to another block's id", () => play("id-own-rename-dup", (scene) => attack(scene, (doc) => blockElement(doc, "p6").setAttribute("id", "p2"))));

  it("a new paragraph of its own with an id in use (after the paragraph holding it)", () =>
    play("id-new-dup", (scene) =>
      attack(scene, (doc) => fragmentOf(doc).insert(blockIndex(doc, "p8") + 1, [paragraphElement({ id: "p2", proposedBy: ["URY"] }, "Uruguay's paragraph reusing p2.")])),
    ));

  it("a new paragraph of its own with an id in use (before the paragraph holding it)", () =>
    play("id-new-dup-before", (scene) =>
      attack(scene, (doc) => fragmentOf(doc).insert(blockIndex(doc, "p2"), [paragraphElement({ id: "p2", proposedBy: ["URY"] }, "Uruguay's paragraph reusing p2.")])),
    ));

  it("a new paragraph of base text with an id in use", () =>
    play("id-new-dup-base", (scene) => attack(scene, (doc) => fragmentOf(doc).insert(blockIndex(doc, "p8") + 1, [paragraphElement({ id: "p3" }, "Base text slipped in under p3.")]))));

  it("deleting the agreed paragraph and inserting another with its id and new text", () =>
    play("id-replace-agreed", (scene) =>
      attack(scene, (doc) => {
        const at = blockIndex(doc, "p1");
        const replacement = paragraphElement({ id: "p1", label: "1.", kind: "operative", status: "agreed-informally", statusDate: "2012-04-19" }, "To implement nothing at all.");
        fragmentOf(doc).delete(at, 1);
        fragmentOf(doc).insert(at, [replacement]);
      }),
    ));

  it("deleting its own proposed paragraph and inserting another with its id", () =>
    play("id-replace-own", (scene) =>
      attack(scene, (doc) => {
        const at = blockIndex(doc, "p6");
        fragmentOf(doc).delete(at, 1);
        fragmentOf(doc).insert(at, [paragraphElement({ id: "p6", label: "5 bis.", kind: "operative", proposedBy: ["URY"] }, "A new proposal under the old id.")]);
      }),
    ));
});

describe("a delegate cannot set or clear an alternative it does not own, nor point one at a locked or missing paragraph", () => {
  it("setting alternativeTo on a base paragraph", () => play("alt-base-set", (scene) => attack(scene, (doc) => blockElement(doc, "p2").setAttribute("alternativeTo", "p3"))));
  it("clearing alternativeTo on Argentina's alternative", () => play("alt-arg-clear", (scene) => attack(scene, (doc) => blockElement(doc, "p7").setAttribute("alternativeTo", ""))));
  it("its own proposed paragraph as an alternative to the agreed paragraph", () => play("alt-own-locked", (scene) => attack(scene, (doc) => blockElement(doc, "p6").setAttribute("alternativeTo", "p1"))));
  it("its own proposed paragraph as an alternative to a paragraph that does not exist", () =>
    play("alt-own-missing", (scene) => attack(scene, (doc) => blockElement(doc, "p6").setAttribute("alternativeTo", "nowhere"))));
});

describe("controls", () => {
  it("the delegate's new paragraph of its own with a fresh id is accepted (the same construction as the attacks)", () =>
    play("id-control-delegate", (scene) =>
      controlProblems(
        scene,
        () => scene.ury.sendAndWait(updateOf(scene.ury.doc, (doc) => fragmentOf(doc).insert(blockIndex(doc, "p8") + 1, [paragraphElement({ id: newId("p"), proposedBy: ["URY"] }, "Uruguay's fresh paragraph.")]))),
        has("Uruguay's fresh paragraph."),
      ),
    ));

  it("the chair's new paragraph with a fresh id is accepted", () =>
    play("id-control-chair", async (scene) => {
      const chair = await scene.rawAs("chair");
      return controlProblems(
        scene,
        () => chair.sendAndWait(updateOf(chair.doc, (doc) => fragmentOf(doc).insert(blockIndex(doc, "p8") + 1, [paragraphElement({ id: newId("p") }, "The chair's fresh paragraph.")]))),
        has("The chair's fresh paragraph."),
      );
    }));

  it("the chair's new paragraph through the model (as the editor sends it) is accepted", () =>
    play("id-control-chair-model", async (scene) => {
      const chair = await scene.rawAs("chair");
      return controlProblems(
        scene,
        () =>
          chair.sendAndWait(
            updateOf(chair.doc, (doc) =>
              editModel(doc, (d) => d.withContent(new Transform(d.content).insert(d.content.content.size, schema.nodes.paragraph!.create({ id: newId("p") }, schema.text("Through the model."))).doc)),
            ),
          ),
        has("Through the model."),
      );
    }));

  it("the chair pointing a paragraph at an open paragraph as its alternative is accepted", () =>
    play("alt-control-chair", async (scene) => {
      const chair = await scene.rawAs("chair");
      return controlProblems(scene, () => chair.sendAndWait(updateOf(chair.doc, (doc) => blockElement(doc, "p3").setAttribute("alternativeTo", "p2"))), (live) => blockElement(live, "p3").getAttribute("alternativeTo") === "p2");
    }));
});

describe("ids are unique for everyone: the chair too is refused", () => {
  it("a new paragraph with an id in use", async () => {
    await play("id-chair-dup", async (scene) => {
      await scene.rawAs("chair");
      return attack(scene, (doc) => fragmentOf(doc).insert(blockIndex(doc, "p8") + 1, [paragraphElement({ id: "p2" }, "The chair reusing p2.")]));
    });
  });

  it("changing a paragraph's id to another block's id", async () => {
    await play("id-chair-rename-dup", async (scene) => {
      await scene.rawAs("chair");
      return attack(scene, (doc) => blockElement(doc, "p3").setAttribute("id", "p2"));
    });
  });
});

describe("after a restart on the same data", () => {
  it("every document checked above reads as it did", async () => {
    expect(server().expected.size).toBeGreaterThan(0);
    expect(await restartProblems(server())).toEqual([]);
  });
});
