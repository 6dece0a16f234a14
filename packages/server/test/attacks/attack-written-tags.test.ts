import { newId, type NegotiationDocument } from "@accord/schema";
import { readDocument } from "@accord/collab";
import { Transform } from "prosemirror-transform";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { attackFile, attackProblems, blockElement, controlProblems, editModel, insertProposalText, restartProblems, type Scene } from "../support/attack-scene.js";
import { updateOf } from "../support/raw-client.js";

// Invariant (design.md §4; the trust rule, trust-rule.ts): a proposal's tag
// as written (written-tags.ts) is how its proposer's words name it. A
// delegate of X may set it on X's own proposals, never on another
// delegation's — supported by X or not; the chair and the secretariat on any.
// strip_X compares every attribute of the proposals it keeps, so this needs
// no rule of its own: these cases hold it to that.

const { play, server } = attackFile();

const send = (scene: Scene, change: (doc: Y.Doc) => void) => scene.ury.sendAndWait(updateOf(scene.ury.doc, change));

/** The document with proposal `id`'s tag as written set to `tag` (and its delegations to `by`, if given) on every span. */
function setTag(d: NegotiationDocument, id: string, tag: string, by?: string[]): NegotiationDocument {
  const tr = new Transform(d.content);
  d.content.descendants((node, pos) => {
    for (const mark of node.marks) {
      if (mark.type.name !== "proposal" || mark.attrs.id !== id) continue;
      tr.removeMark(pos, pos + node.nodeSize, mark);
      tr.addMark(pos, pos + node.nodeSize, mark.type.create({ ...mark.attrs, tag, ...(by ? { by } : {}) }));
    }
  });
  return d.withContent(tr.doc);
}

/** The tag as written of proposal `id` as a Y.Doc reads, or null. */
function tagIn(doc: Y.Doc, id: string): string | null {
  const read = readDocument(doc);
  if (!read.ok) return null;
  let tag: string | null = null;
  read.value.content.descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === "proposal" && mark.attrs.id === id) tag = mark.attrs.tag as string;
  });
  return tag;
}

/** The document with paragraph `id`'s whole-paragraph tag as written set to `tag` (and its proposers to `by`, if given). */
function setProposedTag(d: NegotiationDocument, id: string, tag: string, by?: string[]): NegotiationDocument {
  const tr = new Transform(d.content);
  d.content.forEach((node, pos) => {
    if (node.attrs.id === id) tr.setNodeMarkup(pos, undefined, { ...node.attrs, proposedTag: tag, ...(by ? { proposedBy: by } : {}) });
  });
  return d.withContent(tr.doc);
}

/** The whole-paragraph tag as written of paragraph `id` as a Y.Doc reads, or null. */
function proposedTagIn(doc: Y.Doc, id: string): string | null {
  const read = readDocument(doc);
  if (!read.ok) return null;
  let tag: string | null = null;
  read.value.content.forEach((node) => {
    if (node.attrs.id === id) tag = node.attrs.proposedTag as string;
  });
  return tag;
}

describe("a delegate of URY cannot set the tag of another delegation's proposal", () => {
  it("Argentina's b2 spelled `Argentina`, a true spelling (written by URY)", () =>
    play("tag-other-true", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setTag(d, "b2", "Argentina"))))));

  it("Argentina's b2 spelled `Uru`, a spelling of another delegation (written by URY)", () =>
    play("tag-other-lie", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setTag(d, "b2", "Uru"))))));

  it("Argentina's b2 supported by URY and spelled `Argentina, Uruguay` in the same edit", () =>
    play("tag-other-supported", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setTag(d, "b2", "Argentina, Uruguay", ["ARG", "URY"]))))));

  it("a tag that breaks its bracket on URY's own typed proposal (raw, the typing fast path)", () =>
    play("tag-typed-invalid", (scene) =>
      attackProblems(scene, () => send(scene, (doc) => insertProposalText(doc, "p2", 2, " jointly", { id: newId("r"), op: "insert", by: ["URY"], note: "", state: "open", tag: "Uru] [Arg" }))),
    ));
});

// The same for a paragraph proposed whole (`proposedTag`): p6 is Uruguay's 5 bis, p7 Argentina's 5 bis alt., p3 base text.
describe("a delegate of URY cannot set the tag of another delegation's whole paragraph", () => {
  it("Argentina's paragraph p7 spelled `Argentina`, a true spelling", () =>
    play("ptag-other-true", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setProposedTag(d, "p7", "Argentina"))))));

  it("Argentina's paragraph p7 supported by URY and spelled `Argentina, Uruguay` in the same edit", () =>
    play("ptag-other-supported", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setProposedTag(d, "p7", "Argentina, Uruguay", ["ARG", "URY"]))))));

  it("base paragraph p3 given a tag as written", () =>
    play("ptag-base", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setProposedTag(d, "p3", "Uruguay"))))));

  it("a tag that breaks its bracket on URY's own paragraph p6 (raw attribute)", () =>
    play("ptag-own-invalid", (scene) => attackProblems(scene, () => send(scene, (doc) => blockElement(doc, "p6").setAttribute("proposedTag", "Uru] [Arg")))));
});

describe("controls", () => {
  it("URY spells its own paragraph p6 `URY`, then takes the spelling back", () =>
    play("ptag-control-own", async (scene) => {
      const problems = await controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setProposedTag(d, "p6", "URY"))), (live) => proposedTagIn(live, "p6") === "URY");
      await scene.ury.until(() => proposedTagIn(scene.ury.doc, "p6") === "URY", 3000, "the raw copy up to date");
      problems.push(...(await controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setProposedTag(d, "p6", ""))), (live) => proposedTagIn(live, "p6") === "")));
      return problems;
    }));

  it("the chair spells Argentina's paragraph p7 `Argentina`", () =>
    play("ptag-control-chair", async (scene) => {
      await scene.rawAs("chair");
      return controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setProposedTag(d, "p7", "Argentina"))), (live) => proposedTagIn(live, "p7") === "Argentina");
    }));


  it("URY spells its own proposal b4 `Uruguay`, then takes the spelling back", () =>
    play("tag-control-own", async (scene) => {
      const problems = await controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setTag(d, "b4", "Uruguay"))), (live) => tagIn(live, "b4") === "Uruguay");
      await scene.ury.until(() => tagIn(scene.ury.doc, "b4") === "Uruguay", 3000, "the raw copy up to date");
      problems.push(...(await controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setTag(d, "b4", ""))), (live) => tagIn(live, "b4") === "")));
      return problems;
    }));

  it("the chair spells Argentina's b2 `Argentina`", () =>
    play("tag-control-chair", async (scene) => {
      await scene.rawAs("chair");
      return controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => setTag(d, "b2", "Argentina"))), (live) => tagIn(live, "b2") === "Argentina");
    }));
});

describe("after a restart on the same data", () => {
  it("every document checked above reads as it did", async () => {
    expect(server().expected.size).toBeGreaterThan(0);
    expect(await restartProblems(server())).toEqual([]);
  });
});
