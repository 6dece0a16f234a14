import { blockShapeProblem, delegateEditProblem, type BlockJSON, type DelegateEditContext } from "@accord/schema";
import { describe, expect, it } from "vitest";

// The trust rule beyond strip_X (design.md §4), and the schema's shape as
// stored. Every case goes through one checker: `judge` gives the delegate's
// verdict; a null verdict is an allowed edit.

const proposal = (id: string, by: string[], op = "insert", state = "open") => ({ type: "proposal", attrs: { id, op, by, note: "", state } });
const text = (t: string, ...marks: ReturnType<typeof proposal>[]): BlockJSON => ({ type: "text", text: t, ...(marks.length ? { marks } : {}) });
const paragraph = (attrs: Record<string, unknown>, ...content: BlockJSON[]): BlockJSON => ({ type: "paragraph", attrs: { id: "p1", ...attrs }, content });
const statuses: Record<string, string> = { p2: "open", p3: "agreed-informally" };
const context: DelegateEditContext = { paragraphStatus: (id) => statuses[id] };
const judge = (before: BlockJSON | null, after: BlockJSON | null, code = "URY") => delegateEditProblem(before, after, code, undefined, context);

describe("a delegation never names another as its supporter", () => {
  const base = paragraph({}, text("To develop plans "));
  it("a new proposal of its own, alone: allowed; with another delegation: refused", () => {
    expect(judge(base, paragraph({}, text("To develop plans "), text("now", proposal("b1", ["URY"]))))).toBeNull();
    expect(judge(base, paragraph({}, text("To develop plans "), text("now", proposal("b1", ["URY", "ARG"]))))).toMatch(/ARG must support it themselves/);
  });
  it("keeps the supporters it has, and takes none it had not", () => {
    const supported = paragraph({}, text("To develop plans "), text("now", proposal("b1", ["URY", "ARG"])));
    expect(judge(supported, paragraph({}, text("To develop plans "), text("now and then", proposal("b1", ["URY", "ARG"]))))).toBeNull();
    expect(judge(supported, paragraph({}, text("To develop plans "), text("now", proposal("b1", ["URY", "ARG", "BRA"]))))).toMatch(/BRA must support/);
  });
  it("a paragraph of its own names only itself", () => {
    expect(judge(null, paragraph({ proposedBy: ["URY"] }, text("A new one.")))).toBeNull();
    expect(judge(null, paragraph({ proposedBy: ["URY", "ARG"] }, text("A new one.")))).toMatch(/ARG must support it themselves/);
  });
});

describe("a paragraph a delegation proposes", () => {
  const own = paragraph({ proposedBy: ["URY"], label: "2 bis." }, text("Ours."));
  it("may change its text, label, kind and note", () => {
    expect(judge(own, paragraph({ proposedBy: ["URY"], label: "2 ter.", kind: "operative", note: "moved" }, text("Ours, better.")))).toBeNull();
  });
  it("keeps the standing the chair gave it", () => {
    expect(judge(own, paragraph({ proposedBy: ["URY"], label: "2 bis.", status: "agreed-informally" }, text("Ours.")))).toMatch(/only the chair/);
    expect(judge(own, paragraph({ proposedBy: ["URY"], label: "2 bis.", statusBody: "CSH" }, text("Ours.")))).toMatch(/only the chair or the secretariat can set a status/);
    expect(judge(null, paragraph({ proposedBy: ["URY"], statusDate: "2026-01-01" }, text("New.")))).toMatch(/set a status/);
  });
  it("is an alternative only to an open paragraph of the document, not to itself", () => {
    expect(judge(own, paragraph({ proposedBy: ["URY"], label: "2 bis.", alternativeTo: "p2" }, text("Ours.")))).toBeNull();
    expect(judge(own, paragraph({ proposedBy: ["URY"], label: "2 bis.", alternativeTo: "p3" }, text("Ours.")))).toMatch(/agreed informally/);
    expect(judge(own, paragraph({ proposedBy: ["URY"], label: "2 bis.", alternativeTo: "nowhere" }, text("Ours.")))).toMatch(/not in the document/);
    expect(judge(own, paragraph({ proposedBy: ["URY"], label: "2 bis.", alternativeTo: "p1" }, text("Ours.")))).toMatch(/not in the document/);
  });
});

