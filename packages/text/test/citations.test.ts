import { collectProposals } from "@accord/schema";
import { exportMarkupText, importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import { checkRoundTrip, meaning } from "./support.js";

/** Footnote nodes of a document, in order. */
function footnotes(result: ReturnType<typeof importText>): string[] {
  const out: string[] = [];
  result.document.content.descendants((node) => {
    if (node.type.name === "footnote") out.push(node.attrs.text as string);
  });
  return out;
}

const CITATIONS = ["decision 2/CMA.3", "1/CP.17", "3/CMP.1", "resolution 70/1", "45/264", "A/RES/75/1", "decision 1/ CP.19", "A/CONF.216/L.1"];

describe("decision and resolution symbols are citations", () => {
  it("may open a preambular paragraph after its verb in capitals, as a bracket may: the paragraph is still preambular", () => {
    const result = importText("RECALLING A/RES/75/1 on the 2030 Agenda,\n\nRECALLING 45/264 and decision 1/CP.21,\n\nWELCOMING [Uru: the] report,\n\nTAKING NOTE of 3/CMP.1,\n");
    expect(result.diagnostics).toEqual([]);
    const kinds: unknown[] = [];
    result.document.content.forEach((block) => kinds.push(block.attrs.kind));
    expect(kinds).toEqual(["preambular", "preambular", "preambular", "preambular"]);
    checkRoundTrip(result.document);
  });

  // Invariant: a symbol is text, byte for byte, in the model and in the marked-up export; it is never a footnote and never a diagnostic.
  it("keeps every symbol as text, with no footnote and no diagnostic", () => {
    const text = `1. Recalling ${CITATIONS.join(", ")} and [decision 4/CP.21],\n`;
    const result = importText(text);
    expect(result.diagnostics).toEqual([]);
    expect(footnotes(result)).toEqual([]);
    expect(result.document.content.textContent).toBe(`Recalling ${CITATIONS.join(", ")} and decision 4/CP.21,`);
    const markup = checkRoundTrip(result.document);
    for (const symbol of CITATIONS) expect(markup).toContain(symbol);
    // The bracket around a symbol stays one bracket.
    expect(markup).toContain("[decision 4/CP.21]");
    expect(collectProposals(result.document.content).map((p) => p.spans.map((s) => s.text))).toEqual([["decision 4/CP.21"]]);
  });

  it("takes N/ for a footnote only where the footnote's text exists", () => {
    const result = importText("1. Parties shall report 1/ and recall 1/CP.17 and 2/CMA.3.\n\n1/ A real footnote.\n");
    expect(result.diagnostics).toEqual([]);
    expect(footnotes(result)).toEqual(["A real footnote."]);
    expect(result.document.content.textContent).toBe("Parties shall report and recall 1/CP.17 and 2/CMA.3.");
    // The export numbers footnotes by first use: the symbols keep their numbers.
    expect(exportMarkupText(result.document, { header: false })).toBe("1. Parties shall report 1/ and recall 1/CP.17 and 2/CMA.3.\n\n1/ A real footnote.\n");
  });

  it("keeps a reference with no footnote text as written, its space and its bracket included, and says so", () => {
    const result = importText("1. Parties [shall report 3/ by 2030] here.\n");
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 26, "footnote reference ‘3/’ has no footnote 3 in the text; it is kept as written"],
    ]);
    expect(result.document.content.textContent).toBe("Parties shall report 3/ by 2030 here.");
    expect(collectProposals(result.document.content).map((p) => p.spans.map((s) => s.text))).toEqual([["shall report 3/ by 2030"]]);
    expect(exportMarkupText(result.document, { header: false })).toBe("1. Parties [shall report 3\\/ by 2030] here.\n");
    checkRoundTrip(result.document);
  });

  it("still reads OAS references: attached, IDEM, after a marker", () => {
    const result = importText("1. To act1/ now.\n\n2. To act 1/IDEM again. AGREED AD REFERENDUM2/ IDEM\n\n1/ Ecuador reserves its position.\n2/ Pending consultations.\n");
    expect(result.diagnostics).toEqual([]);
    expect(footnotes(result)).toEqual(["Ecuador reserves its position.", "Ecuador reserves its position."]);
    checkRoundTrip(result.document);
  });
});

describe("a stray bracket alone in a paragraph", () => {
  // Invariant: escapes do not grow with round trips; import(export(import(x))) = import(x).
  for (const line of ["]", "[", "\\]", "\\\\]", "] ]", "\\"]) {
    it(`‘${line}’ reads back the same after export, twice`, () => {
      const once = importText(`${line}\n`);
      const text = exportMarkupText(once.document);
      const twice = importText(text);
      expect(meaning(twice.document)).toEqual(meaning(once.document));
      expect(exportMarkupText(twice.document)).toBe(text);
    });
  }
});
