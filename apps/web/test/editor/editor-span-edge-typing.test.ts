import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { delegateEditProblem, modelProblems, proposalMarks, spanPartFacts, spanProblems, type BlockJSON, type ProposalAttrs } from "@accord/schema";
import { importText } from "@accord/text";
import type { Node } from "prosemirror-model";
import { EditorState, TextSelection, type Transaction } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { spanEdgeInsertion } from "../../src/editor/input/span-edge-typing.js";
import { rewriteTransaction } from "../../src/editor/propose/index.js";
import { spanPartsAt } from "../../src/editor/span-edges.js";

// Typing where the parts of a bracket spanning paragraphs meet. The draft:
//   4. [G77: Parties shall communicate their contributions      (part b1, the span b1)
//   5. every five years, informed by …;                         (part b2)
//   6. the secretariat shall keep a public registry ….] (G77)   (part b3)
// Typed by ProseMirror's own rule, a character at the start of 5. or 6., or at the end of 4. or 5., went
// outside the part (a proposal mark is not inclusive at its ends): between the parts, which breaks the span —
// the server refused it from a delegate ("the edit leaves a bracket spanning paragraphs broken").

const document = importText(readFileSync(fileURLToPath(new URL("../../../../examples/unfccc-spanning-brackets.txt", import.meta.url)), "utf8")).document;
const start = document.content;

/** The position at the start (`start`) or end (`end`) of the text of the block with this label. */
function edge(d: Node, label: string, where: "start" | "end"): number {
  let found = -1;
  d.forEach((block, offset) => {
    if (block.attrs.label === label) found = where === "start" ? offset + 1 : offset + block.nodeSize - 1;
  });
  if (found < 0) throw new Error(`no block ${label}`);
  return found;
}

/** Every place where the parts of the span b1 meet, and the part the text typed there must carry. */
const EDGES = [
  { place: "end of 4.", at: () => edge(start, "4.", "end"), part: "b1" },
  { place: "start of 5.", at: () => edge(start, "5.", "start"), part: "b2" },
  { place: "end of 5.", at: () => edge(start, "5.", "end"), part: "b2" },
  { place: "start of 6.", at: () => edge(start, "6.", "start"), part: "b3" },
] as const;

/** The proposals (outermost first) the text typed at `at` carries, as `id` or `id(span)`, and its text. */
function typedRun(d: Node, at: number, length: number): { text: string; proposals: string[] } {
  const text = d.textBetween(at, at + length);
  const node = d.resolve(at + 1).parent.child(d.resolve(at + 1).index());
  return { text, proposals: proposalMarks(node.marks).map((m) => ((m.attrs as ProposalAttrs).span ? `${m.attrs.id}(${m.attrs.span})` : String(m.attrs.id))) };
}

/** What the server asks of a delegate's edit: the trust rule on each changed block, and every span sound. */
function serverProblems(before: Node, after: Node, code: string): string[] {
  const problems: string[] = [];
  after.forEach((block, _o, i) => {
    if (before.child(i) === block) return;
    const problem = delegateEditProblem(before.child(i).toJSON() as BlockJSON, block.toJSON() as BlockJSON, code);
    if (problem) problems.push(problem);
  });
  return [...problems, ...spanProblems(spanPartFacts(after))];
}

describe("spanPartsAt", () => {
  // Invariant: the parts typed text must carry are those whose edge the place is where a span goes on; nowhere else.
  it("names the part at each place where the parts of a span meet, and none at the span's own ends or inside text", () => {
    for (const { at, part } of EDGES) expect(spanPartsAt(start, at()).map((m) => m.attrs.id)).toEqual([part]);
    for (const at of [edge(start, "4.", "start"), edge(start, "6.", "end"), edge(start, "4.", "start") + 5, edge(start, "5.", "start") + 3, edge(start, "7.", "end"), 0]) {
      expect(spanPartsAt(start, at)).toEqual([]);
    }
  });
});

describe("typing where the parts of a span meet", () => {
  // Invariant: a delegate's character typed at a meeting place is its own proposal inside the part (the
  // proposer's extends the part), the span stays sound, and the server's rules find nothing to refuse.
  for (const code of ["BRA", "G77"]) {
    for (const { place, at, part } of EDGES) {
      it(`puts a delegate's (${code}) text inside the bracket at the ${place}`, () => {
        const state = EditorState.create({ doc: start });
        const typed = state.tr.insertText("Zq", at());
        const outcome = rewriteTransaction(state, typed, { delegation: code, newId: () => "n1" });
        expect(outcome.kind).toBe("apply");
        const after = state.apply((outcome as { tr: Transaction }).tr).doc;
        expect(modelProblems(after, document.registry)).toEqual([]);
        expect(serverProblems(start, after, code)).toEqual([]);
        expect(typedRun(after, at(), 2)).toEqual({ text: "Zq", proposals: code === "G77" ? [`${part}(b1)`] : [`${part}(b1)`, "n1"] });
      });
    }
  }

  // The chair edits the text directly: its character goes into the part, as typed inside it would.
  for (const { place, at, part } of EDGES) {
    it(`puts the chair's text inside the bracket at the ${place}`, () => {
      const state = EditorState.create({ doc: start, selection: TextSelection.create(start, at()) });
      const tr = spanEdgeInsertion(state, at(), at(), "Zq");
      expect(tr).not.toBeNull();
      const after = state.apply(tr!);
      expect(modelProblems(after.doc, document.registry)).toEqual([]);
      expect(typedRun(after.doc, at(), 2)).toEqual({ text: "Zq", proposals: [`${part}(b1)`] });
      expect(after.selection.head).toBe(at() + 2);
    });
  }

  it("leaves typing elsewhere to ProseMirror: at the span's own ends, inside text, over a selection", () => {
    const state = EditorState.create({ doc: start });
    for (const at of [edge(start, "4.", "start"), edge(start, "6.", "end"), edge(start, "5.", "start") + 3]) expect(spanEdgeInsertion(state, at, at, "x")).toBeNull();
    expect(spanEdgeInsertion(state, edge(start, "5.", "start"), edge(start, "5.", "start") + 2, "x")).toBeNull();
  });

  it("broke the span before: text typed by ProseMirror's own rule at a meeting place lands between the parts", () => {
    // What the fix is measured against: without the part's mark the server's span check refuses the delegate's edit.
    const state = EditorState.create({ doc: start });
    const after = state.apply(state.tr.insertText("Zq", edge(start, "6.", "start"))).doc;
    expect(spanProblems(spanPartFacts(after))).toEqual([expect.stringContaining("does not start at the start of its block")]);
  });
});
