import { describe, expect, it } from "vitest";
import { DelegationRegistry, PARAGRAPH_STATUSES, modelProblems, negotiationProgress, negotiationStats } from "@accord/schema";
import { brk, del, doc, fn, h, ins, p } from "@accord/schema/test-builders";
import type { Node } from "prosemirror-model";

const withWG = DelegationRegistry.default.with({ code: "WG", name: "Working Group", kind: "group", tags: [] });

function stats(d: Node) {
  expect(modelProblems(d, withWG)).toEqual([]);
  return negotiationStats(d);
}

const zeroStatuses = Object.fromEntries(PARAGRAPH_STATUSES.map((s) => [s, 0]));

describe("negotiationStats", () => {
  it("counts an empty negotiation", () => {
    expect(stats(doc(p("Base text only")))).toEqual({
      paragraphs: { total: 1, byStatus: { ...zeroStatuses, open: 1 } },
      headings: { total: 0 },
      notes: { total: 0 },
      proposals: { open: 0, byDelegation: {}, total: 0 },
      choices: { total: 0, open: 0, chosen: 0 },
      optionGroups: { total: 0, open: 0, chosen: 0, options: 0, noText: 0, nested: 0 },
      positions: { total: 0, byStance: { delete: 0, retain: 0, reserve: 0, oppose: 0, support: 0 }, byDelegation: {} },
    });
  });

  it("counts paragraphs by status, every status present, headings apart", () => {
    const s = stats(
      doc(
        h({ status: "agreed-informally" }, "CHAPTER 1"),
        h("CHAPTER 2"),
        p("a"),
        p({ status: "agreed-informally", statusDate: "2012-04-19" }, "b"),
        p({ status: "agreed-informally" }, "c"),
        p({ status: "agreed-ad-referendum" }, "d"),
        p({ status: "deleted-informally", statusDate: "2012-04-03" }, "e"),
        p({ status: "deleted-ad-referendum" }, "f"),
      ),
    );
    expect(s.paragraphs).toEqual({
      total: 6,
      byStatus: {
        open: 1,
        "agreed-informally": 2,
        "agreed-ad-referendum": 1,
        approved: 0,
        "deleted-informally": 1,
        "deleted-ad-referendum": 1,
      },
    });
    expect(Object.keys(s.paragraphs.byStatus)).toEqual([...PARAGRAPH_STATUSES]);
    expect(s.headings.total).toBe(2);
  });

  // Invariant: a note ("(Prepared by the Chair …)") is not a negotiated
  // paragraph: it is counted apart and never as open or agreed.
  it("counts notes apart from paragraphs, whatever their status", () => {
    const s = stats(doc(p({ kind: "note" }, "(Prepared by the Chair)"), p("a"), p({ status: "agreed-informally" }, "b")));
    expect(s.notes.total).toBe(1);
    expect(s.paragraphs.total).toBe(2);
    expect(s.paragraphs.byStatus.open).toBe(1);
    expect(negotiationProgress(s)).toEqual({ paragraphs: 2, agreed: 1, deleted: 0, openProposals: 0 });
  });

  it("counts open proposals by delegation", () => {
    const s = stats(doc(p(ins("u1 URY", "while"), " x ", ins("u2 URY", "y"), del("v1 VEN", "z")), p(ins("b1 BRB", "w"))));
    expect(s.proposals).toEqual({ open: 4, byDelegation: { URY: 2, VEN: 1, BRB: 1 }, total: 4 });
  });

  it("counts a co-sponsored proposal once, under each sponsor", () => {
    const s = stats(doc(p(ins("c1 ARG BRA", "text"), ins("u1 ARG", "more"))));
    expect(s.proposals).toEqual({ open: 2, byDelegation: { ARG: 2, BRA: 1 }, total: 2 });
  });

  it("counts untagged brackets under the empty code", () => {
    const s = stats(doc(p(brk("b1", "the Work Plan of CICTE"), " and ", brk("b2", "the REMJA"))));
    expect(s.proposals).toEqual({ open: 2, byDelegation: { "": 2 }, total: 2 });
  });

  it("counts a replacement (delete + insert) and a nested bracket as their own proposals, once each", () => {
    const s = stats(
      doc(
        p(del("r1 URY", "evaluable"), ins("r1 URY", "measurable")),
        p(ins("n1 PER", "the logistical ", ins("n2 URY", "and financial"), " aspects")),
      ),
    );
    expect(s.proposals).toEqual({ open: 3, byDelegation: { URY: 2, PER: 1 }, total: 3 });
  });

  it("counts only open proposals by delegation, and every proposal in the total", () => {
    const s = stats(
      doc(
        p(
          ins({ id: "a", by: ["URY"], state: "accepted" }, "a"),
          ins({ id: "b", by: ["URY"], state: "rejected" }, "b"),
          ins({ id: "c", by: ["MEX"], state: "withdrawn" }, "c"),
          ins({ id: "d", by: ["MEX"] }, "d"),
        ),
      ),
    );
    expect(s.proposals).toEqual({ open: 1, byDelegation: { MEX: 1 }, total: 4 });
  });

  it("counts a whole-paragraph proposal once, under each of its delegations", () => {
    const s = stats(
      doc(
        p({ id: "p5", label: "5 bis", proposedBy: ["PER"] }, "Instruct the Secretariat"),
        p({ id: "p6", label: "5 bis alt.", proposedBy: ["MEX", "CAN"], alternativeTo: "p5" }, "Instruct the Permanent Council"),
      ),
    );
    expect(s.proposals).toEqual({ open: 2, byDelegation: { PER: 1, MEX: 1, CAN: 1 }, total: 2 });
    expect(s.paragraphs.total).toBe(2);
  });

  it("counts an untagged alternative under the empty code", () => {
    const s = stats(doc(p({ id: "p1" }, "base"), p({ id: "p2", alternativeTo: "p1" }, "In addition")));
    expect(s.proposals).toEqual({ open: 1, byDelegation: { "": 1 }, total: 1 });
  });

  it("leaves settled whole-paragraph proposals out of the open count", () => {
    const s = stats(
      doc(
        p({ proposedBy: ["PER"], proposalState: "accepted" }, "a"),
        p({ proposedBy: ["MEX"], proposalState: "withdrawn" }, "b"),
      ),
    );
    expect(s.proposals).toEqual({ open: 0, byDelegation: {}, total: 2 });
  });

  it("counts inline proposals inside a proposed paragraph separately", () => {
    const s = stats(doc(p({ proposedBy: ["PER"] }, "Instruct ", ins("u1 URY", "urgently"), " the ", ins("w1 WG", "Council"))));
    expect(s.proposals).toEqual({ open: 3, byDelegation: { PER: 1, URY: 1, WG: 1 }, total: 3 });
  });

  it("does not count footnotes as proposals", () => {
    const s = stats(doc(p("text", fn({ kind: "reservation", delegation: "ECU", text: "The Government of Ecuador reserves" }))));
    expect(s.proposals.total).toBe(0);
  });

  it("returns plain JSON", () => {
    const s = stats(doc(h("H"), p(ins("c1 ARG BRA", "x")), p({ proposedBy: ["PER"] }, "y")));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
