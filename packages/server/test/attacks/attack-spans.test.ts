import { supportProposal, withdrawProposal } from "@accord/merge";
import { collectSpanningBrackets, type NegotiationDocument, type ProposalAttrs } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { attackFile, attackProblems, blockText, controlProblems, editModel, modelOf, playScene, sendChange, proposalAttrs, proposalKey, restartProblems, type Scene } from "../support/attack-scene.js";

// Invariant (design.md §4, issue 17): a bracket spanning paragraphs is one proposal. A delegate may not break
// another delegation's span — take a part out of it, unlink it, change one part alone — whatever its client sends;
// the server's check refuses a broken span (modelProblems) and another's proposal changed. The chair may unlink one.

const DRAFT = `1. To develop plans [Uru: while] respecting human rights.
2. To ensure [Arg: a joint perspective
3. in all programs of the region.] And more.
4. To report [Uru: soon
5. to the council.]
`;
// Read: Argentina's span b2 (in p2) and b3 (in p3), linked by span b2; Uruguay's b4 (in p4) and b5 (in p5).

const { server } = attackFile();
const playSpans = (name: string, run: (scene: Scene) => Promise<string[]>) => playScene(server(), name, DRAFT, run);
const send = sendChange;
const read = modelOf;
const spanParts = (doc: Y.Doc) => collectSpanningBrackets(read(doc).content).map((span) => span.parts.map((part) => part.id));

/** The document with every span of the proposals `ids` re-marked with `change`. */
function remark(d: NegotiationDocument, ids: readonly string[], change: Partial<ProposalAttrs>): NegotiationDocument {
  const tr = new Transform(d.content);
  d.content.descendants((node, pos) => {
    for (const mark of node.marks) {
      if (mark.type.name !== "proposal" || !ids.includes(mark.attrs.id as string)) continue;
      tr.removeMark(pos, pos + node.nodeSize, mark);
      tr.addMark(pos, pos + node.nodeSize, mark.type.create({ ...mark.attrs, ...change }));
    }
  });
  return d.withContent(tr.doc);
}

/**
 * Re-marks proposal `id` in block `blockId` with `change`, raw: what a client that skips the model's check sends (the
 * model refuses to build a broken span, so an honest client cannot).
 */
function remarkRaw(doc: Y.Doc, blockId: string, id: string, change: Record<string, unknown>): void {
  const text = blockText(doc, blockId);
  let at = 0;
  for (const piece of text.toDelta() as { insert: string; attributes?: Record<string, Record<string, unknown>> }[]) {
    const length = typeof piece.insert === "string" ? piece.insert.length : 1;
    for (const [key, attrs] of Object.entries(piece.attributes ?? {})) {
      if (!key.startsWith("proposal") || attrs.id !== id) continue;
      const changed = { ...attrs, ...change };
      text.format(at, length, { [key]: null, [proposalKey(changed)]: changed });
    }
    at += length;
  }
}

describe("a delegate cannot break another delegation's bracket spanning paragraphs", () => {
  it("the draft has Argentina's span over paragraphs 2 and 3", () =>
    playSpans("spans-draft", async (scene) => (JSON.stringify(spanParts(scene.ury.doc)) === '[["b2","b3"],["b4","b5"]]' ? [] : [`spans read ${JSON.stringify(spanParts(scene.ury.doc))}`])));

  it("taking the last part out of the span (its span attribute removed)", () =>
    playSpans("spans-take-out", (scene) => attackProblems(scene, () => send(scene, (doc) => remarkRaw(doc, "p3", "b3", { span: "" })))));

  it("unlinking the span (the attribute removed from every part)", () =>
    playSpans("spans-unlink", (scene) => attackProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => remark(d, ["b2", "b3"], { span: "" }))))));

  it("supporting one part only (URY added to b3 alone)", () =>
    playSpans("spans-support-one", (scene) => attackProblems(scene, () => send(scene, (doc) => remarkRaw(doc, "p3", "b3", { by: ["ARG", "URY"] })))));

  it("taking a part out of its own span alone (b5's span attribute removed)", () =>
    playSpans("spans-own-take-out", (scene) => attackProblems(scene, () => send(scene, (doc) => remarkRaw(doc, "p5", "b5", { span: "" })))));

  // Typing is judged without reading the block (typing.ts): these would otherwise pass the span rules by.
  it("typing a new proposal of its own that names Argentina's span as its own", () =>
    playSpans("spans-typed-forged", (scene) =>
      attackProblems(scene, () =>
        send(scene, (doc) => {
          const text = blockText(doc, "p3");
          const attrs = { ...proposalAttrs("u-typed-1", ["URY"]), span: "b2" };
          text.insert(text.length, " more", { [proposalKey(attrs)]: attrs });
        }),
      ),
    ));

  it("typing a proposal of its own just before the last part, which then no longer starts its paragraph", () =>
    playSpans("spans-typed-before-last", (scene) =>
      attackProblems(scene, () =>
        send(scene, (doc) => {
          const attrs = proposalAttrs("u-typed-2", ["URY"]);
          blockText(doc, "p3").insert(0, "Also ", { [proposalKey(attrs)]: attrs });
        }),
      ),
    ));
});

describe("controls", () => {
  it("withdrawing its own span, which withdraws every part, is accepted", () =>
    playSpans("spans-control-withdraw", (scene) =>
      controlProblems(
        scene,
        () =>
          send(scene, (doc) =>
            editModel(doc, (d) => {
              const r = withdrawProposal(d, "b5");
              if (!r.ok) throw new Error(r.reason);
              return r.document;
            }),
          ),
        (live) => collectSpanningBrackets(read(live).content)[1]?.parts.every((part) => part.state === "withdrawn") === true,
      ),
    ));

  it("supporting Argentina's span, which supports every part, is accepted", () =>
    playSpans("spans-control-support", (scene) =>
      controlProblems(
        scene,
        () =>
          send(scene, (doc) =>
            editModel(doc, (d) => {
              const r = supportProposal(d, "b3", "URY");
              if (!r.ok) throw new Error(r.reason);
              return r.document;
            }),
          ),
        (live) => collectSpanningBrackets(read(live).content)[0]?.parts.every((part) => part.by.join() === "ARG,URY") === true,
      ),
    ));

  it("the chair unlinking the span into two brackets is accepted", () =>
    playSpans("spans-control-chair", async (scene) => {
      await scene.rawAs("chair");
      return controlProblems(scene, () => send(scene, (doc) => editModel(doc, (d) => remark(d, ["b2", "b3"], { span: "" }))), (live) => JSON.stringify(spanParts(live)) === '[["b4","b5"]]');
    }));
});

describe("after a restart on the same data", () => {
  it("every document checked above reads as it did", async () => {
    expect(server().expected.size).toBeGreaterThan(0);
    expect(await restartProblems(server())).toEqual([]);
  });
});
