import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { negotiationStats, parseDocumentJSON } from "@accord/schema";
import { importText } from "@accord/text";
import { expectOneErrorLine, workspace, type Workspace } from "./support.js";

// These tests run the built CLI as a real subprocess, the way people and
// scripts call it: `node apps/cli/dist/main.js …` in a temporary directory.

let ws: Workspace;
const accord = (...args: string[]) => ws.accord(...args);
const draft = (name: string, content: string | Uint8Array) => ws.write(name, content);

// Small drafts in the negotiation convention.
const AGREED = "1. To ensure [Uru: a] crosscutting [Barb: and age perspectives] perspective. AGREED INF 04/19/12\n";

const RESOLUTION = [
  "CHAPTER I – PURPOSE",
  "",
  "1. To ensure [Uru: a] crosscutting [Barb: and age perspectives] perspective. AGREED INF 04/19/12",
  "",
  "2. Promote [Arg, Bra: joint] action on [~~old~~ new] text [Col: today] (accepted).",
  "",
  "3. Strengthen cooperation among member states. DELETED AD REFERENDUM 03/22/12",
  "",
  "4. Adopt the plan. APPROVED 10/31/13",
  "",
].join("\n");

// Line 3, column 17: the `]` after "stuff" closes no bracket.
const STRAY = ["1. To ensure [Uru: a] perspective.", "", "2. Promote stuff] and [Arg: more] action.", ""].join("\n");

beforeAll(async () => {
  // Built once under a lock: the other CLI test files may be building too.
  ws = await workspace();
}, 200_000);

afterAll(async () => ws?.remove());

describe("accord import", () => {
  it("writes a pretty JSON document that parseDocumentJSON accepts", async () => {
    const input = await draft("agreed.txt", AGREED);
    const outcome = await accord("import", input, "-o", "agreed.json");
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr).toMatch(/0 diagnostics/);

    const text = await readFile(ws.path("agreed.json"), "utf8");
    expect(text.startsWith('{\n  "format": "accord-document",\n')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    const parsed = parseDocumentJSON(text);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.value.eq(importText(AGREED).document)).toBe(true);
    expect(negotiationStats(parsed.value.content).paragraphs.byStatus["agreed-informally"]).toBe(1);
  });

  it("prints diagnostics as file:line:col: message, says how many, and still succeeds", async () => {
    const input = await draft("stray.txt", STRAY);
    const outcome = await accord("import", input, "-o", "stray.json");
    expect(outcome.code).toBe(0);
    const lines = outcome.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("stray.txt:3:17: ‘]’ closes no bracket; it is kept as text");
    expect(lines.at(-1)).toMatch(/1 diagnostic\b/);
    expect(parseDocumentJSON(await readFile(ws.path("stray.json"), "utf8")).ok).toBe(true);
  });

  it("writes to stdout with -o -", async () => {
    const input = await draft("agreed-stdout.txt", AGREED);
    const outcome = await accord("import", input, "-o", "-");
    expect(outcome.code).toBe(0);
    expect(parseDocumentJSON(outcome.stdout).ok).toBe(true);
  });

  it("refuses to write over its input, before doing anything", async () => {
    const input = await draft("self.txt", AGREED);
    const outcome = await accord("import", input, "-o", input);
    expect(outcome.code).toBe(1);
    expectOneErrorLine(outcome, /refusing to write over the input file self\.txt/);
    expect(await readFile(ws.path(input), "utf8")).toBe(AGREED);
  });
});

