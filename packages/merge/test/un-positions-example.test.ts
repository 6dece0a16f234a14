import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cleanText, markupText } from "@accord/merge";
import { collectProposals, negotiationStats } from "@accord/schema";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";

// examples/un-positions-draft.txt, a compilation text in the style of the
// Rio+20 zero draft written for Accord's tests: delegations' positions after a
// spaced dash in brackets, in parentheses after brackets, and after a whole
// paragraph. Every count below was checked by reading the file.
const draft = readFileSync(fileURLToPath(new URL("../../../examples/un-positions-draft.txt", import.meta.url)), "utf8");
const result = importText(draft);
const stats = negotiationStats(result.document.content);

describe("a compilation text with delegations' positions", () => {
  it("is read on the UN registry with no diagnostic, every attribution placed", () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.recognition.registry).toMatchObject({ name: "un", guessed: true });
    // Dash: PP2, OP4, OP5 (inner), OP6, OP10; after: PP3 (G77), OP5 (Mexico); positions after a bracket only: OP8, OP9; the paragraph: OP7.
    expect(result.recognition.positions).toEqual({ total: 17, byForm: { tag: 2, dash: 5, after: 2, trail: 1 } });
  });

  it("has the paragraphs and proposals a reader counts", () => {
    // The title line, PP1–PP3 and OP4–OP10; the two section headings.
    expect(stats.paragraphs.total).toBe(11);
    expect(stats.headings.total).toBe(2);
    expect(stats.paragraphs.byStatus).toMatchObject({ open: 9, "agreed-informally": 1, "agreed-ad-referendum": 1 });
    // G77 in PP2, PP3, OP4, OP6 and the whole of OP7; US (OP5, inner), Mexico (OP5, outer), EU (OP10); OP8 and OP9 untagged.
    expect(stats.proposals).toEqual({ open: 10, total: 10, byDelegation: { G77: 5, "": 2, EU: 1, MEX: 1, USA: 1 } });
  });

  it("counts positions by stance and by delegation", () => {
    // delete: US (PP2), EU and US (PP3), Canada and US (OP4), EU, Japan and US (OP6), Canada and Japan (OP7), EU (OP9);
    // retain: Switzerland (OP4), EU (OP8), G77 (OP9), Norway (OP10); reserve: Japan (PP3), Russia (OP8).
    expect(stats.positions).toEqual({
      total: 17,
      byStance: { delete: 11, retain: 4, reserve: 2 },
      byDelegation: { EU: 4, USA: 4, JPN: 3, CAN: 2, CHE: 1, G77: 1, NOR: 1, RUS: 1 },
    });
    const op9 = collectProposals(result.document.content).find((p) => p.spans[0]!.text === "under the General Assembly")!;
    expect(op9).toMatchObject({ by: [], positions: "G77:retain EU:delete" });
  });

  it("keeps every citation of the draft byte for byte in the clean text, which shows no position", () => {
    const clean = cleanText(result.document);
    if (!clean.ok) throw new Error(clean.message);
    for (const citation of ["resolution 66/197 of 22 December 2011", "document A/CONF.216/L.1."]) {
      expect(draft).toContain(citation);
      expect(clean.value).toContain(citation);
    }
    expect(clean.value).not.toMatch(/delete|retain|reserve|G77|\(Mexico\)/);
  });

  it("writes the positions back in the marked-up text where the draft had them", () => {
    const markup = markupText(result.document);
    for (const line of draft.split("\n").filter((l) => /^(?:PP|OP)\d/.test(l))) expect(markup).toContain(line);
  });
});
