import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  apiProblems,
  attackFile,
  attackProblems,
  blockElement,
  blockText,
  controlProblems,
  restartProblems,
  type Scene,
} from "../support/attack-scene.js";
import { updateOf } from "../support/raw-client.js";

// Invariant (design.md §4): only the schema's nodes, marks and attributes
// enter a document, from anyone. ProseMirror drops attributes it does not
// know when it reads, so a check that reads the block through the schema
// would see nothing wrong: the stored Y.Doc itself must hold nothing more.

const { play, server } = attackFile();

/** The run of proposal `id` in a block's text: where it is, its format key and value. */
function proposalRun(doc: Y.Doc, block: string, id: string): { index: number; length: number; key: string; value: Record<string, unknown> } {
  let index = 0;
  for (const d of blockText(doc, block).toDelta() as { insert: string; attributes?: Record<string, Record<string, unknown>> }[]) {
    for (const [key, value] of Object.entries(d.attributes ?? {})) if (key.startsWith("proposal") && value.id === id) return { index, length: d.insert.length, key, value };
    index += d.insert.length;
  }
  throw new Error(`no proposal ${id} in ${block}`);
}

/** The footnote element of paragraph p8. */
const footnote = (doc: Y.Doc) => blockElement(doc, "p8").toArray().find((c) => c instanceof Y.XmlElement && c.nodeName === "footnote") as Y.XmlElement;

/** Each case for a sender: its own paragraph (the delegate: p6), its own proposal (b1) or, for the chair, base text (p2) and ARG's proposal (b2). */
const CASES: { name: string; change: (doc: Y.Doc, who: "ury" | "chair") => void }[] = [
  { name: "an unknown attribute on a paragraph", change: (doc, who) => blockElement(doc, who === "ury" ? "p6" : "p2").setAttribute("evil", "x") },
  { name: "an unknown attribute on a heading", change: (doc) => blockElement(doc, "h1").setAttribute("evil", "x") },
  {
    name: "an extra key in a proposal mark's attributes",
    change: (doc, who) => {
      const run = proposalRun(doc, who === "ury" ? "p2" : "p3", who === "ury" ? "b1" : "b2");
      blockText(doc, who === "ury" ? "p2" : "p3").format(run.index, run.length, { [run.key]: { ...run.value, evil: "x" } });
    },
  },
  { name: "an unknown attribute on a footnote", change: (doc) => footnote(doc).setAttribute("evil", "x") },
  {
    name: "an unknown mark name",
    change: (doc, who) => {
      const run = proposalRun(doc, "p2", "b1");
      blockText(doc, "p2").format(who === "ury" ? run.index : 0, who === "ury" ? run.length : 5, { evil: { x: 1 } });
    },
  },
  {
    name: "an unknown mark name in y-prosemirror's hashed form",
    change: (doc, who) => {
      const run = proposalRun(doc, "p2", "b1");
      blockText(doc, "p2").format(who === "ury" ? run.index : 0, who === "ury" ? run.length : 5, { "evil--abcdefgh": { x: 1 } });
    },
  },
  {
    name: "a proposal mark whose value is not an object",
    change: (doc, who) => {
      const run = proposalRun(doc, who === "ury" ? "p2" : "p3", who === "ury" ? "b1" : "b2");
      blockText(doc, who === "ury" ? "p2" : "p3").format(run.index, run.length, { [run.key]: "not an object" });
    },
  },
  {
    name: "an emphasis mark whose value is not an object",
    change: (doc, who) => {
      const run = proposalRun(doc, "p2", "b1");
      blockText(doc, "p2").format(who === "ury" ? run.index : 0, who === "ury" ? run.length : 5, { em: 5 });
    },
  },
];

for (const who of ["ury", "chair"] as const) {
  describe(`${who === "ury" ? "a delegate" : "the chair"} cannot store what the schema does not know`, () => {
    for (const c of CASES) {
      it(c.name, () =>
        play(`attrs-${who}`, async (scene) => {
          const sender = await scene.rawAs(who);
          const problems = await attackProblems(scene, () => sender.sendAndWait(updateOf(sender.doc, (doc) => c.change(doc, who))));
          return [...problems, ...(await apiProblems(scene))];
        }),
      );
    }
  });
}

describe("controls", () => {
  it("the chair's emphasis on base text, as the editor stores it, is accepted", () =>
    play("attrs-control-chair", async (scene) => {
      const chair = await scene.rawAs("chair");
      return controlProblems(scene, () => chair.sendAndWait(updateOf(chair.doc, (doc) => blockText(doc, "p2").format(0, 5, { em: { emphasis: true } }))), (live) => blockText(live, "p2").toString().includes("<em"));
    }));

  it("the chair's known paragraph attribute (a note) is accepted", () =>
    play("attrs-control-note", async (scene) => {
      const chair = await scene.rawAs("chair");
      return controlProblems(scene, () => chair.sendAndWait(updateOf(chair.doc, (doc) => blockElement(doc, "p2").setAttribute("note", "Moved from 4."))), (live) => blockElement(live, "p2").getAttribute("note") === "Moved from 4.");
    }));

  it("the delegate re-marking its own proposal with its known attributes (a note) is accepted", () =>
    play("attrs-control-delegate", (scene) =>
      controlProblems(
        scene,
        () =>
          scene.ury.sendAndWait(
            updateOf(scene.ury.doc, (doc) => {
              const run = proposalRun(doc, "p2", "b1");
              blockText(doc, "p2").format(run.index, run.length, { [run.key]: { ...run.value, note: "Uruguay's note" } });
            }),
          ),
        (live) => proposalRun(live, "p2", "b1").value.note === "Uruguay's note",
      ),
    ));
});

describe("after a restart on the same data", () => {
  it("every document checked above reads as it did", async () => {
    expect(server().expected.size).toBeGreaterThan(0);
    expect(await restartProblems(server())).toEqual([]);
  });
});
