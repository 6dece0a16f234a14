import { generateDocument } from "@accord/schema/generate";
import { exportMarkupText, importText } from "@accord/text";
import { importDocx, markupDocx } from "@accord/docx";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitHeader } from "../src/write/markup.js";
import { meaning } from "./support.js";

// The marked-up Word export exports the text once and cuts the header off it, where it used to export it twice
// (with and without the header): the cut must give what the second export gave, with a header and without one.

const sample = () => importText(readFileSync(new URL("../../../examples/draft-resolution.txt", import.meta.url), "utf8")).document;
/** A draft with no metadata, no headings and the default registry and date style: its export has no header. */
const headerless = () => importText("1. To urge [Bra: all] member states to act ~~now~~ 1/.\n\n2. To decide [to remain seized of the matter].\n\n1/ A note.\n").document;

describe("the text export's header, cut off the text", () => {
  const cases = [
    ["the sample draft", sample],
    ["a generated document", () => generateDocument({ seed: 3, paragraphs: 30, proposals: 90 })],
    ["a draft without header", headerless],
  ] as const;
  for (const [name, make] of cases) {
    it(`is what the export without header leaves out: ${name}`, () => {
      const document = make();
      const full = exportMarkupText(document);
      const body = exportMarkupText(document, { header: false });
      expect(splitHeader(full)).toEqual({ header: full.slice(0, full.length - body.length), body });
    });
  }

  it("is empty for a draft without header, whose Word export reads back the same", async () => {
    const document = headerless();
    expect(splitHeader(exportMarkupText(document)).header).toBe("");
    const read = importDocx(await markupDocx(document));
    if (!read.ok) throw new Error(read.message);
    expect(read.text).toBe(exportMarkupText(document));
    expect(meaning(read.document)).toEqual(meaning(document));
  });

  it("is the metadata, `---` and the blank line after it for the sample draft", () => {
    const { header, body } = splitHeader(exportMarkupText(sample()));
    expect(header).toMatch(/^Title: Strengthening Hemispheric Cooperation[^]*\n---\n\n$/);
    expect(body.startsWith("DRAFT RESOLUTION")).toBe(true);
  });
});
