import { acceptProposal, cleanVersion, delegationVersion, listProposals, markupHtml, rejectProposal, reopenProposal, supportProposal, withdrawProposal } from "@accord/merge";
import { collectSpanningBrackets, modelProblems, negotiationStats, type NegotiationDocument } from "@accord/schema";
import { describe, expect, it } from "vitest";
import { clean, read, resolved } from "./support.js";

// A bracket spanning paragraphs is one proposal: a decision on any part is a
// decision on the whole, and the clean version keeps or drops all its parts.

const draft = `Registry: un
---
3. Parties shall report.

4. Noting that [G77: Parties shall communicate their contributions
5. every five years, informed by the global stocktake;
6. the secretariat shall keep a public [EU: and open] registry.] Further text.

7. Parties shall account for their contributions.
`;

const parts = (d: NegotiationDocument) => collectSpanningBrackets(d.content)[0]!.parts;
const partStates = (d: NegotiationDocument) => parts(d).map((part) => part.state);

describe("deciding a bracket that spans paragraphs", () => {
  it("accepting any part accepts every part, in one step, and says which paragraphs it spans", () => {
    const d = read(draft);
    const [first, middle] = parts(d);
    const r = acceptProposal(d, middle!.id);
    expect(r.ok && r.message).toBe(`Accepted Group of 77 and China’s proposal ${first!.id} (“Parties shall communicate their contributions”) spanning paragraph 4 to paragraph 6. The 1 proposal nested in it (${idOfEU(d)}) stays open.`);
    const accepted = resolved(r);
    expect(partStates(accepted)).toEqual(["accepted", "accepted", "accepted"]);
    expect(modelProblems(accepted.content, accepted.registry)).toEqual([]);
    expect(clean(accepted)).toContain("2. Noting that Parties shall communicate their contributions\n\n3. every five years");
  });

  it("rejecting or withdrawing the last part drops every part from the clean version; reopening brings them back", () => {
    const d = read(draft);
    const last = parts(d)[2]!;
    for (const decide of [rejectProposal, withdrawProposal]) {
      const decided = resolved(decide(d, last.id));
      expect(modelProblems(decided.content, decided.registry)).toEqual([]);
      expect(new Set(partStates(decided)).size).toBe(1);
      const text = clean(decided);
      expect(text).not.toContain("communicate their contributions");
      expect(text).not.toContain("every five years");
      expect(text).not.toContain("public");
      expect(text).toContain("Noting that");
      expect(text).toContain("Further text.");
      const reopened = resolved(reopenProposal(decided, parts(decided)[1]!.id));
      expect(partStates(reopened)).toEqual(["open", "open", "open"]);
    }
  });

  it("an open span is one unresolved proposal of the clean version, and one proposal in the stats", () => {
    const d = read(draft);
    const { unresolved } = cleanVersion(d);
    expect(unresolved.filter((item) => item.kind === "proposal").map((item) => item.id)).toEqual([parts(d)[0]!.id, idOfEU(d)]);
    expect(negotiationStats(d.content).proposals).toEqual({ open: 2, total: 2, byDelegation: { G77: 1, EU: 1 } });
  });

  it("a co-sponsor joins every part, and the delegation's own view shows the whole bracket", () => {
    const d = read(draft);
    const supported = resolved(supportProposal(d, parts(d)[1]!.id, "AOSIS"));
    expect(parts(supported).map((part) => part.by)).toEqual([["G77", "AOSIS"], ["G77", "AOSIS"], ["G77", "AOSIS"]]);
    expect(modelProblems(supported.content, supported.registry)).toEqual([]);
    const view = delegationVersion(d, "G77");
    expect(collectSpanningBrackets(view.content).map((span) => span.parts.length)).toEqual([3]);
    // Another delegation's view leaves the open bracket out, every part of it.
    expect(delegationVersion(d, "USA").content.textContent).not.toContain("every five years");
  });
});

function idOfEU(d: NegotiationDocument): string {
  let id = "";
  d.content.descendants((node) => {
    for (const mark of node.marks) if (mark.attrs.by?.[0] === "EU") id = mark.attrs.id as string;
  });
  return id;
}

describe("listing a bracket that spans paragraphs", () => {
  it("lists it once, under its first part's id, with the text of every part", () => {
    const d = read(draft);
    const entries = listProposals(d).filter((entry) => entry.by.some((b) => b.code === "G77"));
    expect(entries.map((entry) => [entry.id, entry.block.label, entry.text])).toEqual([
      [parts(d)[0]!.id, "4.", "Parties shall communicate their contributions ¶ every five years, informed by the global stocktake; ¶ the secretariat shall keep a public and open registry."],
    ]);
  });
});

describe("the marked-up HTML of a bracket that spans paragraphs", () => {
  it("opens it with its tag in the first paragraph and closes it in the last, each part marked with the span", () => {
    const d = read("Registry: un\n---\n4. Noting that [G77: Parties shall communicate\n5. every five years;\n6. a registry.] (EU: delete) Further text.\n");
    const html = markupHtml(d);
    const id = parts(d)[0]!.id;
    // Each part, up to the end of its paragraph.
    const partsHtml = html.split(`data-span="${id}"`).slice(1).map((rest) => rest.slice(0, rest.indexOf("</p>")));
    expect(partsHtml).toHaveLength(3);
    // One `[` with the tag in the first paragraph, one `]` in the last: the bracket is written once around the three.
    expect(partsHtml.map((part) => [part.includes('<span class="bk">[</span><b class="tag">'), part.includes('<span class="bk">]</span>')])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
    // The positions stated on it are written once, after its `]`.
    expect(html.split('class="positions"').length - 1).toBe(1);
  });
});
