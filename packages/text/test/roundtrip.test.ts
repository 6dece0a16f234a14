import { canonicalContent, collectProposals, DATE_STYLES, negotiationStats } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { exportMarkupText, importText } from "@accord/text";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRoundTrip, meaning } from "./support.js";

// Seeds that once broke the round trip are kept here and replayed on every run.
const REGRESSION_SEEDS: number[] = [];

describe("round trip over generated documents", () => {
  it("the generator covers what the format must carry", () => {
    const document = generateDocument({ seed: 7, paragraphs: 200, proposals: 500 });
    const stats = negotiationStats(document.content);
    const proposals = collectProposals(document.content);
    const json = JSON.stringify(canonicalContent(document.content));
    expect(Object.values(stats.paragraphs.byStatus).every((n) => n > 0)).toBe(true);
    expect(proposals.some((p) => p.spans.some((s) => s.op === "delete") && p.spans.some((s) => s.op === "insert"))).toBe(true);
    expect(proposals.some((p) => p.by.length > 1)).toBe(true);
    expect(proposals.some((p) => p.note)).toBe(true);
    expect(new Set(proposals.map((p) => p.state)).size).toBe(4);
    expect(json).toContain('"alternativeTo":"p');
    expect(json).toContain('"kind":"reservation"');
    expect(json).toContain('"proposedBy":["WG"]');
    // Nested: some text carries two proposal marks.
    let nested = false;
    document.content.descendants((node) => {
      if (node.marks.filter((m) => m.type.name === "proposal").length > 1) nested = true;
    });
    expect(nested).toBe(true);
  });

  for (const seed of REGRESSION_SEEDS) {
    it(`regression seed ${seed}`, () => {
      checkRoundTrip(generateDocument({ seed, paragraphs: 40, proposals: 100 }));
    });
  }

  it("import(export(d)) means d, and the text is stable (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 40 }), fc.constantFrom(...DATE_STYLES), (seed, paragraphs, dateStyle) => {
        // In every date style: the style reads back as set, and so does every date written in it.
        const document = generateDocument({ seed, paragraphs, proposals: paragraphs * 3 }).withMeta({ dateStyle });
        try {
          checkRoundTrip(document);
        } catch (error) {
          console.error(`round trip failed for seed ${seed}, ${paragraphs} paragraphs, date style ${dateStyle}: add it to REGRESSION_SEEDS`);
          throw error;
        }
      }),
      { numRuns: 150 },
    );
  });

  it("import(export(import(x))) equals import(x) for the export of generated documents", () => {
    for (let seed = 1000; seed < 1020; seed++) {
      const x = exportMarkupText(generateDocument({ seed, paragraphs: 30, proposals: 80 }));
      const once = importText(x);
      const twice = importText(exportMarkupText(once.document));
      expect(meaning(twice.document)).toEqual(meaning(once.document));
      expect(once.diagnostics).toEqual([]);
    }
  });
});