describe("accord export", () => {
  it("gives the same markup text for a draft and for its imported document", async () => {
    const input = await draft("resolution.txt", RESOLUTION);
    expect((await accord("import", input, "-o", "resolution.json")).code).toBe(0);

    const fromText = await accord("export", input, "--version", "markup", "--format", "txt");
    const fromJson = await accord("export", "resolution.json", "--version", "markup", "--format", "txt");
    expect(fromText.code).toBe(0);
    expect(fromJson.code).toBe(0);
    expect(fromJson.stderr).toBe("");
    expect(fromText.stdout).toBe(fromJson.stdout);
    expect(fromText.stdout).toContain("[Uru: a] crosscutting [Barb: and age perspectives] perspective. AGREED INF 04/19/12");
    expect(fromText.stdout).toContain("DELETED AD REFERENDUM 03/22/12");

    // Importing the export gives the same document again.
    const again = importText(fromJson.stdout);
    expect(again.diagnostics).toEqual([]);
    expect(negotiationStats(again.document.content)).toEqual(negotiationStats(importText(RESOLUTION).document.content));
  });

  it("writes to a file with -o, the same text as on stdout", async () => {
    const input = await draft("agreed-export.txt", AGREED);
    const toFile = await accord("export", input, "--version", "markup", "--format", "txt", "-o", "out.txt");
    expect(toFile.code).toBe(0);
    expect(toFile.stdout).toBe("");
    const toStdout = await accord("export", input, "--version", "markup", "--format", "txt");
    expect(await readFile(ws.path("out.txt"), "utf8")).toBe(toStdout.stdout);
  });

  it("prints a text input's diagnostics on stderr and the text on stdout", async () => {
    const input = await draft("stray-export.txt", STRAY);
    const outcome = await accord("export", input, "--version", "markup", "--format", "txt");
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toContain("stray-export.txt:3:17: ‘]’ closes no bracket");
    expect(outcome.stdout).toContain("2. Promote stuff");
  });

  it("names the supported values of --version and --format", async () => {
    const input = await draft("agreed-versions.txt", AGREED);
    const word = await accord("export", input, "--version", "word", "--format", "txt");
    expect(word.code).toBe(2);
    expectOneErrorLine(word, /^accord: unsupported --version 'word' \(supported: clean, markup, revisions\)$/);

    const odt = await accord("export", input, "--version", "markup", "--format", "odt");
    expect(odt.code).toBe(2);
    expectOneErrorLine(odt, /^accord: unsupported --format 'odt' \(supported: txt, html, docx, pdf, akn\)$/);

    const missing = await accord("export", input, "--format", "txt");
    expect(missing.code).toBe(2);
    expectOneErrorLine(missing, /export needs --version \(supported: clean, markup, revisions\)/);
  });
});

describe("accord stats", () => {
  it("prints the documented JSON shape with the counts of the draft", async () => {
    const input = await draft("stats.txt", RESOLUTION);
    const outcome = await accord("stats", input, "--json");
    expect(outcome.code).toBe(0);
    expect(outcome.stdout.endsWith("}\n")).toBe(true);
    expect(outcome.stdout.trimEnd()).not.toContain("\n");

    const report = JSON.parse(outcome.stdout) as Record<string, unknown>;
    expect(report).toEqual({
      paragraphs: {
        total: 4,
        byStatus: {
          open: 1,
          "agreed-informally": 1,
          "agreed-ad-referendum": 0,
          approved: 1,
          "deleted-informally": 0,
          "deleted-ad-referendum": 1,
        },
      },
      headings: { total: 1 },
      notes: { total: 0 },
      // Uru, Barb, the co-sponsored Arg+Bra (once each) and the untagged
      // replacement are open; Col's is accepted, so only in `total`.
      proposals: { open: 4, byDelegation: { URY: 1, BRB: 1, ARG: 1, BRA: 1, "": 1 }, total: 5 },
      // No alternatives written side by side in this draft.
      choices: { total: 0, open: 0, chosen: 0 },
      // An OAS draft states no positions after its brackets.
      positions: { total: 0, byStance: { delete: 0, retain: 0, reserve: 0, oppose: 0, support: 0 }, byDelegation: {} },
      // Nor option blocks (`Option 1:` …).
      optionGroups: { total: 0, open: 0, chosen: 0, options: 0, noText: 0, nested: 0 },
      diagnostics: [],
      // Nothing in this draft names a delegation only the UN's registry has: the OAS's, guessed.
      registry: { name: "oas", guessed: true, evidence: [] },
      recognised: expect.objectContaining({ citations: 0, guesses: [] }) as unknown,
    });
  });

  it("gives the same counts for the imported JSON document", async () => {
    const input = await draft("stats-json.txt", RESOLUTION);
    expect((await accord("import", input, "-o", "stats-json.json")).code).toBe(0);
    const fromText = JSON.parse((await accord("stats", input, "--json")).stdout) as object;
    const fromJson = JSON.parse((await accord("stats", "stats-json.json", "--json")).stdout) as Record<string, unknown>;
    // What the text's import recognised is the text's; the document says only its registry, no longer guessed.
    const { registry, recognised, ...counts } = fromJson;
    expect(registry).toEqual({ name: "oas", guessed: false, evidence: [] });
    expect(recognised).toBeNull();
    const { registry: _guessed, recognised: _found, ...textCounts } = fromText as Record<string, unknown>;
    expect(counts).toEqual(textCounts);
  });

  it("lists diagnostics with line, column, message and excerpt", async () => {
    const input = await draft("stats-stray.txt", STRAY);
    const outcome = await accord("stats", input, "--json");
    expect(outcome.code).toBe(0);
    const report = JSON.parse(outcome.stdout) as { diagnostics: unknown[]; proposals: { byDelegation: object } };
    expect(report.diagnostics).toEqual([
      {
        line: 3,
        column: 17,
        message: "‘]’ closes no bracket; it is kept as text",
        excerpt: expect.stringContaining("Promote stuff]") as unknown,
      },
    ]);
    expect(report.proposals.byDelegation).toEqual({ URY: 1, ARG: 1 });
  });

  it("prints a readable summary with delegation names and file:line:col diagnostics", async () => {
    const input = await draft("summary.txt", STRAY);
    const outcome = await accord("stats", input);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/agreed ad referendum\s+0/);
    expect(outcome.stdout).toMatch(/open\s+2/);
    expect(outcome.stdout).toMatch(/Uruguay \(URY\)\s+1/);
    expect(outcome.stdout).toMatch(/Argentina \(ARG\)\s+1/);
    expect(outcome.stdout).toContain("summary.txt:3:17: ‘]’ closes no bracket; it is kept as text");
  });
});

