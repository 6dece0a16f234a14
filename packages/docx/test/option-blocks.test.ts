import { markupDocx } from "@accord/docx";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";

// The marked-up Word file shows option blocks as the marked-up text writes them: each label a paragraph of its own,
// or before the text of its option's first paragraph; the option of no text as its label and how that was written.

const read = (text: string) => {
  const r = importText(text);
  expect(r.diagnostics).toEqual([]);
  return r.document;
};

const draft = `4. Each Party shall prepare a contribution:

Option 1: Each Party shall communicate it every five years.

Option 2:

1. Developed country Parties shall lead.

2. Developing country Parties should continue.

Option 3: {No text required}

5. Each Party shall report.`;

describe("option blocks in the marked-up Word file", () => {
  it("DOCX: the labels are paragraphs of their own and every block keeps its text", async () => {
    const bytes = await markupDocx(read(draft));
    const { unzipSync, strFromU8 } = await import("fflate");
    const xml = strFromU8(unzipSync(bytes)["word/document.xml"]!);
    const texts = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("|");
    for (const words of ["Option 1: ", "Each Party shall communicate it every five years.", "Option 2:", "Developed country Parties shall lead.", "Option 3: {No text required}", "Each Party shall report."]) {
      expect(texts).toContain(words);
    }
  });
});
