import { listProposals } from "@accord/merge";
import { DelegationRegistry, NegotiationDocument } from "@accord/schema";
import { brk, del, doc, h, ins, p } from "@accord/schema/test-builders";
import { describe, expect, it } from "vitest";
import { draft } from "./support.js";

const LONG = "Instruct the General Secretariat to report to the Permanent Council on the implementation of this plan every year.";

describe("listProposals", () => {
  it("lists brackets and whole paragraphs in document order, with delegations, place and text", () => {
    const d = draft`
Objective 1.1

1. To ensure [Uru: a] crosscutting perspective.

1bis. Promote [Arg, Bra: joint] action on [Uru: ~~evaluable~~ measurable] results. AGREED INF 04/19/12

Objective 1.2

5 bis. [PER: ${LONG}]

5 bis alt. [MEX: Instruct the chair to report.]
`;
    const listed = listProposals(d);
    expect(listed.map((e) => [e.kind, e.text])).toEqual([
      ["inline", "a"],
      ["inline", "joint"],
      ["inline", "~~evaluable~~ measurable"],
      ["paragraph", LONG],
      ["alternative", "Instruct the chair to report."],
    ]);
    const [a, joint, replacement, proposed, alternative] = listed;
    expect(a).toEqual({
      id: a!.id,
      kind: "inline",
      state: "open",
      by: [{ code: "URY", name: "Uruguay" }],
      ops: ["insert"],
      alternativeTo: "",
      block: { id: a!.block.id, type: "paragraph", label: "1.", status: "open" },
      heading: "Objective 1.1",
      text: "a",
      note: "",
      positions: [],
    });
    expect(joint!.by).toEqual([
      { code: "ARG", name: "Argentina" },
      { code: "BRA", name: "Brazil" },
    ]);
    // A replacement: both operations, written as the convention writes it.
    expect(replacement).toMatchObject({ ops: ["delete", "insert"], block: { label: "1bis.", status: "agreed-informally" } });
    expect(joint!.block.id).toBe(replacement!.block.id);
    // A whole paragraph is its own block, decided by its own id; its text is whole, however long.
    expect(proposed).toMatchObject({ by: [{ code: "PER", name: "Peru" }], ops: [], heading: "Objective 1.2", alternativeTo: "" });
    expect(proposed!.id).toBe(proposed!.block.id);
    expect(alternative).toMatchObject({ kind: "alternative", alternativeTo: proposed!.id, block: { label: "5 bis alt." } });
    expect(new Set(listed.map((e) => e.id)).size).toBe(listed.length);
  });

  it("puts a proposed paragraph before the brackets inside it, and places brackets in headings", () => {
    const registry = DelegationRegistry.default.with({ code: "WG", name: "Working Group", kind: "group", tags: [] });
    const d = NegotiationDocument.create(
      doc(
        p({ id: "p0" }, "Before any ", brk({ id: "u1", by: [], note: "pending consultations" }, "heading"), "."),
        h({ id: "h1" }, "Objective ", ins("w1 WG", "1.1"), "  and\nits  actions"),
        p({ id: "p1", label: "1.", proposedBy: ["PER"], proposalState: "accepted" }, "Instruct ", ins("c1 URY", "urgently"), " the ", del("c2 CAN", "Council")),
      ),
      {},
      registry,
    );
    expect(listProposals(d).map((e) => e.id)).toEqual(["u1", "w1", "p1", "c1", "c2"]);
    const [untagged, inHeading, paragraph, inside] = listProposals(d);
    expect(untagged).toMatchObject({ by: [], ops: ["bracket"], heading: "", note: "pending consultations", text: "heading" });
    // A heading has no label, and the heading above it is not itself.
    expect(inHeading).toMatchObject({ by: [{ code: "WG", name: "Working Group" }], block: { id: "h1", type: "heading", label: "" }, heading: "" });
    expect(paragraph).toMatchObject({ kind: "paragraph", state: "accepted", text: "Instruct urgently the Council", heading: "Objective 1.1 and its actions" });
    expect(inside).toMatchObject({ block: { id: "p1" }, heading: "Objective 1.1 and its actions" });
    expect(listProposals(d)[4]).toMatchObject({ ops: ["delete"], text: "~~Council~~" });
  });

  it("gives [] for a document without proposals", () => {
    expect(listProposals(NegotiationDocument.create(doc(h("Objective 1.1"), p({ label: "1." }, "Adopt the plan."))))).toEqual([]);
  });
});
