import { describe, expect, it } from "vitest";
import { DelegationRegistry, modelProblems, schema } from "@accord/schema";
import { brk, del, doc, em, fn, h, ins, p } from "@accord/schema/test-builders";
import type { Node } from "prosemirror-model";

const registry = DelegationRegistry.default;
const problems = (d: Node, r = registry) => modelProblems(d, r);

describe("a sound document", () => {
  it("has no problems", () => {
    const d = doc(
      h({ id: "h1", status: "agreed-informally", statusDate: "2012-04-03" }, "CHAPTER 2"),
      p({ id: "p1", label: "1.", kind: "operative" }, "To ensure ", ins("u1 URY", "while"), " the ", brk("b1", "Work Plan")),
      p({ id: "p2", label: "5 bis", proposedBy: ["PER"] }, "Instruct ", del("r1 MEX", "evaluable"), ins("r1 MEX", "measurable")),
      p({ id: "p3", label: "5 bis alt.", proposedBy: ["MEX"], alternativeTo: "p2" }, "Instruct"),
      p({ id: "p4", alternativeTo: "p1" }, "In addition", fn({ kind: "reservation", delegation: "ECU", text: "reserves" })),
      p({ id: "p5" }, ins("n1 PER", "the logistical ", ins("n2 URY", "and financial"), " aspects")),
    );
    expect(problems(d)).toEqual([]);
  });
});

describe("ids", () => {
  it("catches a block without an id", () => {
    const d = schema.nodes.doc.create(null, [schema.nodes.paragraph.create({ id: "p1" }), schema.nodes.heading.create()]);
    expect(problems(d)).toEqual(["heading 2 has no id"]);
  });

  it("catches duplicate block ids, across headings and paragraphs", () => {
    expect(problems(doc(p({ id: "p1" }, "a"), p({ id: "p1" }, "b")))).toEqual(["paragraph 2 repeats id p1"]);
    expect(problems(doc(h({ id: "x" }, "a"), p({ id: "x" }, "b")))).toEqual(["paragraph 2 repeats id x"]);
  });

  it("catches duplicate and missing footnote ids", () => {
    const dup = doc(p(fn({ id: "f1", text: "a" })), p(fn({ id: "f1", text: "b" })));
    expect(problems(dup)).toEqual(["paragraph 2: footnote id f1 repeats"]);
    const none = schema.nodes.doc.create(null, [
      schema.nodes.paragraph.create({ id: "p1" }, [schema.nodes.footnote.create({ text: "a" })]),
    ]);
    expect(problems(none)).toEqual(["paragraph 1: a footnote has no id"]);
  });

  it("catches a proposal without an id", () => {
    expect(problems(doc(p(ins({ by: ["URY"] }, "while"))))).toEqual(["proposal (no id): a proposal has no id"]);
  });
});

describe("footnotes", () => {
  it("refuse marks", () => {
    const marked = fn({ id: "f1", kind: "reservation", delegation: "ECU", text: "reserves" }).mark([schema.marks.em.create()]);
    const d = doc(p("text", marked));
    expect(() => d.check()).not.toThrow(); // ProseMirror alone would let it through
    expect(problems(d)).toEqual(["paragraph 1: footnote f1 carries marks"]);

    const inProposal = doc(p(ins("u1 URY", "a", fn({ id: "f2", text: "b" }))));
    expect(problems(inProposal)).toEqual(["paragraph 1: footnote f2 carries marks"]);
    expect(problems(doc(p(em("a"), fn({ text: "b" }), em("c"))))).toEqual([]);
  });
});

