import { describe, expect, it } from "vitest";
import { DelegationRegistry, collectProposals, modelProblems, proposalAttrs, proposalMarks, schema } from "@accord/schema";
import { brk, del, doc, em, fn, ins, p } from "@accord/schema/test-builders";
import type { Node } from "prosemirror-model";

/** Every document these tests build is sound under the model's rules. */
function sound<T extends Node>(d: T): T {
  expect(modelProblems(d, DelegationRegistry.default)).toEqual([]);
  return d;
}

/** A compact view of the proposals: id, delegations and spans as `op:text`. */
function summary(d: Node) {
  return collectProposals(d).map((x) => ({ id: x.id, by: [...x.by], spans: x.spans.map((s) => `${s.op}:${s.text}`) }));
}

describe("collectProposals", () => {
  it("finds nothing in base text", () => {
    expect(collectProposals(sound(doc(p("To ensure a crosscutting perspective"), p(em("plain")))))).toEqual([]);
  });

  it("gathers an insertion with its position, block and delegations", () => {
    const d = sound(doc(p("first"), p({ id: "p3" }, "To ensure <a>", ins("u1 URY", "while"), "<b> x")));
    const [u1, ...rest] = collectProposals(d);
    expect(rest).toEqual([]);
    expect(u1).toEqual({
      id: "u1",
      by: ["URY"],
      note: "",
      state: "open",
      choice: "",
      choiceStyle: "adjacent",
      positions: "",
      span: "",
      blockId: "p3",
      blockIndex: 1,
      spans: [{ op: "insert", from: d.tag.a, to: d.tag.b, text: "while" }],
      from: d.tag.a,
      to: d.tag.b,
    });
    expect(d.textBetween(u1!.from, u1!.to)).toBe("while");
  });

  it("gathers a replacement: a delete and an insert sharing one id", () => {
    const d = sound(doc(p("mechanisms <a>", del("r1 URY", "evaluable"), ins("r1 URY", " measurable"), "<b>.")));
    const [r1] = collectProposals(d);
    expect(collectProposals(d)).toHaveLength(1);
    expect(r1!.spans.map((s) => [s.op, s.text])).toEqual([
      ["delete", "evaluable"],
      ["insert", " measurable"],
    ]);
    expect(r1!.spans[0]!.to).toBe(r1!.spans[1]!.from);
    expect([r1!.from, r1!.to]).toEqual([d.tag.a, d.tag.b]);
  });

  it("keeps co-sponsors, the note and the state", () => {
    const d = sound(
      doc(p(ins({ id: "c1", by: ["ARG", "BRA"], note: "Brazil is opposed to including this reference", state: "withdrawn" }, "text"))),
    );
    expect(collectProposals(d)[0]).toMatchObject({
      id: "c1",
      by: ["ARG", "BRA"],
      note: "Brazil is opposed to including this reference",
      state: "withdrawn",
    });
  });

  it("gathers untagged brackets with no delegation", () => {
    const d = sound(doc(p("complement ", brk("b1", "the Work Plan of CICTE"), ", the Strategy")));
    expect(summary(d)).toEqual([{ id: "b1", by: [], spans: ["bracket:the Work Plan of CICTE"] }]);
  });

  it("lists nested brackets in order of first appearance, the outer one whole", () => {
    const d = sound(
      doc(p("the ", ins("u1 PER", "logistical", ins("u2 URY", ", and organizational, and financial"), " aspects"), " of")),
    );
    expect(summary(d)).toEqual([
      { id: "u1", by: ["PER"], spans: ["insert:logistical, and organizational, and financial aspects"] },
      { id: "u2", by: ["URY"], spans: ["insert:, and organizational, and financial"] },
    ]);
    const [u1, u2] = collectProposals(d);
    expect(u1!.from).toBeLessThan(u2!.from);
    expect(u2!.to).toBeLessThan(u1!.to);
  });

  it("keeps spans apart when a footnote lies between them", () => {
    const d = sound(doc(p(ins("u1 URY", "one"), fn({ text: "note" }), ins("u1 URY", "two"))));
    const [u1] = collectProposals(d);
    expect(u1!.spans.map((s) => s.text)).toEqual(["one", "two"]);
    expect(u1!.spans[1]!.from).toBe(u1!.spans[0]!.to + 1);
    expect(d.textBetween(u1!.from, u1!.to, "", "*")).toBe("one*two");
  });

  it("merges neighbouring text nodes of one span split by emphasis", () => {
    const d = sound(doc(p(ins("u1 URY", "plain ", em("stressed"), " plain"))));
    expect(d.firstChild!.childCount).toBe(3);
    expect(collectProposals(d)[0]!.spans.map((s) => s.text)).toEqual(["plain stressed plain"]);
  });

  it("orders proposals by first appearance across blocks", () => {
    const d = sound(doc(p(ins("b2 MEX", "x")), p(del("a1 CAN", "y"), ins("c3 USA", "z"))));
    expect(collectProposals(d).map((x) => [x.id, x.blockIndex])).toEqual([
      ["b2", 0],
      ["a1", 1],
      ["c3", 1],
    ]);
  });

  it("ignores footnotes and whole-paragraph proposals", () => {
    const d = sound(doc(p({ proposedBy: ["PER"] }, "Instruct ", fn({ kind: "reservation", delegation: "ECU", text: "reserves" }))));
    expect(collectProposals(d)).toEqual([]);
  });
});

describe("proposalMarks and proposalAttrs", () => {
  it("picks the proposal marks of a text node", () => {
    const d = doc(p(em(ins("u1 URY", "a", ins("u2 BRA", "b")))));
    const b = d.firstChild!.lastChild!;
    expect(b.marks).toHaveLength(3);
    const marks = proposalMarks(b.marks);
    expect(marks.map((m) => proposalAttrs(m).id).sort()).toEqual(["u1", "u2"]);
    expect(proposalAttrs(marks.find((m) => m.attrs.id === "u2")!)).toEqual({ id: "u2", op: "insert", by: ["BRA"], note: "", state: "open", choice: "", choiceStyle: "adjacent", positions: "", span: "", tag: "" });
  });

  it("keeps the order in which marks were added", () => {
    const outer = schema.marks.proposal.create({ id: "outer", op: "insert", by: ["PER"] });
    const inner = schema.marks.proposal.create({ id: "inner", op: "insert", by: ["URY"] });
    const text = schema.text("x", inner.addToSet(outer.addToSet([])));
    expect(proposalMarks(text.marks).map((m) => m.attrs.id)).toEqual(["outer", "inner"]);
  });
});
