import { collectChoices, DEFAULT_DATE_STYLE, delegateEditProblem, DelegationRegistry, modelProblems, NegotiationDocument, type BlockJSON } from "@accord/schema";
import { brk, doc, ins, p } from "@accord/schema/test-builders";
import { describe, expect, it } from "vitest";

// Choice groups: proposals sharing a `choice` id are alternatives for one
// place in the text (`[shall][should][may]`, `[agreed / made]`), of which one
// will be chosen.

const registry = DelegationRegistry.default;
const option = (spec: string, choice: string, extra: Record<string, unknown> = {}) => {
  const [id = "", ...by] = spec.split(" ");
  return { id, by, choice, ...extra };
};

describe("the model of choice groups", () => {
  it("a document written before groups existed reads unchanged: every proposal is in no group", () => {
    // Invariant: the new attributes have defaults, so stored documents stay valid.
    const stored = {
      format: "accord-document",
      version: 2,
      meta: { title: "", symbol: "", body: "", date: "", revision: "", dateStyle: DEFAULT_DATE_STYLE },
      delegations: [],
      content: { type: "doc", content: [{ type: "paragraph", attrs: { id: "p1" }, content: [{ type: "text", text: "shall", marks: [{ type: "proposal", attrs: { id: "b1", op: "bracket", by: [], note: "", state: "open" } }] }] }] },
    };
    const read = NegotiationDocument.fromJSON(stored).content;
    const mark = read.firstChild!.firstChild!.marks[0]!;
    expect(mark.attrs).toMatchObject({ choice: "", choiceStyle: "adjacent" });
    expect(collectChoices(read)).toEqual([]);
  });

  it("a sound group: two options or more in one paragraph, one style, at most one accepted", () => {
    const d = doc(p("Parties ", brk(option("b1", "g1"), "shall"), brk(option("b2", "g1", { state: "accepted" }), "should"), brk(option("b3", "g1", { state: "rejected" }), "may"), " report"));
    expect(modelProblems(d, registry)).toEqual([]);
    const [group] = collectChoices(d);
    expect(group).toMatchObject({ id: "g1", style: "adjacent", blockId: "b1", blockIndex: 0 });
    expect(group!.options.map((o) => o.id)).toEqual(["b1", "b2", "b3"]);
    expect(group!.chosen?.id).toBe("b2");
  });

  it("refuses a group of one option", () => {
    expect(modelProblems(doc(p("Parties ", brk(option("b1", "g1"), "shall"), " report")), registry)).toEqual([
      "choice group g1 has one option (proposal b1); a group offers two or more",
    ]);
  });

  it("refuses a group across paragraphs", () => {
    const d = doc(p(brk(option("b1", "g1"), "shall"), brk(option("b2", "g1"), "should")), p(brk(option("b3", "g1"), "may")));
    expect(modelProblems(d, registry)).toEqual(["choice group g1 has options in paragraphs 1 and 2; a group's options are in one paragraph"]);
  });

  it("refuses a group written two ways", () => {
    const d = doc(p(brk(option("b1", "g1"), "shall"), brk(option("b2", "g1", { choiceStyle: "slash" }), "should")));
    expect(modelProblems(d, registry)).toEqual(["choice group g1 mixes adjacent and slash options; a group is written one way"]);
  });

  it("refuses two accepted options", () => {
    const d = doc(p(brk(option("b1", "g1", { state: "accepted" }), "shall"), brk(option("b2", "g1", { state: "accepted" }), "should")));
    expect(modelProblems(d, registry)).toEqual(["choice group g1 has 2 accepted options (b1, b2); at most one is chosen"]);
  });

  it("refuses a proposal whose spans name different groups", () => {
    const d = doc(p(ins(option("u1 URY", "g1"), "shall"), " and ", ins(option("u1 URY", "g2"), "must"), ins(option("u2 BRA", "g1"), "should"), ins(option("u3 BRA", "g2"), "may")));
    expect(modelProblems(d, registry)).toContain("proposal u1: its spans disagree on delegations, note, state or choice group");
  });

  it("fromJSON names a bad choice style", () => {
    const json = NegotiationDocument.create(doc(p(brk(option("b1", "g1"), "a"), brk(option("b2", "g1"), "b")))).toJSON();
    const text = JSON.stringify(json).replace('"choiceStyle":"adjacent"', '"choiceStyle":"comma"');
    expect(() => NegotiationDocument.fromJSON(JSON.parse(text))).toThrow(/Invalid attribute choiceStyle: "comma" \(expected adjacent or slash\)/);
  });

  it("fromJSON refuses a broken group with the rule it breaks", () => {
    const json = NegotiationDocument.create(doc(p(brk(option("b1", "g1"), "a"), brk(option("b2", "g1"), "b")))).toJSON();
    const text = JSON.stringify(json).replace('"choice":"g1"', '"choice":"g2"');
    expect(() => NegotiationDocument.fromJSON(JSON.parse(text))).toThrow(/choice group g2 has one option \(proposal b1\)/);
  });
});