describe("proposals", () => {
  it("catches spans of one proposal that disagree on delegations", () => {
    const d = doc(p(del("r1 URY", "evaluable"), ins("r1 BRA", "measurable")));
    expect(problems(d)).toEqual(["proposal r1: its spans disagree on delegations, note, state or choice group"]);
    // Same delegations in another order disagree too: the list is the bracket as written.
    expect(problems(doc(p(del("r1 URY BRA", "a"), ins("r1 BRA URY", "b"))))).toHaveLength(1);
  });

  it("catches spans that disagree on note or state", () => {
    expect(problems(doc(p(del({ id: "r1", note: "x" }, "a"), ins({ id: "r1" }, "b"))))).toEqual([
      "proposal r1: its spans disagree on delegations, note, state or choice group",
    ]);
    expect(problems(doc(p(del({ id: "r1", by: ["URY"], state: "accepted" }, "a"), ins("r1 URY", "b"))))).toEqual([
      "proposal r1: its spans disagree on delegations, note, state or choice group",
    ]);
  });

  it("allows the spans of one proposal to differ in op only, even when apart", () => {
    expect(problems(doc(p(del("r1 URY", "a"), " base ", ins("r1 URY", "b"), fn({ text: "n" }), ins("r1 URY", "c"))))).toEqual([]);
  });

  it("catches a proposal that spans two blocks", () => {
    expect(problems(doc(p(ins("u1 URY", "a")), p(ins("u1 URY", "b"))))).toEqual(["proposal u1 spans blocks 1 and 2"]);
  });

  it("catches an untagged bracket that names a delegation", () => {
    expect(problems(doc(p(brk("b1 BRA", "the Work Plan"))))).toEqual(["proposal b1: an untagged bracket cannot name delegations"]);
    expect(problems(doc(p(brk("b1", "the Work Plan"))))).toEqual([]);
  });
});

describe("alternatives", () => {
  it("catches an alternative to a missing paragraph", () => {
    const d = doc(p({ id: "p1" }, "a"), p({ id: "p2", alternativeTo: "p9" }, "b"));
    expect(problems(d)).toEqual(["paragraph 2 is an alternative to missing paragraph p9"]);
  });

  it("accepts an alternative to a later paragraph", () => {
    expect(problems(doc(p({ id: "p1", alternativeTo: "p2" }, "a"), p({ id: "p2" }, "b")))).toEqual([]);
  });

  it("catches an alternative to itself and to a heading", () => {
    expect(problems(doc(p({ id: "p1", alternativeTo: "p1" }, "a")))).toEqual(["paragraph 1 is an alternative to itself"]);
    expect(problems(doc(h({ id: "h1" }, "CHAPTER 1"), p({ id: "p1", alternativeTo: "h1" }, "a")))).toEqual([
      "paragraph 2 is an alternative to h1, which is not a paragraph",
    ]);
  });
});

describe("delegations", () => {
  it("catches unknown delegation codes in proposals, proposedBy and footnotes", () => {
    expect(problems(doc(p(ins("u1 XYZ", "a"))))).toEqual(["proposal u1: delegation XYZ is not in the registry"]);
    expect(problems(doc(p({ proposedBy: ["PER", "ZZZ"] }, "a")))).toEqual(["paragraph 1: delegation ZZZ is not in the registry"]);
    expect(problems(doc(p(fn({ kind: "reservation", delegation: "ESP", text: "Spain reserves" }))))).toEqual([
      "paragraph 1: delegation ESP is not in the registry",
    ]);
  });

  it("knows groups once they are registered", () => {
    const d = doc(p(ins("u1 WG", "In addition")));
    expect(problems(d)).toEqual(["proposal u1: delegation WG is not in the registry"]);
    const withWG = registry.with({ code: "WG", name: "Working Group", kind: "group", tags: [] });
    expect(problems(d, withWG)).toEqual([]);
  });

  it("checks against the registry given, not the default", () => {
    const onlyUruguay = DelegationRegistry.of([registry.get("URY")!]);
    expect(problems(doc(p(ins("u1 URY", "a"))), onlyUruguay)).toEqual([]);
    expect(problems(doc(p(ins("u1 ARG", "a"))), onlyUruguay)).toEqual(["proposal u1: delegation ARG is not in the registry"]);
  });
});

describe("reporting", () => {
  it("reports each problem once and every distinct problem", () => {
    const d = doc(
      p({ id: "p1" }, ins("u1 XYZ", "a"), " b ", ins("u1 XYZ", "c")),
      p({ id: "p1", alternativeTo: "nope" }, brk("b1 URY", "d")),
    );
    expect(problems(d).sort()).toEqual(
      [
        "paragraph 2 repeats id p1",
        "paragraph 2 is an alternative to missing paragraph nope",
        "proposal u1: delegation XYZ is not in the registry",
        "proposal b1: an untagged bracket cannot name delegations",
      ].sort(),
    );
  });
});
