import { collectProposals, DelegationRegistry } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { brk, del, doc, h, ins, p } from "@accord/schema/test-builders";
import { describe, expect, it } from "vitest";
import { groupByDelegation, openProposals, openProposalsIn } from "../../src/panels/proposals-model.js";
import { buildOutline } from "../../src/panels/outline-model.js";

const sample = doc(
  h({ id: "h1" }, "Objective ", ins("b0 ARG", "1.2")),
  p({ id: "p2", label: "2." }, "To develop plans ", ins("b1 URY", "while"), " respecting ", brk("b2", "human"), " rights."),
  p({ id: "p3", label: "3." }, "To ensure a ", del("b3 BRB URY", "gender"), ins("b3 BRB URY", "age"), " perspective ", ins({ id: "b4", by: ["MEX"], state: "accepted" }, "now"), "."),
  p({ id: "p4" }, "Without a label, ", ins({ id: "b5", by: ["URY"], note: "Brazil is opposed" }, "said"), "."),
  p({ id: "p5", label: "5 bis", proposedBy: ["PER"] }, "Instruct the chair to report ", ins("b6 CAN", "yearly"), "."),
  p({ id: "p6", label: "5 bis alt.", proposedBy: ["MEX"], alternativeTo: "p5" }, "Instruct the council."),
  p({ id: "p7", label: "6", proposedBy: ["COL"], proposalState: "withdrawn" }, "Withdrawn."),
);

describe("openProposals", () => {
  it("lists open proposals in document order, a whole paragraph before its brackets", () => {
    const items = openProposals(sample);
    expect(items.map((i) => [i.id, i.kind, i.by, i.blockId])).toEqual([
      ["b0", "inline", ["ARG"], "h1"],
      ["b1", "inline", ["URY"], "p2"],
      ["b2", "inline", [], "p2"],
      ["b3", "inline", ["BRB", "URY"], "p3"],
      ["b5", "inline", ["URY"], "p4"],
      ["p5", "paragraph", ["PER"], "p5"],
      ["b6", "inline", ["CAN"], "p5"],
      ["p6", "alternative", ["MEX"], "p6"],
    ]);
  });

  it("gives each a target to scroll to, its place and its text with deletions apart", () => {
    const [b0, b1, , b3, b5, p5] = openProposals(sample);
    expect(b1!.target).toEqual({ proposal: "b1" });
    expect(p5!.target).toEqual({ block: "p5" });
    expect(b0).toMatchObject({ blockKind: "heading", blockLabel: "" });
    expect(b3).toMatchObject({ blockLabel: "3.", excerpt: [{ op: "delete", text: "gender" }, { op: "insert", text: "age" }] });
    expect(b5).toMatchObject({ blockLabel: "", blockExcerpt: "Without a label, said.", note: "Brazil is opposed" });
    expect(p5!.excerpt).toEqual([{ op: "insert", text: "Instruct the chair to report yearly." }]);
  });

  it("agrees with collectProposals on which bracketed proposals are open", () => {
    for (const seed of [11, 12, 13]) {
      const content = generateDocument({ seed, paragraphs: 80, proposals: 150 }).content;
      const expected = collectProposals(content).filter((x) => x.state === "open").map((x) => x.id);
      expect(openProposals(content).filter((x) => x.kind === "inline").map((x) => x.id), `seed ${seed}`).toEqual(expected);
      expect(openProposals(content).length, `seed ${seed}`).toBe(buildOutline(content).progress.openProposals);
    }
  });

  it("shortens a long proposal", () => {
    const long = doc(p({ id: "x" }, ins("l URY", "word ".repeat(60))));
    const [item] = openProposals(long);
    expect(item!.excerpt[0]!.text.length).toBeLessThanOrEqual(91);
    expect(item!.excerpt[0]!.text.endsWith("…")).toBe(true);
  });

  it("keeps the items of a block it has read", () => {
    expect(openProposalsIn(sample.child(1))).toBe(openProposalsIn(sample.child(1)));
    expect(openProposalsIn(doc(p("plain")).child(0))).toEqual([]);
  });
});

describe("groupByDelegation", () => {
  it("groups by delegation, co-sponsors under each, untagged last, in name order", () => {
    const registry = DelegationRegistry.default;
    const groups = groupByDelegation(openProposals(sample), (code) => registry.get(code)?.name ?? code);
    expect(groups.map((g) => [g.code, g.items.map((i) => i.id)])).toEqual([
      ["ARG", ["b0"]],
      ["BRB", ["b3"]],
      ["CAN", ["b6"]],
      ["MEX", ["p6"]],
      ["PER", ["p5"]],
      ["URY", ["b1", "b3", "b5"]],
      ["", ["b2"]],
    ]);
  });

  it("orders by the names it is given", () => {
    const names: Record<string, string> = { URY: "A first", ARG: "Z last" };
    const groups = groupByDelegation(openProposals(sample), (code) => names[code] ?? code);
    expect(groups[0]!.code).toBe("URY");
    expect(groups.at(-2)!.code).toBe("ARG");
  });

  it("gives nothing for a document without open proposals", () => {
    expect(groupByDelegation(openProposals(doc(p({ id: "a" }, "text"))))).toEqual([]);
  });
});
