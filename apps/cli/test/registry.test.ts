import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocumentJSON } from "@accord/schema";
import { expectOneErrorLine, root, workspace, type Workspace } from "./support.js";

// `--registry` and what `accord stats` says it recognised, on the UN drafts in examples/ (counts checked by reading them).

let ws: Workspace;
const accord = (...args: string[]) => ws.accord(...args);
const GA = join(root, "examples/un-general-assembly-draft.txt");
const UNFCCC = join(root, "examples/unfccc-draft-decision.txt");

beforeAll(async () => {
  ws = await workspace();
});

afterAll(async () => {
  await ws.remove();
});

describe("accord stats on UN drafts", () => {
  it("says the registry it guessed and from what, and what it recognised", async () => {
    const outcome = await accord("stats", GA, "--json");
    expect(outcome.code).toBe(0);
    const report = JSON.parse(outcome.stdout) as Record<string, unknown>;
    expect(report.registry).toEqual({ name: "un", guessed: true, evidence: ["G77", "EU", "Russia", "China", "AOSIS", "(Agreed)", "[Agreed ad ref]", "(Agreed, placement tbd)"] });
    expect(report.recognised).toEqual({
      statuses: { "(Agreed)": 2, "[Agreed ad ref]": 1, "(Agreed, placement tbd)": 1, "agreed ad ref.": 1, "(Agreed subject to …)": 1 },
      labels: { PP: 4, OP: 5 },
      headings: {},
      attributions: { total: 7, byDelegation: { G77: 2, EU: 1, USA: 2, RUS: 1, CHN: 1, AOSIS: 1 } },
      citations: 4,
      // OP1's [G77: scale up][US: consider scaling up].
      choices: { adjacent: 1, slash: 0 },
      positions: { total: 0, byForm: { tag: 0, dash: 0, after: 0, trail: 0 } },
      guesses: [{ line: 11, column: 1, message: "preambular paragraph by its opening verb ‘Welcoming the’" }],
      // Typed one paragraph per line: nothing read as wrapped.
      pdf: { joinedLines: 0, dehyphenated: 0, keptHyphens: 0, splitParagraphs: 0, pageFurniture: 0 },
      optionGroups: { total: 0, open: 0, chosen: 0, options: 0, noText: 0, nested: 0 },
      spans: { total: 0, paragraphs: 0 },
    });
    expect(report.diagnostics).toEqual([]);
    // The group counts once among the proposals, and is counted as a choice, open.
    expect(report.choices).toEqual({ total: 1, open: 1, chosen: 0 });
  });

  it("counts a bracket spanning paragraphs once, and says how many paragraphs such brackets run through", async () => {
    const example = join(root, "examples/unfccc-spanning-brackets.txt");
    const report = JSON.parse((await accord("stats", example, "--json")).stdout) as { proposals: { total: number }; recognised: { spans: unknown } };
    // Counted in the file (see packages/text/test/spans.test.ts): three spans, over 3, 2 and 3 paragraphs, among five proposals.
    expect(report.recognised.spans).toEqual({ total: 3, paragraphs: 8 });
    expect(report.proposals.total).toBe(5);
    expect((await accord("stats", example)).stdout).toContain("Brackets spanning paragraphs: 3 over 8 paragraphs, each counted once above");
  });

  it("says what it read as text from a PDF: lines joined, furniture removed, each a guess with its line", async () => {
    const outcome = await accord("stats", join(root, "examples/pdf-wrapped-draft.txt"), "--json");
    expect(outcome.code).toBe(0);
    const report = JSON.parse(outcome.stdout) as { paragraphs: { total: number }; recognised: { pdf: unknown; citations: number; guesses: { line: number; message: string }[] } };
    // Counted in the file (see packages/text/test/pdf-wrapped.test.ts): 26 line breaks in 12 paragraphs, 9 lines of
    // headers, footers and page numbers; the two symbols in the text are citations, the three headers are not.
    expect(report.paragraphs.total).toBe(17);
    expect(report.recognised.pdf).toEqual({ joinedLines: 26, dehyphenated: 2, keptHyphens: 2, splitParagraphs: 2, pageFurniture: 9 });
    expect(report.recognised.citations).toBe(2);
    expect(report.recognised.guesses.filter((g) => g.message.includes("page furniture")).map((g) => g.line)).toEqual([1, 2, 35]);
    const text = await accord("stats", join(root, "examples/pdf-wrapped-draft.txt"));
    expect(text.stdout).toContain("wrapped text  26 line breaks joined (2 de-hyphenated, 2 keeping the hyphen), 2 paragraphs split off, 9 lines of page furniture removed");
  });

  it("prints the registry, the recognised conventions and each guess for people", async () => {
    const outcome = await accord("stats", UNFCCC);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain("Registry: UN: 193 member states, 2 observer states, the EU and the negotiating groups — guessed from EU, LMDC");
    expect(outcome.stdout).toContain("  labels        1. 1, 2bis 1, 3.3 2, (a) 2, (i) 1\n");
    expect(outcome.stdout).toContain("  citations     3, kept as text\n");
    expect(outcome.stdout).toContain("Guesses: 2\n");
    // [shall][should] in 1 and [EU: may][LMDC: shall] in 2.bis.
    expect(outcome.stdout).toContain("Choices among alternatives: 2 (2 open, 0 chosen), each counted once above\n");
    expect(outcome.stdout).toContain(`${UNFCCC}:25:1: ‘I. Modalities’ is read as a section heading`);
  });

  it("reads with the registry --registry names, and refuses another", async () => {
    const oas = JSON.parse((await accord("stats", GA, "--json", "--registry", "oas")).stdout) as {
      registry: unknown;
      diagnostics: { message: string }[];
    };
    expect(oas.registry).toEqual({ name: "oas", guessed: false, evidence: [] });
    // G77, EU, AOSIS and Russia are not OAS member states: each kept as a delegation of its own, and said.
    expect(oas.diagnostics.map((d) => d.message).filter((m) => m.startsWith("unknown delegation tag"))).toHaveLength(4);
    const wrong = await accord("stats", GA, "--registry", "eu");
    expect(wrong.code).toBe(2);
    expectOneErrorLine(wrong, /unknown registry 'eu': use oas or un/);
  });

  it("imports on the guessed registry, says so, and the document keeps it", async () => {
    const outcome = await accord("import", GA, "-o", "ga.json");
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toContain("read with the UN registry, guessed from G77, EU");
    const parsed = parseDocumentJSON(await readFile(join(ws.dir, "ga.json"), "utf8"));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.value.registry.get("AOSIS")?.name).toBe("Alliance of Small Island States");
    const again = JSON.parse((await accord("stats", "ga.json", "--json")).stdout) as { registry: unknown; recognised: unknown };
    expect(again).toMatchObject({ registry: { name: "un", guessed: false, evidence: [] }, recognised: null });
  });
});
