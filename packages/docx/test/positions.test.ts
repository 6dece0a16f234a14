import { collectProposals } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { exportMarkupText, importText } from "@accord/text";
import { importDocx, markupDocx } from "@accord/docx";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { meaning } from "./support.js";

// The marked-up Word version shows delegations' positions as the marked-up
// text writes them, and reads back to the same document.

async function readBack(document: Parameters<typeof markupDocx>[0]) {
  const read = importDocx(await markupDocx(document));
  if (!read.ok) throw new Error(read.message);
  expect(read.text.replace(/^# /gm, "")).toBe(exportMarkupText(document).replace(/^# /gm, ""));
  expect(meaning(read.document)).toEqual(meaning(document));
  return read;
}

describe("positions in the marked-up Word version", () => {
  it("keeps the example compilation text's positions where they were written", async () => {
    const document = importText(readFileSync(new URL("../../../examples/un-positions-draft.txt", import.meta.url), "utf8")).document;
    const read = await readBack(document);
    expect(read.text).toContain("[new, additional and predictable financial resources - G77; EU, Japan, US delete]");
    expect(read.text).toContain("[the role of the Global Environment Facility] (EU: retain) (Russia: reserve)");
    expect(collectProposals(read.document.content).map((p) => p.positions)).toEqual(collectProposals(document.content).map((p) => p.positions));
  });

  it("reads generated documents with positions in every form back (seeded)", async () => {
    for (let seed = 1; seed <= 4; seed++) await readBack(generateDocument({ seed, paragraphs: 20, proposals: 60, positions: true }));
  });
});
