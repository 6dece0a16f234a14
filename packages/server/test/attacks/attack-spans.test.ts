import { supportProposal, withdrawProposal } from "@accord/merge";
import { collectSpanningBrackets, type NegotiationDocument, type ProposalAttrs } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { YDOC_PARTS } from "@accord/collab";
import { attackFile, attackProblems, blockElement, blockIndex, blockText, controlProblems, editModel, modelOf, paragraphElement, playScene, sendChange, proposalAttrs, proposalKey, restartProblems, type Scene } from "../support/attack-scene.js";

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

/**
 * The chair puts an empty paragraph (`p9`, with an empty text when `withText`) between Argentina's two parts, as
 * its Enter where they meet leaves one; the span stays whole (the span rules pass over it). Then Uruguay's raw client
 * is connected again, with that state.
 */
async function emptyParagraphBetweenParts(scene: Scene, withText: boolean): Promise<string[]> {
  await scene.rawAs("chair");
  const outcome = await send(scene, (doc) => {
    const element = new Y.XmlElement("paragraph");
    element.setAttribute("id", "p9");
    if (withText) element.insert(0, [new Y.XmlText()]);
    doc.getXmlFragment(YDOC_PARTS.content).insert(blockIndex(doc, "p3"), [element]);
  });
  await scene.rawAs("ury");
  const problems = outcome.kind === "acknowledged" ? [] : [`the chair's empty paragraph was not accepted: ${JSON.stringify(outcome)}`];
  if (JSON.stringify(spanParts(scene.ury.doc)) !== '[["b2","b3"],["b4","b5"]]') problems.push(`spans read ${JSON.stringify(spanParts(scene.ury.doc))} with the empty paragraph`);
  return problems;
}

/** Uruguay types a proposal of its own into the empty paragraph `p9` (into its text, or into a new one). */
function typeIntoEmpty(scene: Scene, id: string) {
  return send(scene, (doc) => {
    const element = blockElement(doc, "p9");
    const attrs = proposalAttrs(id, ["URY"]);
    const existing = element.toArray().find((child) => child instanceof Y.XmlText) as Y.XmlText | undefined;
    const text = existing ?? new Y.XmlText();
    if (!existing) element.insert(0, [text]);
    text.insert(0, "my words", { [proposalKey(attrs)]: attrs });
  });
}

// Invariant: an empty paragraph between two parts is passed over by the span rules (schema spans.ts), so what is put
// there breaks the span: the server judges a delegate's update that fills it or puts a block there as one touching
// the span, whether the typing rule or the long way reads it.
describe("a delegate cannot break a span through the blocks between its parts", () => {
  it("typing its own proposal into the empty paragraph between two parts (a text there already: the typing rule's case)", () =>
    playSpans("spans-typed-between", async (scene) => [
      ...(await emptyParagraphBetweenParts(scene, true)),
      ...(await attackProblems(scene, () => typeIntoEmpty(scene, "u-between-1"))),
    ]));

  it("typing its own proposal into the empty paragraph between two parts (a new text)", () =>
    playSpans("spans-typed-between-new-text", async (scene) => [
      ...(await emptyParagraphBetweenParts(scene, false)),
      ...(await attackProblems(scene, () => typeIntoEmpty(scene, "u-between-2"))),
    ]));

  it("proposing a paragraph of its own between two parts", () =>
    playSpans("spans-paragraph-between", (scene) =>
      attackProblems(scene, () =>
        send(scene, (doc) => {
          const attrs = proposalAttrs("u-between-3", ["URY"]);
          doc.getXmlFragment(YDOC_PARTS.content).insert(blockIndex(doc, "p3"), [paragraphElement({ id: "u-p-between", proposedBy: ["URY"] }, "My paragraph.", { [proposalKey(attrs)]: attrs })]);
        }),
      ),
    ));
});

describe("controls", () => {
  it("typing its own proposal into an empty paragraph that stands between no parts is accepted", () =>
    playSpans("spans-control-typed-empty", async (scene) => {
      const setup = await emptyParagraphBetweenParts(scene, true);
      // The same empty paragraph, moved by the chair after the last paragraph: no span runs through it there.
      await scene.rawAs("chair");
      const moved = await send(scene, (doc) => {
        const fragment = doc.getXmlFragment(YDOC_PARTS.content);
        fragment.delete(blockIndex(doc, "p9"), 1);
        const element = new Y.XmlElement("paragraph");
        element.setAttribute("id", "p10");
        element.insert(0, [new Y.XmlText()]);
        fragment.insert(fragment.length, [element]);
      });
      await scene.rawAs("ury");
      const typed = () =>
        send(scene, (doc) => {
          const attrs = proposalAttrs("u-end-1", ["URY"]);
          (blockElement(doc, "p10").toArray()[0] as Y.XmlText).insert(0, "my words", { [proposalKey(attrs)]: attrs });
        });
      return [
        ...setup,
        ...(moved.kind === "acknowledged" ? [] : [`the chair's move was not accepted: ${JSON.stringify(moved)}`]),
        ...(await controlProblems(scene, typed, (live) => blockElement(live, "p10").toString().includes("my words"))),
      ];
    }));

  it("proposing a paragraph of its own after the span is accepted", () =>
    playSpans("spans-control-paragraph-after", (scene) =>
      controlProblems(
        scene,
        () =>
          send(scene, (doc) => {
            const attrs = proposalAttrs("u-after-1", ["URY"]);
            doc.getXmlFragment(YDOC_PARTS.content).insert(blockIndex(doc, "p4"), [paragraphElement({ id: "u-p-after", proposedBy: ["URY"] }, "My paragraph.", { [proposalKey(attrs)]: attrs })]);
          }),
        (live) => JSON.stringify(spanParts(live)) === '[["b2","b3"],["b4","b5"]]' && blockIndex(live, "u-p-after") === 3,
      ),
    ));

  it("the chair typing into the empty paragraph between two parts as the editor does (a new part of the span) is accepted", () =>
    playSpans("spans-control-chair-between", async (scene) => {
      const setup = await emptyParagraphBetweenParts(scene, true);
      await scene.rawAs("chair");
      const typed = () =>
        send(scene, (doc) => {
          const attrs = { ...proposalAttrs("c-part-1", ["ARG"]), span: "b2" };
          (blockElement(doc, "p9").toArray()[0] as Y.XmlText).insert(0, "words of the span", { [proposalKey(attrs)]: attrs });
        });
      return [...setup, ...(await controlProblems(scene, typed, (live) => JSON.stringify(spanParts(live)) === '[["b2","c-part-1","b3"],["b4","b5"]]'))];
    }));

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
