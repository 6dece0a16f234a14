import { generateDocument } from "@accord/schema/generate";
import { exportMarkupText, importText } from "@accord/text";
import { importDocx, markupDocx } from "@accord/docx";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeFixtures, FIXTURE_NAMES, readFixture } from "../../../test/support/fixtures.js";
import { meaning } from "./support.js";

// Seeds that once broke the Word round trip, replayed on every run.
const REGRESSION_SEEDS: number[] = [];

/**
 * The invariant: the marked-up Word export read back by importDocx is the
 * same document (ids aside), because the text it reads is exactly the text
 * export's (a Word heading is read as "# heading", which the text export
 * writes only where the line would not read as a heading by itself).
 */
async function checkWordRoundTrip(document: Parameters<typeof markupDocx>[0]): Promise<void> {
  const bytes = await markupDocx(document);
  const read = importDocx(bytes);
  if (!read.ok) throw new Error(read.message);
  const unmarked = (text: string) => text.replace(/^# /gm, "");
  expect(unmarked(read.text)).toBe(unmarked(exportMarkupText(document)));
  expect(meaning(read.document)).toEqual(meaning(document));
}

describe("marked-up Word export read back", () => {
  it("gives the sample draft back", async () => {
    const imported = importText(readFileSync(new URL("../../../examples/draft-resolution.txt", import.meta.url), "utf8"));
    await checkWordRoundTrip(imported.document);
  });

  // The UN examples cite decisions (`decision 1/CP.21`) whose number is also the next footnote's: a citation is never a footnote.
  for (const name of readdirSync(new URL("../../../examples/", import.meta.url)).filter((f) => f.endsWith(".txt"))) {
    it(`gives the example ${name} back`, async () => {
      await checkWordRoundTrip(importText(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8")).document);
    });
  }

  it("keeps a citation whose number is the next footnote's as text, before and after a real footnote 1/", async () => {
    const draft = "1. Recalling decision 1/CP.21 and resolution 1/2, Parties agree 1/ on decision 1/CMA.3.\n\n1/ A real footnote.\n";
    const imported = importText(draft);
    const bytes = await markupDocx(imported.document);
    const read = importDocx(bytes);
    if (!read.ok) throw new Error(read.message);
    expect(read.diagnostics).toEqual([]);
    expect(read.text).toContain("decision 1/CP.21 and resolution 1/2, Parties agree 1/ on decision 1/CMA.3.");
    await checkWordRoundTrip(imported.document);
  });

  for (const seed of REGRESSION_SEEDS) {
    it(`regression seed ${seed}`, async () => {
      await checkWordRoundTrip(generateDocument({ seed, paragraphs: 40, proposals: 100 }));
    });
  }

  it("gives generated documents back: nested proposals, replacements, co-sponsors, footnotes, every status, alternatives (seeded)", async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const document = generateDocument({ seed, paragraphs: 30, proposals: 90 });
      try {
        await checkWordRoundTrip(document);
      } catch (error) {
        console.error(`Word round trip failed for seed ${seed}: add it to REGRESSION_SEEDS`);
        throw error;
      }
    }
  });
});

describeFixtures("marked-up Word export of the shared OAS fixtures read back", () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name}: import(docx(import(x))) = import(x)`, async () => {
      const once = importText(readFixture(name));
      const read = importDocx(await markupDocx(once.document));
      if (!read.ok) throw new Error(read.message);
      expect(meaning(read.document)).toEqual(meaning(once.document));
    });
  }
});
