import { describe, expect, it } from "vitest";
import { brk, del, doc, fn, ins, p } from "@accord/schema/test-builders";
import { EditorState, TextSelection } from "prosemirror-state";
import { findBlock, findProposal, nextOpenProposal, proposalAtSelection } from "../../src/editor/decisions/proposal-at.js";
import { decideAtCursor, goToNextOpenProposal } from "../../src/editor/input/shortcuts.js";
import type { Member, ProposalAction } from "../../src/editor/decisions/controls.js";

const d = doc(
  p({ id: "p1", label: "1." }, "Of <a>", ins("c1 CHL", "civil <in>", ins("c2 PER", "sea<s>rch"), " capacities"), "<b>. ", brk({ id: "b1", state: "accepted" }, "done"), " and ", del("r1 MEX", "old"), ins("r1 MEX", "new"), "<e>", fn({ kind: "editorial", text: "n" }), " end<z>"),
  p({ id: "p2", proposedBy: ["URY"], label: "1 bis." }, "Uruguay's <w>paragraph"),
  p({ id: "p3", alternativeTo: "p1" }, "An alternative"),
);
const at = (pos: number) => EditorState.create({ doc: d, selection: TextSelection.create(d, pos) });

describe("findProposal", () => {
  it("finds a bracket with its extent, whose and where", () => {
    expect(findProposal(d, "c1")).toMatchObject({ id: "c1", kind: "inline", by: ["CHL"], state: "open", blockId: "p1", blockStatus: "open", from: d.tag.a, to: d.tag.b });
    expect(findProposal(d, "r1")).toMatchObject({ by: ["MEX"], to: d.tag.e });
  });

  it("finds a whole-paragraph proposal and an alternative by their block's id", () => {
    expect(findProposal(d, "p2")).toMatchObject({ kind: "paragraph", by: ["URY"], state: "open", blockId: "p2" });
    expect(findProposal(d, "p3")).toMatchObject({ kind: "paragraph", by: [] });
  });

  it("finds nothing for base text or an unknown id", () => {
    expect(findProposal(d, "p1")).toBeNull();
    expect(findProposal(d, "nope")).toBeNull();
  });

  it("finds blocks by id", () => {
    expect(findBlock(d, "p2")?.pos).toBe(d.child(0).nodeSize);
    expect(findBlock(d, "nope")).toBeNull();
  });
});

describe("proposalAtSelection", () => {
  it("takes the innermost bracket around the cursor", () => {
    expect(proposalAtSelection(at(d.tag.s!))?.id).toBe("c2");
    expect(proposalAtSelection(at(d.tag.in! - 2))?.id).toBe("c1");
  });

  it("takes the paragraph itself when it is a proposal and no bracket is at the cursor", () => {
    expect(proposalAtSelection(at(d.tag.w!))?.id).toBe("p2");
  });

  it("finds nothing in base text", () => {
    expect(proposalAtSelection(at(d.tag.z!))).toBeNull();
  });
});

describe("nextOpenProposal", () => {
  it("goes to the next open proposal, skipping decided ones, and wraps round", () => {
    expect(nextOpenProposal(d, 0)?.id).toBe("c1");
    expect(nextOpenProposal(d, d.tag.a!)?.id).toBe("c2");
    expect(nextOpenProposal(d, d.tag.b!)?.id).toBe("r1");
    expect(nextOpenProposal(d, d.tag.e!)?.id).toBe("p2");
    expect(nextOpenProposal(d, d.content.size)?.id).toBe("c1");
  });

  it("finds nothing when nothing is open", () => {
    expect(nextOpenProposal(doc(p("plain"), p(ins({ id: "x", by: ["URY"], state: "rejected" }, "no"))), 0)).toBeNull();
  });
});

describe("the shortcut commands", () => {
  const chair: Member = { role: "chair", delegation: "" };
  const delegate: Member = { role: "delegate", delegation: "URY" };

  it("decide the proposal at the cursor only when dispatched, and only when the member may", () => {
    const decided: [string, ProposalAction][] = [];
    const options = (member: Member) => ({ member: () => member, decide: (t: { id: string }, a: ProposalAction) => decided.push([t.id, a]) });
    const state = at(d.tag.s!);
    expect(decideAtCursor("accept", options(chair))(state)).toBe(true);
    expect(decided).toEqual([]);
    expect(decideAtCursor("accept", options(chair))(state, () => {})).toBe(true);
    expect(decided).toEqual([["c2", "accept"]]);
    expect(decideAtCursor("accept", options(delegate))(state, () => {})).toBe(false);
    expect(decideAtCursor("reopen", options(chair))(state, () => {})).toBe(false);
    expect(decideAtCursor("accept", options(chair))(at(d.tag.z!), () => {})).toBe(false);
    expect(decided).toHaveLength(1);
  });

  it("move the cursor to the next open proposal", () => {
    let moved: EditorState | null = null;
    expect(goToNextOpenProposal(at(d.tag.b!))).toBe(true);
    goToNextOpenProposal(at(d.tag.b!), (tr) => (moved = at(d.tag.b!).apply(tr)));
    expect(proposalAtSelection(moved!)?.id).toBe("r1");
  });
});
