import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cleanText, markupText } from "@accord/merge";
import { collectProposals, negotiationStats } from "@accord/schema";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";

// examples/un-positions-draft.txt, a compilation text in the style of the
// Rio+20 zero draft written for Accord's tests: delegations' positions after a
// spaced dash in brackets, in parentheses after brackets, and after a whole
// paragraph; opposing, supporting and a reservation in OP11–OP13, and a name
// alone after a tagged bracket (OP11's Mexico). Every count below was
// checked by reading the file.
const draft = readFileSync(fileURLToPath(new URL("../../../examples/un-positions-draft.txt", import.meta.url)), "utf8");
const result = importText(draft);
const stats = negotiationStats(result.document.content);

describe("a compilation text with delegations' positions", () => {
  it("is read on the UN registry with no diagnostic, every attribution placed", () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.recognition.registry).toMatchObject({ name: "un", guessed: true });
    // Dash: PP2, OP4, OP5 (inner), OP6, OP10, OP13; after: PP3 (G77), OP5 (Mexico), OP12 (G77); a tag or none, positions after the
    // bracket: OP8, OP9, OP11 (Switzerland's tag); the paragraph: OP7.
    expect(result.recognition.positions).toEqual({ total: 25, byForm: { tag: 3, dash: 6, after: 3, trail: 1 } });
  });

  it("has the paragraphs and proposals a reader counts", () => {
    // The title line, PP1–PP3 and OP4–OP13; the two section headings.
    expect(stats.paragraphs.total).toBe(14);
    expect(stats.headings.total).toBe(2);
    expect(stats.paragraphs.byStatus).toMatchObject({ open: 12, "agreed-informally": 1, "agreed-ad-referendum": 1 });
    // G77 in PP2, PP3, OP4, OP6, the whole of OP7 and OP12; EU (OP10, OP13); US (OP5, inner), Mexico (OP5, outer), Switzerland (OP11);
    // OP8 and OP9 untagged. Mexico's name after OP11's bracket makes it a supporter, not a sponsor.
    expect(stats.proposals).toEqual({ open: 13, total: 13, byDelegation: { G77: 6, "": 2, EU: 2, CHE: 1, MEX: 1, USA: 1 } });
  });

  it("counts positions by stance and by delegation", () => {
    // delete: US (PP2), EU and US (PP3), Canada and US (OP4), EU, Japan and US (OP6), Canada and Japan (OP7), EU (OP9);
    // retain: Switzerland (OP4), EU (OP8), G77 (OP9), Norway (OP10); reserve: Japan (PP3), Russia (OP8), and as `reservation`
    // Japan (OP12), Canada (OP13); oppose: Russia (OP11), EU (OP12), US (OP13); support: Mexico named alone and Norway (OP11), Norway (OP13).
    expect(stats.positions).toEqual({
      total: 25,
      byStance: { delete: 11, retain: 4, reserve: 4, oppose: 3, support: 3 },
      byDelegation: { EU: 5, USA: 5, JPN: 4, CAN: 3, NOR: 3, RUS: 2, CHE: 1, G77: 1, MEX: 1 },
    });
    const proposals = collectProposals(result.document.content);
    const op9 = proposals.find((p) => p.spans[0]!.text === "under the General Assembly")!;
    expect(op9).toMatchObject({ by: [], positions: "G77:retain EU:delete" });
    expect(proposals.slice(-3).map((p) => `${p.by.join(",")} | ${p.positions}`)).toEqual([
      "CHE | MEX:named NOR:support RUS:oppose",
      "G77 | after EU:oppose JPN:reservation",
      "EU | dash NOR:support USA:oppose CAN:reservation",
    ]);
  });

  it("keeps every citation of the draft byte for byte in the clean text, which shows no position", () => {
    const clean = cleanText(result.document);
    if (!clean.ok) throw new Error(clean.message);
    for (const citation of ["resolution 66/197 of 22 December 2011", "document A/CONF.216/L.1."]) {
      expect(draft).toContain(citation);
      expect(clean.value).toContain(citation);
    }
    // "support" is a word of OP10's own text; Norway states positions only.
    expect(clean.value).not.toMatch(/delete|retain|reserve|oppose|G77|\(Mexico\)|Norway|Switzerland/);
  });

  it("writes the positions back in the marked-up text where the draft had them", () => {
    const markup = markupText(result.document);
    for (const line of draft.split("\n").filter((l) => /^(?:PP|OP)\d/.test(l))) expect(markup).toContain(line);
  });
});
