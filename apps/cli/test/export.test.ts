import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAFT, expectOneErrorLine, importedDraft, proposalId, workspace, type Workspace } from "./support.js";

let ws: Workspace;

beforeAll(async () => {
  ws = await workspace();
}, 200_000);

afterAll(async () => {
  await ws?.remove();
});

// Everything agreed or approved, no brackets left: a final text.
const FINAL = [
  "Objective 1.1",
  "",
  "1. To ensure a crosscutting perspective. AGREED INF 04/19/12",
  "",
  "1bis. Promote joint action. AGREED AD REFERENDUM 04/20/12",
  "",
  "2. Strengthen cooperation. DELETED INF 04/03/12",
  "",
  "3. Adopt the plan. APPROVED 10/31/13",
  "",
].join("\n");

describe("accord export --version clean", () => {
  it("writes the text with no delegation tags and no status markers", async () => {
    const draft = await ws.write("clean.txt", DRAFT);
    const outcome = await ws.accord("export", draft, "--version", "clean", "--format", "txt");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stderr).toBe("");
    const text = outcome.stdout;
    // Tags go, brackets stay plain; the replacement shows both texts.
    expect(text).toContain("1. To ensure [a] crosscutting [and age perspectives] perspective.");
    expect(text).toContain("Promote [joint] action on [evaluable] [measurable] results.");
    for (const tag of ["Uru", "Barb", "Arg", "Bra", "PER", "MEX", "~~"]) expect(text).not.toContain(tag);
    for (const marker of ["AGREED", "APPROVED", "DELETED", "INF", "REFERENDUM", "04/19/12"]) expect(text).not.toContain(marker);
    // The deleted paragraph drops out; 1bis. becomes 2.
    expect(text).not.toContain("Strengthen cooperation");
    expect(text).toMatch(/^2\. Promote /m);
  });

  it("gives the same clean text for the draft and its imported document", async () => {
    const json = await importedDraft(ws, "clean-same");
    const fromJson = await ws.accord("export", json, "--version", "clean", "--format", "txt");
    const fromText = await ws.accord("export", "clean-same.txt", "--version", "clean", "--format", "txt");
    expect(fromJson.code).toBe(0);
    expect(fromJson.stdout).toBe(fromText.stdout);
  });

  it("refuses --final for a text with unresolved items: exit 1, the list on stderr, nothing written", async () => {
    const json = await importedDraft(ws, "not-final");
    const uruguay = await proposalId(ws, json, "a");
    const outcome = await ws.accord("export", json, "--version", "clean", "--format", "txt", "--final", "-o", "final.txt");
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe("");
    const lines = outcome.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^accord: not a final text: \d+ unresolved proposals? and \d+ paragraphs? not agreed$/);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}\S/);
    // The unresolved proposal is named with its place and its id.
    expect(outcome.stderr).toMatch(new RegExp(`paragraph 1 under .*Uruguay’s proposal ${uruguay} “a” \\[${uruguay}\\]`));
    expect(outcome.stderr).toContain("Peru’s proposed paragraph");
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(ws.path("final.txt"))).toBe(false);
  });

  it("writes a final text with --final when everything is resolved and agreed", async () => {
    const draft = await ws.write("final.txt", FINAL);
    const outcome = await ws.accord("export", draft, "--version", "clean", "--format", "txt", "--final");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toBe("Objective 1.1\n\n1. To ensure a crosscutting perspective.\n\n2. Promote joint action.\n\n3. Adopt the plan.\n");
  });

  it("adds the concordance table with --concordance", async () => {
    const draft = await ws.write("concordance.txt", FINAL);
    const outcome = await ws.accord("export", draft, "--version", "clean", "--format", "txt", "--concordance");
    expect(outcome.code, outcome.stderr).toBe(0);
    const table = outcome.stdout.slice(outcome.stdout.indexOf("CONCORDANCE"));
    expect(table).toMatch(/^CONCORDANCE\n\nOld\s+New\n/);
    expect(table).toMatch(/^1\.\s+1\.$/m);
    expect(table).toMatch(/^1bis\.\s+2\. \(new\)$/m);
    expect(table).toMatch(/^2\.\s+deleted$/m);
    expect(table).toMatch(/^3\.\s+3\.$/m);

    const without = await ws.accord("export", draft, "--version", "clean", "--format", "txt");
    expect(without.stdout).not.toContain("CONCORDANCE");
  });
});

