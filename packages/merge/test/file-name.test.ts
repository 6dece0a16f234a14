import { exportFileName, type ExportKind } from "@accord/merge";
import { EMPTY_META } from "@accord/schema";
import { describe, expect, it } from "vitest";

const meta = { ...EMPTY_META, symbol: "CP/CSH-2301/26 rev. 2", revision: "rev. 2", date: "2026-11-20" };

/** Every export the page and the API offer. */
const KINDS: ExportKind[] = [
  { version: "clean", format: "txt" },
  { version: "clean", format: "html" },
  { version: "clean", format: "html", concordance: true },
  { version: "clean", format: "txt", concordance: true },
  { version: "clean", format: "txt", final: true },
  { version: "clean", format: "html", final: true, concordance: true },
  { version: "markup", format: "txt" },
  { version: "markup", format: "html" },
  { version: "markup", format: "txt", delegation: "URY" },
  { version: "markup", format: "html", delegation: "URY" },
  { version: "markup", format: "akn" },
];

// Invariant: every export has its own file name, saying the symbol, the
// revision, the version and the day, in characters every file system takes.
describe("exportFileName", () => {
  it("names each export distinctly and descriptively", () => {
    const names = KINDS.map((kind) => exportFileName(meta, "demo", kind, "2026-11-25"));
    expect(new Set(names).size).toBe(KINDS.length);
    expect(names.slice(0, 3)).toEqual([
      "CP-CSH-2301-26-rev-2_clean_2026-11-25.txt",
      "CP-CSH-2301-26-rev-2_clean_2026-11-25.html",
      "CP-CSH-2301-26-rev-2_clean-concordance_2026-11-25.html",
    ]);
    expect(names[8]).toBe("CP-CSH-2301-26-rev-2_markup-URY_2026-11-25.txt");
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it("adds the revision when the symbol lacks it, and falls back on the document id", () => {
    expect(exportFileName({ ...meta, symbol: "CSH/GT/DSS-12/12" }, "demo", KINDS[4]!, "2012-04-19")).toBe("CSH-GT-DSS-12-12-rev-2_final_2012-04-19.txt");
    expect(exportFileName(EMPTY_META, "plan-2026", KINDS[0]!, "2026-11-25")).toBe("plan-2026_clean_2026-11-25.txt");
    expect(exportFileName({ ...EMPTY_META, symbol: "Año/Ç 1" }, "x", KINDS[0]!, "2026-11-25")).toBe("Ano-C-1_clean_2026-11-25.txt");
  });

  it("throws on a malformed day (a caller's bug)", () => {
    expect(() => exportFileName(meta, "demo", KINDS[0]!, "25/11/2026")).toThrow(RangeError);
  });
});
