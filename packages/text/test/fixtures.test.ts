import { negotiationStats, type ParagraphAttrs } from "@accord/schema";
import { exportMarkupText, importText } from "@accord/text";
import { expect, it } from "vitest";
import { describeFixtures, FIXTURE_NAMES, readFixture } from "../../../test/support/fixtures.js";
import { checkRoundTrip, firstMissingWord, wordsOf } from "./support.js";

describeFixtures("the shared OAS fixtures", () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name}: every word survives import and marked-up export, in order`, () => {
      const input = readFixture(name);
      const output = exportMarkupText(importText(input).document);
      const expected = wordsOf(input);
      const actual = wordsOf(output);
      const missing = firstMissingWord(expected, actual);
      expect(missing, `word ${missing} ("${expected[missing]}") lost; context: ${expected.slice(Math.max(0, missing - 8), missing + 3).join(" ")}`).toBe(-1);
      expect(expected.length).toBeGreaterThan(1500);
    });

    it(`${name}: import(export(import(x))) equals import(x)`, () => {
      checkRoundTrip(importText(readFixture(name)).document);
    });
  }

  it("2012 draft: statuses and proposals are the ones in the file", () => {
    const { document, diagnostics } = importText(readFixture("oas-plan-of-action-draft-2012.txt"));
    const stats = negotiationStats(document.content);
    // Counted by hand in the file: 29 "AGREED INF" markers, one on the CHAPTER 2 heading;
    // 12 AGREED AD REFERENDUM, 7 DELETED INF, 3 DELETED AD REFERENDUM; 4 paragraphs with none
    // (the "In addition" paragraph, its Working Group alternative, action 4 "moved", objective 3.2).
    expect(stats.paragraphs).toEqual({
      total: 54,
      byStatus: {
        open: 4,
        "agreed-informally": 28,
        "agreed-ad-referendum": 12,
        approved: 0,
        "deleted-informally": 7,
        "deleted-ad-referendum": 3,
      },
    });
    // [Uru: while], [Uru: evaluable measurable], [Uru: a], [Uru: inclusion of a], [Ven: communities,],
    // [Barb: and age perspectives]; untagged: [the Work Plan … (CICTE)], [Peru requests …], [offer];
    // and the whole-paragraph alternative "(Proposal by the Working Group)".
    expect(stats.proposals.open).toBe(10);
    expect(stats.proposals.byDelegation).toEqual({ URY: 4, VEN: 1, BRB: 1, WG: 1, "": 3 });
    expect(document.registry.get("WG")).toMatchObject({ name: "Working Group", kind: "group" });

    const stray = diagnostics.find((d) => d.message.includes("‘]’ closes no bracket"));
    expect(stray).toMatchObject({ line: 20 });
    expect(stray!.excerpt).toContain("(CICAD).]");
    expect(diagnostics.filter((d) => d.message.includes("‘]’"))).toHaveLength(1);
  });

  it("2012 draft: markers, footnotes, notes and alternatives land where a reader puts them", () => {
    const { document } = importText(readFixture("oas-plan-of-action-draft-2012.txt"));
    const paragraphs: ParagraphAttrs[] = [];
    const texts: string[] = [];
    document.content.forEach((block) => {
      if (block.type.name !== "paragraph") return;
      paragraphs.push(block.attrs as ParagraphAttrs);
      texts.push(block.textContent);
    });
    const find = (start: string) => paragraphs[texts.findIndex((t) => t.startsWith(start))]!;

    expect(find("Purpose:")).toMatchObject({ status: "agreed-informally", statusDate: "2012-04-19" });
    expect(find("To design public policies")).toMatchObject({
      status: "agreed-ad-referendum",
      statusFootnote: "Paragraph arising from the Working Group meeting of March 28, 2012. Approval is pending as the required quorum was not present.",
    });
    expect(find("To develop and/or strengthen national and regional plans")).toMatchObject({
      label: "2.",
      status: "deleted-ad-referendum",
      statusFootnote: expect.stringContaining("Its deletion is pending"),
    });
    expect(find("To ensure")).toMatchObject({ label: "6.", status: "deleted-ad-referendum", statusFootnote: expect.stringContaining("deletion") });
    expect(find("To promote and strengthen inter-institutional")).toMatchObject({ note: "Previously paragraph 4 of objective 1.1" });
    expect(paragraphs.find((p) => p.note.startsWith("This paragraph was moved"))).toMatchObject({ label: "4.", status: "open" });
    expect(find("To launch social")).toMatchObject({ label: "1bis.", kind: "operative" });
    expect(find("To develop national, subregional")).toMatchObject({ status: "agreed-informally", statusDate: "2012-03-22" });

    const alternative = paragraphs.find((p) => p.alternativeTo)!;
    expect(alternative.proposedBy).toEqual(["WG"]);
    expect(alternative.alternativeTo).toBe(find("In addition, and in order").id);
  });

  it("2009 resolution: preambular and operative paragraphs, headings, footnotes", () => {
    const { document, diagnostics } = importText(readFixture("oas-resolution-adopted-2009.txt"));
    expect(diagnostics).toEqual([]);
    expect(document.meta).toMatchObject({ symbol: "AG/RES. 2444 (XXXIX-O/09)", title: "MEETING OF MINISTERS RESPONSIBLE FOR PUBLIC SECURITY IN THE AMERICAS" });
    const headings: string[] = [];
    const footnotes: Record<string, unknown>[] = [];
    let preambular = 0;
    let operative = 0;
    document.content.forEach((block) => {
      if (block.type.name === "heading") headings.push(block.textContent);
      else if (block.attrs.kind === "preambular") preambular++;
      else if (block.attrs.kind === "operative") operative++;
      block.forEach((child) => {
        if (child.type.name === "footnote") footnotes.push(child.attrs);
      });
    });
    expect(headings).toContain("RESOLVES:");
    expect(headings).toContain("WE SHOULD THEREFORE:");
    // 8 numbered paragraphs of the resolution and 31 of the Commitment.
    expect(operative).toBe(39);
    // EXPRESSING, RECOGNIZING, TAKING NOTE ×2, WELCOMING ×3 (ALSO), then TAKING NOTE, BEARING IN MIND, RECOGNIZING in the appendix.
    expect(preambular).toBe(10);
    expect(footnotes).toHaveLength(2);
    expect(footnotes[1]).toMatchObject({ kind: "reservation", delegation: "ECU", text: "The Government of Ecuador reserves its position on this paragraph." });
    expect(footnotes[0]).toMatchObject({ kind: "editorial", text: expect.stringMatching(/^Forum of academics/) });
  });
});