describe("accord export --version markup --delegation", () => {
  it("shows only that delegation's tags, for a code, a tag or a name", async () => {
    const json = await importedDraft(ws, "delegation");
    const byCode = await ws.accord("export", json, "--version", "markup", "--format", "txt", "--delegation", "URY");
    expect(byCode.code, byCode.stderr).toBe(0);
    const text = byCode.stdout;
    expect(text).toContain("[Uru: a]");
    expect(text).toContain("[Uru: ~~evaluable~~ measurable]");
    for (const other of ["Barb:", "Arg", "Bra:", "Per:", "PER:", "Mex:", "MEX:"]) expect(text).not.toContain(other);
    // Others' open insertions are out of Uruguay's version; statuses stay.
    expect(text).not.toContain("and age perspectives");
    expect(text).toContain("AGREED INF 04/19/12");

    for (const spelling of ["Uru", "uruguay"]) {
      const other = await ws.accord("export", json, "--version", "markup", "--format", "txt", "--delegation", spelling);
      expect(other.stdout, spelling).toBe(text);
    }

    const everyone = await ws.accord("export", json, "--version", "markup", "--format", "txt");
    expect(everyone.stdout).toContain("[Barb: and age perspectives]");
  });

  it("refuses an unknown delegation, naming it: exit 1", async () => {
    const json = await importedDraft(ws, "unknown-delegation");
    const outcome = await ws.accord("export", json, "--version", "markup", "--format", "txt", "--delegation", "Narnia");
    expect(outcome.code).toBe(1);
    expectOneErrorLine(outcome, /^accord: unknown delegation 'Narnia'/);
  });
});

describe("accord export --format html", () => {
  it("writes a standalone page for each version, to a file with -o", async () => {
    const json = await importedDraft(ws, "html");
    for (const version of ["markup", "clean"]) {
      const out = `${version}.html`;
      const outcome = await ws.accord("export", json, "--version", version, "--format", "html", "-o", out);
      expect(outcome.code, outcome.stderr).toBe(0);
      expect(outcome.stdout).toBe("");
      const page = await readFile(ws.path(out), "utf8");
      expect(page.toLowerCase().startsWith("<!doctype html>"), version).toBe(true);
      expect(page).toContain("</html>");
    }
    const markup = await readFile(ws.path("markup.html"), "utf8");
    expect(markup).toContain("Uruguay");
    const clean = await readFile(ws.path("clean.html"), "utf8");
    expect(clean).toContain("Adopt the plan of action.");
    expect(clean).not.toContain("Strengthen cooperation");
  });

  it("refuses --final in html as in txt, and takes --delegation and --concordance", async () => {
    const json = await importedDraft(ws, "html-options");
    const final = await ws.accord("export", json, "--version", "clean", "--format", "html", "--final", "-o", "final.html");
    expect(final.code).toBe(1);
    expect(final.stderr).toMatch(/^accord: not a final text: /);
    expect(existsSync(ws.path("final.html"))).toBe(false);

    const mine = await ws.accord("export", json, "--version", "markup", "--format", "html", "--delegation", "Uru");
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.stdout.toLowerCase().startsWith("<!doctype html>")).toBe(true);
    expect(mine.stdout).not.toContain("and age perspectives");
    const unknown = await ws.accord("export", json, "--version", "markup", "--format", "html", "--delegation", "Narnia");
    expect(unknown.code).toBe(1);
    expectOneErrorLine(unknown, /unknown delegation 'Narnia'/);

    const table = await ws.accord("export", json, "--version", "clean", "--format", "html", "--concordance");
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain("1bis.");
  });
});

describe("accord export mistakes", () => {
  it("exits 2 for an option that belongs to the other version", async () => {
    const draft = await ws.write("options.txt", DRAFT);
    const cases: [string[], RegExp][] = [
      [["--version", "markup", "--final"], /--final applies only to --version clean/],
      [["--version", "markup", "--concordance"], /--concordance applies only to --version clean/],
      [["--version", "clean", "--delegation", "URY"], /--delegation applies only to --version markup/],
      [["--version", "clean", "--final=yes"], /'--final' takes no value/],
    ];
    for (const [options, pattern] of cases) {
      const outcome = await ws.accord("export", draft, "--format", "txt", ...options);
      expect(outcome.code, options.join(" ")).toBe(2);
      expectOneErrorLine(outcome, pattern);
    }
  });

  it("documents the new options in its help", async () => {
    const help = await ws.accord("export", "--help");
    expect(help.code).toBe(0);
    for (const option of ["--version", "clean", "markup", "--final", "--concordance", "--delegation", "--format"]) {
      expect(help.stdout).toContain(option);
    }
  });
});
