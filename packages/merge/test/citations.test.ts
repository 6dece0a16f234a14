import { cleanText, markupText } from "@accord/merge";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";

const SYMBOLS = ["decision 2/CMA.3", "1/CP.17", "3/CMP.1", "resolution 70/1", "45/264", "A/RES/75/1", "1/CP.19"];

describe("citations in the clean and marked-up versions", () => {
  // Invariant: a decision or resolution symbol in base text is never altered by the clean version (not joined, not renumbered),
  // and a bracket around one stays one bracket in the marked-up version.
  it("keeps every symbol byte for byte", () => {
    const draft = `1. Recalling ${SYMBOLS.join(", ")} and [decision 4/CP.21] 1/,\n\n2. Noting decision 1/CP.19 and 3/CP.19.\n\n1/ A real footnote.\n`;
    const imported = importText(draft);
    expect(imported.diagnostics).toEqual([]);
    const clean = cleanText(imported.document);
    if (!clean.ok) throw new Error(clean.message);
    expect(clean.value).toBe(
      `1. Recalling ${SYMBOLS.join(", ")} and [decision 4/CP.21] 1/,\n\n2. Noting decision 1/CP.19 and 3/CP.19.\n\n1/ A real footnote.\n`,
    );
    const markup = markupText(imported.document);
    expect(markup).toContain("[decision 4/CP.21]");
    for (const symbol of [...SYMBOLS, "3/CP.19"]) expect(markup).toContain(symbol);
  });
});