describe("mistakes", () => {
  it("refuses a binary file: exit 1, one line saying it is not text", async () => {
    const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const png = await draft("picture.txt", bytes);
    const outcome = await accord("import", png, "-o", "picture.json");
    expect(outcome.code).toBe(1);
    expectOneErrorLine(outcome, /^accord: picture\.txt: .*not a text file/);
    expect(existsSync(ws.path("picture.json"))).toBe(false);

    const asJson = await draft("picture.json", bytes);
    const stats = await accord("stats", asJson);
    expect(stats.code).toBe(1);
    expectOneErrorLine(stats, /not a text file/);
  });

  it("refuses a file that is not UTF-8, saying so", async () => {
    const latin1 = await draft("latin1.txt", Uint8Array.from([...Buffer.from("1. Caf"), 0xe9, 0x0a]));
    const outcome = await accord("stats", latin1);
    expect(outcome.code).toBe(1);
    expectOneErrorLine(outcome, /not UTF-8/);
  });

  it("reports a missing file and an unreadable JSON document on one line, exit 1", async () => {
    const missing = await accord("stats", "nowhere.txt");
    expect(missing.code).toBe(1);
    expectOneErrorLine(missing, /^accord: cannot read nowhere\.txt: no such file/);

    const broken = await draft("broken.json", '{"format": "accord-document",');
    const notJson = await accord("export", broken, "--version", "markup", "--format", "txt");
    expect(notJson.code).toBe(1);
    expectOneErrorLine(notJson, /^accord: broken\.json: not valid JSON/);

    const other = await draft("other.json", '{"format": "something-else"}');
    const notAccord = await accord("stats", other, "--json");
    expect(notAccord.code).toBe(1);
    expectOneErrorLine(notAccord, /^accord: other\.json: Not an Accord document/);
  });

  it("exits 2 on an unknown option, naming it", async () => {
    const input = await draft("options.txt", AGREED);
    const outcome = await accord("stats", input, "--frobnicate");
    expect(outcome.code).toBe(2);
    expectOneErrorLine(outcome, /unknown option '--frobnicate'/);

    const short = await accord("import", input, "-x", "-o", "x.json");
    expect(short.code).toBe(2);
    expectOneErrorLine(short, /unknown option '-x'/);
  });

  it("exits 2 on an unknown command, a missing argument or a missing option value", async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing command/],
      [["merge"], /unknown command 'merge'/],
      [["import"], /import needs an input file/],
      [["import", "a.txt"], /import needs -o/],
      [["import", "a.txt", "-o"], /option '-o' needs a value/],
      [["export", "a.txt", "--version"], /option '--version' needs a value/],
      [["stats", "a.txt", "b.txt"], /unexpected 'b\.txt'/],
      [["stats", "a.txt", "--json=yes"], /'--json' takes no value/],
    ];
    for (const [args, pattern] of cases) {
      const outcome = await accord(...args);
      expect(outcome.code, args.join(" ")).toBe(2);
      expectOneErrorLine(outcome, pattern);
    }
  });

  it("shows help for accord and for each command on stdout, exit 0", async () => {
    const top = await accord("--help");
    expect(top.code).toBe(0);
    for (const name of ["import", "export", "stats"]) expect(top.stdout).toContain(name);
    for (const [name, option] of [["import", "--output"], ["export", "--version"], ["stats", "--json"]] as const) {
      const help = await accord(name, "--help");
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: accord ${name} `));
      expect(help.stdout).toContain(option);
      expect((await accord("help", name)).stdout).toBe(help.stdout);
    }
  });
});
