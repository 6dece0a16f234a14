import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOneErrorLine, importedDraft, workspace, type Workspace } from "./support.js";

let ws: Workspace;

beforeAll(async () => {
  ws = await workspace();
}, 200_000);

afterAll(async () => {
  await ws?.remove();
});

const RESERVATION = "The Government of Ecuador reserves its position on this paragraph.";

describe("accord reserve", () => {
  it("adds a reservation by label and delegation name; it stays in the clean version", async () => {
    const json = await importedDraft(ws, "reserve");
    const outcome = await ws.accord("reserve", json, "1bis", "Ecuador", RESERVATION);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toBe("Ecuador reserves its position on paragraph 1bis under “Objective 1.1”.\n");

    const clean = await ws.accord("export", json, "--version", "clean", "--format", "txt");
    expect(clean.stdout).toMatch(/^2\. Promote .* results\. 1\/$/m);
    expect(clean.stdout).toContain(`1/ ${RESERVATION}`);
    const markup = await ws.accord("export", json, "--version", "markup", "--format", "txt");
    expect(markup.stdout).toContain(RESERVATION);
  });

  it("refuses an ambiguous label, an unknown delegation and an empty text, leaving the file as it was", async () => {
    const json = await importedDraft(ws, "reserve-mistakes");
    const before = await readFile(ws.path(json));

    const ambiguous = await ws.accord("reserve", json, "1.", "ECU", RESERVATION);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/^accord: label '1\.' matches 2 paragraphs/);

    const unknown = await ws.accord("reserve", json, "1bis", "Atlantis", RESERVATION);
    expect(unknown.code).toBe(1);
    expectOneErrorLine(unknown, /^accord: unknown delegation 'Atlantis'/);

    const empty = await ws.accord("reserve", json, "1bis", "ECU", "   ");
    expect(empty.code).toBe(1);
    expectOneErrorLine(empty, /^accord: a reservation needs its text$/);

    const unquoted = await ws.accord("reserve", json, "1bis", "ECU", "The", "Government");
    expect(unquoted.code).toBe(2);
    expectOneErrorLine(unquoted, /put it in quotes/);
    expect((await readFile(ws.path(json))).equals(before)).toBe(true);
  });

  it("has help", async () => {
    const help = await ws.accord("reserve", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: accord reserve /);
  });
});
