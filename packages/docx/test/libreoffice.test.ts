import { cleanDocx, markupDocx, revisionsDocx } from "@accord/docx";
import { generateDocument } from "@accord/schema/generate";
import { importText } from "@accord/text";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ARTIFACTS_DIR, pdfPageCount, pngSize } from "../../../test/support/browser.js";
import { convertDocx, describeOffice } from "../../../test/support/office.js";

// Invariant: every Word export opens in LibreOffice and prints, with every page it should have; the first page of
// each is left in artifacts/docx/ (not committed) for a person to look at.
describeOffice("the Word exports open in LibreOffice", () => {
  const sample = importText(readFileSync(new URL("../../../examples/draft-resolution.txt", import.meta.url), "utf8")).document;
  const generated = generateDocument({ seed: 3, paragraphs: 60, proposals: 180 });
  const clean = async () => {
    const result = await cleanDocx(sample, { concordance: true });
    if (!result.ok) throw new Error(result.message);
    return result.value;
  };
  // Each case with words its PDF must show: the text really was laid out, not an empty page.
  const cases: [string, () => Promise<Uint8Array>, readonly string[]][] = [
    ["sample-markup", () => markupDocx(sample), ["Strengthening Hemispheric", "[Uru:", "AGREED", "Page 1 of"]],
    ["sample-revisions", () => revisionsDocx(sample), ["Strengthening Hemispheric", "real-time", "Page 1 of"]],
    ["sample-clean-concordance", clean, ["Strengthening Hemispheric", "Concordance"]],
    ["generated-markup", () => markupDocx(generated), ["CHAPTER 1"]],
    ["generated-revisions", () => revisionsDocx(generated), ["CHAPTER 1"]],
  ];
  for (const [name, make, words] of cases) {
    it(`${name}: converts to PDF headlessly, first page to PNG`, async () => {
      const converted = await convertDocx(await make());
      expect(converted.log).not.toMatch(/error/i);
      for (const word of words) expect(converted.text).toContain(word);
      expect(pdfPageCount(converted.pdf)).toBeGreaterThanOrEqual(name.startsWith("generated") ? 3 : 1);
      expect(pngSize(converted.firstPage).width).toBeGreaterThan(400);
      const dir = join(ARTIFACTS_DIR, "docx");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.png`), converted.firstPage);
      writeFileSync(join(dir, `${name}.pdf`), converted.pdf);
    });
  }
});
