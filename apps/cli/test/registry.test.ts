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
      guesses: [{ line: 11, column: 1, message: "preambular paragraph by its opening verb ‘Welcoming the’" }],
    });
    expect(report.diagnostics).toEqual([]);
  });

  it("prints the registry, the recognised conventions and each guess for people", async () => {
    const outcome = await accord("stats", UNFCCC);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain("Registry: UN: 193 member states, 2 observer states, the EU and the negotiating groups — guessed from EU, LMDC");
    expect(outcome.stdout).toContain("  labels        1. 1, 2bis 1, 3.3 2, (a) 2, (i) 1\n");
    expect(outcome.stdout).toContain("  citations     3, kept as text\n");
    expect(outcome.stdout).toContain("Guesses: 2\n");
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
