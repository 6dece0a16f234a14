import { collectProposals, negotiationStats, readPositions } from "@accord/schema";
import { exportMarkupText, importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import { firstMissingWord, meaning, wordsOf } from "./support.js";

// A draft may name one delegation several ways in its attributions and
// positions written after or inside a bracket (`(G-77)`, `[now - Group of
// 77; European Union delete]`, `-G77; Canada delete.`); each name is written
// back as it came while it names its delegation (written-tags.ts).

const exported = (x: string, registryName: "un" | "oas" = "un") => exportMarkupText(importText(x, { registryName }).document, { header: false });

/** import(export(import(x))) = import(x), and the export of both is one text. */
function checkStable(x: string, registryName: "un" | "oas" = "un"): void {
  const once = importText(x, { registryName }).document;
  const text = exportMarkupText(once);
  const twice = importText(text, { registryName }).document;
  expect(meaning(twice)).toEqual(meaning(once));
  expect(exportMarkupText(twice)).toBe(text);
}

// Each draft names a delegation otherwise than the document does elsewhere, in every attribution form.
const MIXED: [input: string, registry: "un" | "oas"][] = [
  // After, dash: the proposers and the positions.
  ["1. Parties [G77: shall] report [quickly] (G-77) and [now - Group of 77; European Union, United States delete].", "un"],
  // A support named alone after a bracket with proposers.
  ["1. [G77: a] b [c] (Mexico) [d] (México).", "un"],
  // Positions in parentheses, several names of one stance, a stance spelled `reservation`.
  ["1. [EU: a] [Russia: b] [US: c] [d] (European Union, Russian Federation, United States: delete) (Japan: reservation) [Japan: e] [JPN: f].", "un"],
  ["1. [G77: a] [b] (G77 and China: retain) [c] (G-77: oppose).", "un"],
  // The trail form: proposers and positions after the paragraph.
  ["1. [G77: a] [Canada: b] [Japan: c].\n\n2. More text -G-77; CANADA, Japan delete.", "un"],
  ["1. [G77: a] [EU: b].\n\n2. More text -Group of 77; European Union reserve.", "un"],
  // The dash form with positions alone, on a bracket with no proposer.
  ["1. [US: a] [financial - United States, Russian Federation delete] [Russia: b].", "un"],
  // Several proposers in the after, dash and trail forms, names with digits and slashes among them.
  ["1. [G77: a] [Mexico: m] [x] (G-77, México) [y] (G77/China, Mexico: delete).", "un"],
  ["1. [G77: a] [EU: e] [financial - G77/China, Mexico; European Union delete] b.", "un"],
  ["1. [G77: a] [Mexico: m] b -G-77, México; European Union delete.", "un"],
  // The OAS registry, a proposer after the bracket and a supporter named alone.
  ["1. [Uru: a] [Mex: b] [text] (Uruguay) (Mexico) (Arg: oppose) [Argentina: c].", "oas"],
];

describe("names spelled several ways in attributions and positions", () => {
  // Invariant: the marked-up export is the input, every word of it in order, each name as it came; read again, it is the same document.
  for (const [input, registry] of MIXED) {
    it(`writes back ${JSON.stringify(input)} as it came`, () => {
      const output = exported(input, registry);
      expect(output).toBe(`${input}\n`);
      expect(firstMissingWord(wordsOf(input), wordsOf(output))).toBe(-1);
      checkStable(input, registry);
    });
  }

  // Invariant: a name as written is kept in the position's entry only where it differs from the document's spelling.
  it("keeps a name in the positions attribute only where the document spells it otherwise", () => {
    const { document } = importText("1. [EU: a] [Russia: r] [b] (European Union, Russian Federation, US: delete).", { registryName: "un" });
    const b = collectProposals(document.content).find((p) => p.spans[0]!.text === "b")!;
    expect(readPositions(b.positions).positions).toEqual([
      { delegation: "EU", stance: "delete", written: "European Union" },
      { delegation: "RUS", stance: "delete", written: "Russian Federation" },
      { delegation: "USA", stance: "delete" },
    ]);
  });

  // Invariant: keeping the names changes nothing a reader counts: stats and diagnostics are those of the draft named one way.
  it("leaves stats and diagnostics as they are with one spelling", () => {
    for (const [mixed, uniform, registryName] of [
      [
        "1. Parties [G77: shall] report [quickly] (G-77) and [now - Group of 77; European Union, United States delete] [EU: x] [US: y].",
        "1. Parties [G77: shall] report [quickly] (G77) and [now - G77; EU, US delete] [EU: x] [US: y].",
        "un",
      ],
      ["1. [G77: a] b [c] (Mexico) [d] (México).", "1. [G77: a] b [c] (Mexico) [d] (Mexico).", "un"],
      ["1. [G77: a] [Canada: b] [Japan: c].\n\n2. More text -G-77; CANADA, Japan delete.", "1. [G77: a] [Canada: b] [Japan: c].\n\n2. More text -G77; Canada, Japan delete.", "un"],
      ["1. [Uru: a] [Mex: b] [text] (Uruguay) (Mexico) (Arg: oppose) [Argentina: c].", "1. [Uru: a] [Mex: b] [text] (Uru) (Mex) (Arg: oppose) [Arg: c].", "oas"],
    ] as const) {
      const a = importText(mixed, { registryName });
      const b = importText(uniform, { registryName });
      expect(negotiationStats(a.document.content)).toEqual(negotiationStats(b.document.content));
      expect(a.diagnostics).toEqual(b.diagnostics);
    }
  });

  // Invariant: a name as written is never written once it names another delegation than its position's: the document's spelling is.
  it("falls back to the document's spelling when the name no longer names the delegation", () => {
    const { document } = importText("1. [EU: a] [US: b] [c] (European Union, United States: delete).", { registryName: "un" });
    const c = collectProposals(document.content).find((p) => p.spans[0]!.text === "c")!;
    const json = document.content.toJSON() as { content: { content?: { marks?: { type: string; attrs: Record<string, unknown> }[] }[] }[] };
    for (const block of json.content) for (const child of block.content ?? []) for (const mark of child.marks ?? []) {
      if (mark.type === "proposal" && mark.attrs.id === c.id) mark.attrs = { ...mark.attrs, positions: "EU:delete:United%20States USA:delete:European%20Union" };
    }
    const lying = document.withContent(document.content.type.schema.nodeFromJSON(json));
    expect(exportMarkupText(lying, { header: false })).toBe("1. [EU: a] [US: b] [c] (EU, US: delete).\n");
  });
});
