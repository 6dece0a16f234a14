import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  attackFile,
  attackProblems,
  controlProblems,
  insertProposalText,
  proposalAttrs,
  restartProblems,
  type Scene,
} from "../support/attack-scene.js";
import { updateOf } from "../support/raw-client.js";

// Invariant (design.md §4): proposal ids are the server's truth — unique
// across the document, kept by their proposer, never reused (a withdrawn or
// decided proposal's id included). A delegate's new proposal under another's
// id would merge with it (concurrent variants are reconciled by id) or take
// over its place in the record.

const { play, server } = attackFile();
/** Uruguay's new insertion of `text` at `at` in `block`, under proposal id `id`. */
const propose = (scene: Scene, block: string, at: number, text: string, id: string) =>
  attackProblems(scene, () => scene.ury.sendAndWait(updateOf(scene.ury.doc, (doc) => insertProposalText(doc, block, at, text, proposalAttrs(id, ["URY"])))));

describe("a delegate's new proposal cannot take an id in use or used", () => {
  it("Argentina's open proposal's id, in the same paragraph", () => play("pid-arg-same", (scene) => propose(scene, "p3", 2, " usurped", "b2")));
  it("Argentina's open proposal's id, in another paragraph", () => play("pid-arg-other", (scene) => propose(scene, "p2", 2, " usurped", "b3")));
  it("its own open proposal's id, in another paragraph", () => play("pid-own-other", (scene) => propose(scene, "p3", 2, " again", "b1")));
  it("its own withdrawn proposal's id, in another paragraph", () => play("pid-own-withdrawn", (scene) => propose(scene, "p2", 2, " revived", "b8")));
  it("Argentina's accepted proposal's id, in another paragraph", () => play("pid-arg-accepted", (scene) => propose(scene, "p2", 2, " usurped", "b9")));
  it("Argentina's rejected proposal's id, in the same paragraph", () => play("pid-arg-rejected", (scene) => propose(scene, "p8", 2, " usurped", "b10")));
  it("a block's id", () => play("pid-block-id", (scene) => propose(scene, "p2", 2, " odd", "p3")));
});

describe("control", () => {
  it("the same insertion with a fresh id is accepted", () =>
    play("pid-control", (scene) =>
      controlProblems(
        scene,
        () => scene.ury.sendAndWait(updateOf(scene.ury.doc, (doc) => insertProposalText(doc, "p3", 2, " freshly", proposalAttrs("ury-fresh-1", ["URY"])))),
        (live: Y.Doc) => live.getXmlFragment("content").toString().includes("freshly"),
      ),
    ));
});

describe("after a restart on the same data", () => {
  it("every document checked above reads as it did", async () => {
    expect(server().expected.size).toBeGreaterThan(0);
    expect(await restartProblems(server())).toEqual([]);
  });
});
