import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { delegateEditProblem, modelProblems, proposalMarks, schema, spanPartFacts, spanPartsAt, spanProblems, type BlockJSON, type ProposalAttrs } from "@accord/schema";
import { importText } from "@accord/text";
import { Fragment, Slice, type Node } from "prosemirror-model";
import { EditorState, TextSelection, type Transaction } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { spanEdgeText } from "../../src/editor/input/span-edge-text.js";
import { rewriteTransaction } from "../../src/editor/propose/index.js";
import { ySyncPluginKey } from "y-prosemirror";

// Text put where the parts of a bracket spanning paragraphs meet — typed, pasted, dropped, composed (IME), or a
// word replaced by autocorrect. The draft:
//   4. [G77: Parties shall communicate their contributions      (part b1, the span b1)
//   5. every five years, informed by …;                         (part b2)
//   6. the secretariat shall keep a public registry ….] (G77)   (part b3)
// Put there by ProseMirror's own rule, text at the start of 5. or 6., or at the end of 4. or 5., went
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
  // Invariant: the parts text put at a place must carry are those whose edge the place is where a span goes on; nowhere else.
  it("names the part at each place where the parts of a span meet, and none at the span's own ends or inside text", () => {
    for (const { at, part } of EDGES) expect(spanPartsAt(start, at()).map((m) => m.attrs.id)).toEqual([part]);
    for (const at of [edge(start, "4.", "start"), edge(start, "6.", "end"), edge(start, "4.", "start") + 5, edge(start, "5.", "start") + 3, edge(start, "7.", "end"), 0]) {
      expect(spanPartsAt(start, at)).toEqual([]);
    }
  });
});

/** Plain text as ProseMirror's clipboard parser gives it: a paragraph open on both sides. */
const clipboard = (text: string) => new Slice(Fragment.from(schema.nodes.paragraph!.create(null, schema.text(text))), 1, 1);

/** The word at a meeting place: the first of the paragraph at a start, the last at an end. */
function wordAt(d: Node, at: number, where: "start" | "end"): { from: number; to: number } {
  const block = d.resolve(at).parent.textContent;
  const length = where === "start" ? block.search(/\s/) : block.length - block.search(/\S+$/);
  return where === "start" ? { from: at, to: at + length } : { from: at - length, to: at };
}

/**
 * Each way text reaches a meeting place, as the transaction ProseMirror makes of it, and the text it leaves
 * there to read back (`from`–`from + length` of the result). A drop moves text from paragraph 7.; composition
 * comes as its updates, each replacing the last; autocorrect replaces the word at the place with unmarked text.
 */
const INPUTS: { kind: string; make: (state: EditorState, at: number, where: "start" | "end") => { trs: ((s: EditorState) => Transaction)[]; from: (d: Node) => number; length: number } }[] = [
  { kind: "typing", make: (_s, at) => ({ trs: [(s) => s.tr.insertText("Zq", at)], from: () => at, length: 2 }) },
  {
    kind: "a paste",
    make: (_s, at) => ({ trs: [(s) => s.tr.setSelection(TextSelection.create(s.doc, at)).replaceSelection(clipboard("Zq")).setMeta("paste", true).setMeta("uiEvent", "paste")], from: () => at, length: 2 }),
  },
  {
    kind: "a drop",
    make: (state, at) => {
      const seven = edge(state.doc, "7.", "start");
      // The dragged word comes from after the place: the place does not move.
      return { trs: [(s) => s.tr.delete(seven, seven + 5).replace(at, at, clipboard(s.doc.textBetween(seven, seven + 5))).setMeta("uiEvent", "drop")], from: () => at, length: 5 };
    },
  },
  {
    kind: "composition (IME)",
    make: (_s, at) => ({ trs: [(s) => s.tr.insertText("Z", at).setMeta("composition", 1), (s) => s.tr.replaceWith(at, at + 1, schema.text("Zq")).setMeta("composition", 1)], from: () => at, length: 2 }),
  },
  {
    kind: "autocorrect replacing a word",
    make: (state, at, where) => {
      const word = wordAt(state.doc, at, where);
      return { trs: [(s) => s.tr.replaceWith(word.from, word.to, schema.text("Zqzq"))], from: () => word.from, length: 4 };
    },
  },
];

/** Where `text` first stands in `d`; throws when it is nowhere. */
function textPosition(d: Node, text: string): number {
  let found = -1;
  d.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text);
    return found < 0;
  });
  if (found < 0) throw new Error(`no ${text}`);
  return found;
}

/** Applies the transactions of an input in turn, each made on the state the last left. */
function applyAll(state: EditorState, trs: readonly ((s: EditorState) => Transaction)[]): EditorState {
  return trs.reduce((s, make) => s.applyTransaction(make(s)).state, state);
}

describe("text put where the parts of a span meet, by the chair", () => {
  // Invariant: whatever way the chair's text comes in at a meeting place, it is in the part, and the span stays sound.
  for (const input of INPUTS) {
    for (const { place, at, part } of EDGES) {
      const where = place.startsWith("start") ? "start" : "end";
      it(`puts ${input.kind} inside the bracket at the ${place}`, () => {
        const state = EditorState.create({ doc: start, plugins: [spanEdgeText()] });
        const { trs, from, length } = input.make(state, at(), where);
        const after = applyAll(state, trs).doc;
        expect(modelProblems(after, document.registry)).toEqual([]);
        expect(spanProblems(spanPartFacts(after))).toEqual([]);
        expect(typedRun(after, from(after), length).proposals).toEqual([`${part}(b1)`]);
      });

      it(`broke the span before: ${input.kind} at the ${place} by ProseMirror's own rule`, () => {
        // What the plugin is measured against: without it, the text lands between the parts.
        const state = EditorState.create({ doc: start });
        const after = applyAll(state, input.make(state, at(), where).trs).doc;
        expect(spanProblems(spanPartFacts(after))).not.toEqual([]);
      });
    }
  }

  it("leaves text elsewhere, and the others' changes, as they come", () => {
    const state = EditorState.create({ doc: start, plugins: [spanEdgeText()] });
    for (const at of [edge(start, "4.", "start"), edge(start, "6.", "end"), edge(start, "7.", "start")]) {
      const tr = state.tr.insertText("Zq", at);
      expect(state.applyTransaction(tr).transactions).toEqual([tr]);
    }
    // A change from the sync is the author's, marked by the author's editor.
    const remote = state.tr.insertText("Zq", edge(start, "6.", "start")).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(state.applyTransaction(remote).transactions).toEqual([remote]);
  });
});