// The trust rule for groups: strip_X keeps a delegation from touching
// another's option; a delegation may make its own proposals options (a new
// group of its own, or one more option of a group already there) and never
// leaves a group broken.
describe("what a delegate may do with choice groups", () => {
  const mark = (id: string, by: string[], choice = "", extra: Record<string, unknown> = {}) => ({ type: "proposal", attrs: { id, op: "insert", by, note: "", state: "open", choice, choiceStyle: "adjacent", ...extra } });
  const t = (text: string, ...marks: ReturnType<typeof mark>[]): BlockJSON => ({ type: "text", text, ...(marks.length ? { marks } : {}) });
  const para = (...content: BlockJSON[]): BlockJSON => ({ type: "paragraph", attrs: { id: "p1" }, content });
  const judge = (before: BlockJSON | null, after: BlockJSON | null, code = "URY") => delegateEditProblem(before, after, code);
  const group = para(t("Parties "), t("shall", mark("g77", ["BRA"], "c1")), t("should", mark("us", ["ARG"], "c1")), t(" report"));

  it("may propose one more option of a group in the paragraph", () => {
    expect(judge(group, para(t("Parties "), t("shall", mark("g77", ["BRA"], "c1")), t("should", mark("us", ["ARG"], "c1")), t("may", mark("u1", ["URY"], "c1")), t(" report")))).toBeNull();
  });

  it("may make a group of its own proposals", () => {
    const base = para(t("Parties report"));
    expect(judge(base, para(t("Parties "), t("shall", mark("u1", ["URY"], "c9")), t("should", mark("u2", ["URY"], "c9")), t("report")))).toBeNull();
  });

  it("may not put another delegation's proposal in a group, nor take one out, nor regroup it", () => {
    const loose = para(t("Parties "), t("shall", mark("b1", ["BRA"])), t(" report"));
    expect(judge(loose, para(t("Parties "), t("shall", mark("b1", ["BRA"], "c2")), t("should", mark("u1", ["URY"], "c2")), t(" report")))).toMatch(/another delegation's proposal/);
    expect(judge(group, para(t("Parties "), t("shall", mark("g77", ["BRA"])), t("should", mark("us", ["ARG"])), t(" report")))).toMatch(/another delegation's proposal/);
    expect(judge(group, para(t("Parties "), t("shall", mark("g77", ["BRA"], "c3")), t("should", mark("us", ["ARG"], "c3")), t(" report")))).toMatch(/another delegation's proposal/);
  });

  it("may withdraw its option, but not remove it and leave a group of one", () => {
    const withOwn = para(t("Parties "), t("shall", mark("b1", ["BRA"], "c1")), t("may", mark("u1", ["URY"], "c1")), t(" report"));
    expect(judge(withOwn, para(t("Parties "), t("shall", mark("b1", ["BRA"], "c1")), t("may", mark("u1", ["URY"], "c1", { state: "withdrawn" })), t(" report")))).toBeNull();
    expect(judge(withOwn, para(t("Parties "), t("shall", mark("b1", ["BRA"], "c1")), t(" report")))).toBe(
      "in the paragraph “Parties shall report…”, choice group c1 has one option (proposal b1); a group offers two or more: a delegation withdraws its option rather than removing it",
    );
  });

  it("may not write its option another way than its group, nor accept it", () => {
    expect(judge(group, para(t("Parties "), t("shall", mark("g77", ["BRA"], "c1")), t("should", mark("us", ["ARG"], "c1")), t("may", mark("u1", ["URY"], "c1", { choiceStyle: "slash" })), t(" report")))).toMatch(/mixes adjacent and slash/);
    const withOwn = para(t("Parties "), t("shall", mark("b1", ["BRA"], "c1")), t("may", mark("u1", ["URY"], "c1")), t(" report"));
    expect(judge(withOwn, para(t("Parties "), t("shall", mark("b1", ["BRA"], "c1")), t("may", mark("u1", ["URY"], "c1", { state: "accepted" })), t(" report")))).toMatch(/only the chair or the secretariat can decide/);
  });
});
