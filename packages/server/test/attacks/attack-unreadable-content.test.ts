import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  apiProblems,
  attackFile,
  attackProblems,
  blockElement,
  blockIndex,
  blockText,
  controlProblems,
  paragraphElement,
  restartProblems,
  type Scene,
} from "../support/attack-scene.js";
import { updateOf } from "../support/raw-client.js";

// Invariant (design.md §4): only the schema's nodes, marks and attributes
// enter a document, from anyone — the chair included — so that a stored
// document always reads; and a document that cannot be read never breaks
// anything but itself (the list, content and exports answer).

const { play, server } = attackFile();
const fragmentOf = (doc: Y.Doc) => doc.getXmlFragment("content");

/** Content no reader can read, each placed where the sender may otherwise write (the delegate: its own paragraph p6). */
const CASES: { name: string; change: (doc: Y.Doc, own: string) => void }[] = [
  {
    name: "a Y.XmlText directly under the content fragment",
    change: (doc) => {
      const text = new Y.XmlText();
      text.insert(0, "Loose text outside any paragraph.");
      fragmentOf(doc).insert(blockIndex(doc, "p8") + 1, [text]);
    },
  },
  { name: "an embed in a paragraph's text", change: (doc, own) => blockText(doc, own).insertEmbed(3, { image: "https://example.org/x.png" }) },
  // Yjs' types do not let a hook into an XML element's children; the wire does.
  { name: "a Y.XmlHook in a paragraph", change: (doc, own) => blockElement(doc, own).insert(1, [new Y.XmlHook("evil") as unknown as Y.XmlElement]) },
  { name: "a Y.XmlHook under the content fragment", change: (doc) => fragmentOf(doc).insert(blockIndex(doc, "p8") + 1, [new Y.XmlHook("evil") as unknown as Y.XmlElement]) },
  { name: "an element with an unknown name in a paragraph", change: (doc, own) => blockElement(doc, own).insert(1, [new Y.XmlElement("script")]) },
  { name: "an element with an unknown name under the content fragment", change: (doc) => fragmentOf(doc).insert(blockIndex(doc, "p8") + 1, [new Y.XmlElement("table")]) },
  { name: "a paragraph inside a paragraph", change: (doc, own) => blockElement(doc, own).insert(1, [paragraphElement({ id: "nested" }, "Nested.")]) },
  { name: "a new top-level shared type", change: (doc) => doc.getMap("evil").set("x", 1) },
  { name: "an unknown key in the metadata map", change: (doc) => doc.getMap("meta").set("evil", "x") },
  { name: "a metadata field of the wrong type", change: (doc) => doc.getMap("meta").set("title", 42 as unknown as string) },
  { name: "a delegation registry entry that is not a delegation", change: (doc) => doc.getMap("delegations").set("ZZZ", "not a delegation") },
];

for (const who of ["ury", "chair"] as const) {
  const own = who === "ury" ? "p6" : "p2";
  describe(`${who === "ury" ? "a delegate" : "the chair"} cannot put in content the reader cannot read`, () => {
    for (const c of CASES) {
      it(c.name, () =>
        play(`unreadable-${who}`, async (scene) => {
          const sender = await scene.rawAs(who);
          const problems = await attackProblems(scene, () => sender.sendAndWait(updateOf(sender.doc, (doc) => c.change(doc, own))));
          return [...problems, ...(await apiProblems(scene))];
        }),
      );
    }
  });
}

describe("controls", () => {
  it("the delegate's plain text in its own paragraph is accepted", () =>
    play("unreadable-control-ury", (scene) =>
      controlProblems(scene, () => scene.ury.sendAndWait(updateOf(scene.ury.doc, (doc) => blockText(doc, "p6").insert(3, "plainly "))), (live) => fragmentOf(live).toString().includes("plainly")),
    ));

  it("the chair's metadata change is accepted", () =>
    play("unreadable-control-chair", async (scene) => {
      const chair = await scene.rawAs("chair");
      return controlProblems(scene, () => chair.sendAndWait(updateOf(chair.doc, (doc) => doc.getMap("meta").set("title", "Plan of Action"))), (live) => live.getMap("meta").get("title") === "Plan of Action");
    }));
});

describe("after a restart on the same data", () => {
  it("every document checked above reads as it did", async () => {
    expect(server().expected.size).toBeGreaterThan(0);
    expect(await restartProblems(server())).toEqual([]);
  });
});