describe("blockShapeProblem: only the schema's nodes, marks and attributes", () => {
  const cases: [string, BlockJSON, RegExp | null][] = [
    ["a plain paragraph", paragraph({ label: "1." }, text("Fine.")), null],
    ["a heading with a footnote", { type: "heading", attrs: { id: "h1" }, content: [text("Title"), { type: "footnote", attrs: { id: "f1", text: "A note." } }] }, null],
    ["an unknown node type", { type: "table", attrs: { id: "t1" } }, /“table” cannot stand in the document/],
    ["an unknown paragraph attribute", paragraph({ colour: "red" }, text("x")), /unknown attribute “colour”/],
    ["an unknown mark", paragraph({}, { type: "text", text: "x", marks: [{ type: "underline" }] }), /unknown mark “underline”/],
    ["an unknown proposal attribute", paragraph({}, { type: "text", text: "x", marks: [{ type: "proposal", attrs: { id: "b1", by: ["URY"], secret: 1 } }] }), /unknown attribute “secret”/],
    ["mark attributes that are not an object", paragraph({}, { type: "text", text: "x", marks: [{ type: "em", attrs: "yes" as unknown as Record<string, unknown> }] }), /not a plain object/],
    ["a paragraph inside a paragraph", paragraph({}, paragraph({ id: "p9" }, text("x"))), /“paragraph” cannot stand inside a block/],
    ["a footnote with content", paragraph({}, { type: "footnote", attrs: { id: "f1" }, content: [text("x")] }), /footnote with content/],
    ["an unknown footnote attribute", paragraph({}, { type: "footnote", attrs: { id: "f1", hidden: true } }), /unknown attribute “hidden”/],
  ];
  for (const [what, block, expected] of cases) {
    it(what, () => {
      const problem = blockShapeProblem(block);
      if (expected) expect(problem).toMatch(expected);
      else expect(problem).toBeNull();
    });
  }
});

describe("the tag as written", () => {
  const tagged = (id: string, by: string[], tag: string) => ({ type: "proposal", attrs: { id, op: "insert", by, note: "", state: "open", tag } });
  const block = (mark: ReturnType<typeof tagged>) => paragraph({}, text("Parties "), { type: "text", text: "shall", marks: [mark] } as BlockJSON);

  // Invariant: a delegation spells only its own proposals' tags; another's spelling is its proposer's words, even when supported.
  it("is a delegation's to set on its own proposals only", () => {
    expect(judge(block(tagged("u1", ["URY"], "")), block(tagged("u1", ["URY"], "Uruguay")))).toBeNull();
    expect(judge(block(tagged("u1", ["URY"], "Uruguay")), block(tagged("u1", ["URY"], "")))).toBeNull();
    expect(judge(block(tagged("a1", ["ARG"], "")), block(tagged("a1", ["ARG"], "Argentina")))).toMatch(/another delegation's proposal/);
    expect(judge(block(tagged("a1", ["ARG", "URY"], "Arg, Uru")), block(tagged("a1", ["ARG", "URY"], "Arg, Uruguay")))).toMatch(/another delegation's proposal/);
    // Supporting keeps the proposer's spelling as it stands.
    expect(judge(block(tagged("a1", ["ARG"], "Argentina")), block(tagged("a1", ["ARG", "URY"], "Argentina")))).toBeNull();
  });
});

describe("the tag a paragraph proposed whole was written with", () => {
  const whole = (by: string[], proposedTag: string) => paragraph({ proposedBy: by, proposedTag }, text("A whole paragraph."));

  // Invariant: a delegation spells only its own whole paragraph's tag (proposedTag), never another's or base text's, even one it supports.
  it("is a delegation's to set on its own paragraph proposal only", () => {
    expect(judge(null, whole(["URY"], "URY"))).toBeNull();
    expect(judge(whole(["URY"], ""), whole(["URY"], "Uruguay"))).toBeNull();
    expect(judge(whole(["URY"], "Uruguay"), whole(["URY"], ""))).toBeNull();
    expect(judge(whole(["ARG"], ""), whole(["ARG"], "Argentina"))).toMatch(/another delegation's proposal/);
    expect(judge(whole(["ARG", "URY"], "Arg, Uru"), whole(["ARG", "URY"], "Arg, Uruguay"))).toMatch(/another delegation's proposal/);
    expect(judge(whole([], ""), whole([], "Uruguay"))).toMatch(/another delegation's proposal/);
    // Supporting keeps the proposer's spelling as it stands.
    expect(judge(whole(["ARG"], "Argentina"), whole(["ARG", "URY"], "Argentina"))).toBeNull();
    expect(judge(whole(["URY"], ""), whole(["URY"], "Uru] [Arg"))).toMatch(/invalid block/);
  });
});
