import { cleanHtml, cleanText, cleanVersion, delegationVersion, markupText } from "@accord/merge";
import { collectProposals } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { exportMarkupText, importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import { describeFixtures, readFixture } from "../../../test/support/fixtures.js";
import { draft } from "./support.js";

const value = (r: ReturnType<typeof cleanText>) => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

/** Every run of numbered paragraphs between two headings reads 1, 2, 3 … */
function numberingRuns(text: string): number[][] {
  const runs: number[][] = [[]];
  for (const block of text.split("\n\n")) {
    const m = /^(\d+)\. /.exec(block);
    if (m) runs[runs.length - 1]!.push(Number(m[1]));
    else if (runs[runs.length - 1]!.length) runs.push([]);
  }
  return runs.filter((r) => r.length);
}

describe("the clean version", () => {
  it("leaves unresolved proposals in plain brackets: a deletion keeps its text, a replacement shows both", () => {
    const d = draft`
1. To ensure [Uru: a] crosscutting [Barb: ~~gender~~ age] perspective [Ven: ~~in all programs~~]. AGREED INF 04/19/12 (Previously paragraph 4)
2. To develop plans. DELETED INF 04/03/12
2 bis. [Col: To exchange experiences.]`;
    expect(value(cleanText(d))).toBe("1. To ensure [a] crosscutting [gender] [age] perspective [in all programs].\n\n2 bis. [To exchange experiences.]\n");
  });

  it("keeps reservations and editorial footnotes, drops procedural ones and status footnotes", () => {
    const d = draft`
1. Text one.1/ AGREED AD REFERENDUM 2/
2. Text two.3/

1/ The Government of Ecuador reserves its position on this paragraph.
2/ Approval is pending as the required quorum was not present.
3/ Pending consultations by the United States.`;
    expect(value(cleanText(d))).toBe("1. Text one. 1/\n\n2. Text two.\n\n1/ The Government of Ecuador reserves its position on this paragraph.\n");
  });

  it("renumbers within each series and gives the concordance", () => {
    const d = draft`
RESOLVES:
1. One.
1bis. One bis.
2. Two. DELETED AD REFERENDUM
3. Three.
Actions
1) First action.
2) Second action.`;
    const clean = cleanVersion(d);
    expect(value(cleanText(d))).toBe("RESOLVES:\n\n1. One.\n\n2. One bis.\n\n3. Three.\n\nActions\n\n1) First action.\n\n2) Second action.\n");
    expect(clean.concordance.map((r) => [r.old, r.new, r.change])).toEqual([
      ["1.", "1.", "unchanged"],
      ["1bis.", "2.", "new"],
      ["2.", "", "deleted"],
      ["3.", "3.", "unchanged"],
      ["1)", "1)", "unchanged"],
      ["2)", "2)", "unchanged"],
    ]);
    expect(value(cleanText(d, { concordance: true }))).toContain("1bis.      2. (new)\n2.         deleted\n");
  });

  // Invariant: a note ("(Prepared by the Chair …)") is kept in the clean
  // version and never holds back a final text.
  it("keeps the chair's note and does not wait for it in --final", () => {
    const d = draft`
DRAFT RESOLUTION

(Prepared by the Chair on the basis of the informal consultations of November 18, 2026)

1. To develop plans. AGREED INF 11/18/26`;
    expect(d.content.child(1).attrs.kind).toBe("note");
    expect(value(cleanText(d, { final: true }))).toBe(
      "DRAFT RESOLUTION\n\n(Prepared by the Chair on the basis of the informal consultations of November 18, 2026)\n\n1. To develop plans.\n",
    );
  });

  it("says what an open alternative with no label is, with the number its paragraph has in the clean version", () => {
    const d = draft`
1. To develop plans. DELETED INF 11/18/26

2. To invite member states to consider [Ven: ~~adopting~~ developing] national strategies.

// [To invite member states to integrate disaster risk reduction.] (Proposal by the Working Group)

RECOGNIZING the work of agencies;

// [Bra: RECOGNIZING the work of national agencies;]`;
    expect(value(cleanText(d))).toBe(
      "1. To invite member states to consider [adopting] [developing] national strategies.\n\n" +
        "Alternative to paragraph 1: [To invite member states to integrate disaster risk reduction.]\n\n" +
        "RECOGNIZING the work of agencies;\n\nAlternative to the paragraph above: [RECOGNIZING the work of national agencies;]\n",
    );
    const html = cleanHtml(d);
    expect(html.ok && html.value).toContain("<em>Alternative to paragraph 1:</em> [To invite");
  });

  // Invariant: a clean text has no bracket but the unresolved ones; a bracket
  // character that is text (a stray `]` the import kept and reported) is left
  // out, and kept in the marked-up version.
  it("leaves out a stray bracket kept as text", () => {
    const { document: d, diagnostics } = importText("4. Promote [Arg, Bra: joint] action on results] in the region.");
    expect(diagnostics.map((x) => x.message)).toEqual(["‘]’ closes no bracket; it is kept as text"]);
    expect(value(cleanText(d))).toBe("1. Promote [joint] action on results in the region.\n");
    expect(markupText(d)).toContain("action on results\\] in the region");
  });

  it("--final refuses while anything is open, and passes once all is agreed", () => {
    const d = draft`1. To ensure [Uru: a] crosscutting perspective. AGREED INF 04/19/12
2. To develop plans.`;
    const refused = cleanText(d, { final: true });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toBe(
      "not a final text: 1 unresolved proposal and 1 paragraph not agreed\n" +
        "  paragraph 1: Uruguay’s proposal b1 “a” [b1]\n" +
        "  paragraph 2: not agreed: “To develop plans.”",
    );
    const agreed = draft`1. To ensure [Uru: a] (accepted) crosscutting perspective. AGREED INF 04/19/12
2. To develop plans. (Paragraph approved by the CSH on October 31, 2013)`;
    expect(value(cleanText(agreed, { final: true }))).toBe("1. To ensure a crosscutting perspective.\n\n2. To develop plans.\n");
  });

  it("is the same for a document and for its marked-up text read back (generated documents)", () => {
    for (let seed = 1; seed <= 25; seed++) {
      const d = generateDocument({ seed, paragraphs: 30, proposals: 80 });
      const reread = importText(exportMarkupText(d)).document;
      expect(cleanText(reread)).toEqual(cleanText(d));
      const text = value(cleanText(d));
      expect(text).not.toMatch(/\[(?:Uru|Arg|Bra|Mex|Per|Ven|Barb|Can|US|Col|Chi|Ecu):/);
      expect(text).not.toMatch(/AGREED|DELETED|APPROVED|\(paragraph (?:accepted|rejected|withdrawn)\)|~~/);
    }
  });
});

describe("one delegation's compilation", () => {
  it("shows the delegation's proposals and the text others' proposals leave", () => {
    const d = draft`1. To ensure [Uru: a] crosscutting [Barb: ~~gender~~ age] [Arg, Uru: and fair] perspective [Ven: in programs] [the] text. AGREED INF 04/19/12`;
    expect(markupText(d, { delegation: "URY" }).trim()).toBe(
      "1. To ensure [Uru: a] crosscutting gender [Arg, Uru: and fair] perspective [the] text. AGREED INF 04/19/12",
    );
    const barbados = delegationVersion(d, "BRB");
    expect(collectProposals(barbados.content).map((p) => p.by)).toEqual([["BRB"], []]);
    expect(() => delegationVersion(d, "XXX")).toThrow(RangeError);
  });
});

describeFixtures("the clean version of the 2012 draft", () => {
  const document = importText(readFixture("oas-plan-of-action-draft-2012.txt")).document;
  const text = value(cleanText(document));

  it("has no delegation tag, no status marker, and none of the deleted paragraphs", () => {
    expect(text).not.toMatch(/\[\s*(?:Uru|URU|Ven|Barb|Arg|Bra)\s*:/);
    expect(text).not.toMatch(/AGREED|DELETED|IDEM|REFERENDUM/);
    for (const deleted of [
      "To strengthen national information systems",
      "organized crime at the national and transnational levels and its most serious manifestations",
      "To develop and/or strengthen, as appropriate, participation by other social actors",
      "To ensure a crosscutting",
      "To continue promoting the use of the Hemispheric Information Exchange Network",
      "To adapt operating procedures and national administrative mechanisms",
    ]) {
      expect(text).not.toContain(deleted.split(" ").slice(0, 6).join(" "));
    }
    expect(text).toContain("[while] respecting their human rights");
    expect(text).toContain("To [offer] differential treatment");
    expect(text).not.toContain("Approval is pending");
    // The stray `]` of the source (reported on import) does not read as a bracket.
    expect(text).toContain("(CICAD). [Peru requests inclusion");
  });

  it("renumbers 1bis / 1 / 2 … consistently: every series reads 1, 2, 3 …", () => {
    const runs = numberingRuns(text);
    // Nine objectives keep actions (2.2 was deleted with its actions).
    expect(runs.length).toBe(9);
    for (const run of runs) expect(run).toEqual(run.map((_, i) => i + 1));
    const concordance = cleanVersion(document).concordance;
    // Objective 1.2: 1bis, 1, 2 (deleted), 3, 4, 5 (deleted), 6 (deleted), 7.
    const objective12 = concordance.slice(5, 13).map((r) => `${r.old}→${r.new || "deleted"}`);
    expect(objective12).toEqual(["1bis.→1.", "1.→2.", "2.→deleted", "3.→3.", "4.→4.", "5.→deleted", "6.→deleted", "7.→5."]);
  });

  it("--final refuses, listing what is unresolved with its place", () => {
    const refused = cleanText(document, { final: true });
    expect(refused.ok).toBe(false);
    const message = !refused.ok ? refused.message : "";
    // b1, b2 and b10 untagged, b4 Uruguay's "while", and the Working Group's alternative; the
    // paragraphs not agreed: "In addition…" and objective 3.2 (the alternative is counted once, above).
    expect(message).toMatch(/^not a final text: 5 unresolved proposals and 2 paragraphs not agreed/);
    expect(message).toContain("paragraph 3 under “Objective 1.2” / “Actions”: Uruguay’s proposal b4 “while”");
    expect(message).toContain("Working Group’s proposed paragraph “In addition");
    expect(message).toContain("not agreed: “To foster mutual legal assistance");
  });
});