describe("text put where the parts of a span meet, by a delegate", () => {
  // Invariant: a delegate's text at a meeting place, whatever way it comes in, is its own proposal inside the
  // part (the proposer's extends the part), the span stays sound, and the server's rules find nothing to refuse.
  for (const code of ["BRA", "G77"]) {
    for (const input of INPUTS) {
      for (const { place, at, part } of EDGES) {
        const where = place.startsWith("start") ? "start" : "end";
        it(`puts ${code}'s ${input.kind} inside the bracket at the ${place}`, () => {
          let state = EditorState.create({ doc: start });
          const { trs, from, length } = input.make(state, at(), where);
          // A fresh id each time: a drop's struck-out source is a proposal of its own.
          let ids = 0;
          const newId = () => `n${++ids}`;
          for (const make of trs) {
            const outcome = rewriteTransaction(state, make(state), { delegation: code, newId });
            expect(outcome.kind).toBe("apply");
            state = state.apply((outcome as { tr: Transaction }).tr);
          }
          const after = state.doc;
          expect(modelProblems(after, document.registry)).toEqual([]);
          expect(serverProblems(start, after, code)).toEqual([]);
          // A replaced word of another delegation's is struck out and stays, with the new text after it.
          const run = typedRun(after, input.kind.startsWith("autocorrect") ? textPosition(after, "Zqzq") : from(after), length);
          expect(run.proposals).toEqual(code === "G77" ? [`${part}(b1)`] : [`${part}(b1)`, expect.stringMatching(/^n\d$/)]);
        });
      }
    }
  }
});

describe("text typed where a bracket's struck and inserted text meet", () => {
  // Invariant: the chair's text put between two stretches of one proposal (its struck text and its inserted text,
  // `[URY: ~~old~~new]`) goes inside the proposal, as its inserted text; by ProseMirror's rule (the two stretches
  // carry different variants of the non-inclusive mark) it went outside the bracket, splitting it — and a part of a
  // bracket spanning paragraphs so split left the span broken.
  const chair = (d: Node, at: number) => {
    const state = EditorState.create({ doc: d, plugins: [spanEdgeText()] });
    return state.apply(state.tr.setSelection(TextSelection.create(d, at)));
  };
  const typeAt = (d: Node, at: number, text: string) => chair(d, at).applyTransaction(chair(d, at).tr.insertText(text)).state;
  const marked = (node: Node) => proposalMarks(node.marks).map((m) => `${m.attrs.id}:${m.attrs.op}${m.attrs.span ? `(${m.attrs.span})` : ""}`);
  const runs = (d: Node, index: number) => {
    const out: string[] = [];
    d.child(index).forEach((child) => out.push(`${child.textContent}=${marked(child).join(",")}`));
    return out;
  };

  it("an ordinary bracket: the typed text is its inserted text, whichever side the struck text is on", async () => {
    const { doc, p, ins, del } = await import("@accord/schema/test-builders");
    const u = { id: "u1", by: ["URY"] };
    const before = doc(p({ id: "p1" }, "Parties ", del(u, "old"), ins(u, "new"), " text."));
    const after = typeAt(before, 12, "Zq").doc;
    expect(runs(after, 0)).toEqual(["Parties =", "old=u1:delete", "Zqnew=u1:insert", " text.="]);
    const swapped = doc(p({ id: "p1" }, "Parties ", ins(u, "new"), del(u, "old"), " text."));
    expect(runs(typeAt(swapped, 12, "Zq").doc, 0)).toEqual(["Parties =", "newZq=u1:insert", "old=u1:delete", " text.="]);
    // Between two different brackets the text stays outside both, as before.
    const two = doc(p({ id: "p1" }, ins(u, "a"), ins({ id: "a1", by: ["ARG"] }, "b")));
    expect(runs(typeAt(two, 2, "Zq").doc, 0)).toEqual(["a=u1:insert", "Zq=", "b=a1:insert"]);
  });

  it("a part of a bracket spanning paragraphs: the typed text is the part's, and the span stays sound", async () => {
    const { doc, p, ins, del } = await import("@accord/schema/test-builders");
    const part = (id: string) => ({ id, by: ["G77"], span: "s1" });
    const before = doc(p({ id: "p1" }, "Noting ", ins(part("s1"), "Parties shall")), p({ id: "p2" }, del(part("s2"), "every"), ins(part("s2"), "each"), " year."), p({ id: "p3" }, "More."));
    expect(spanProblems(spanPartFacts(before))).toEqual([]);
    const at = before.child(0).nodeSize + 1 + "every".length;
    const after = typeAt(before, at, "Zq").doc;
    expect(runs(after, 1)).toEqual(["every=s2:delete(s1)", "Zqeach=s2:insert(s1)", " year.="]);
    expect(spanProblems(spanPartFacts(after))).toEqual([]);
    expect(modelProblems(after, document.registry)).toEqual([]);
  });
});
