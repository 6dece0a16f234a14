import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatIsoDate, parseDocumentJSON, type ParagraphAttrs } from "@accord/schema";
import { expectOneErrorLine, importedDraft, workspace, type Workspace } from "./support.js";

let ws: Workspace;

beforeAll(async () => {
  ws = await workspace();
}, 200_000);

afterAll(async () => {
  await ws?.remove();
});

/** The attrs of every paragraph of a document file, by label then id. */
async function paragraphs(file: string): Promise<ParagraphAttrs[]> {
  const parsed = parseDocumentJSON(await readFile(ws.path(file), "utf8"));
  if (!parsed.ok) throw new Error(parsed.message);
  const found: ParagraphAttrs[] = [];
  parsed.value.content.forEach((block) => {
    if (block.type.name === "paragraph") found.push(block.attrs as ParagraphAttrs);
  });
  return found;
}

async function byStatus(file: string): Promise<Record<string, number>> {
  const outcome = await ws.accord("stats", file, "--json");
  expect(outcome.code).toBe(0);
  return (JSON.parse(outcome.stdout) as { paragraphs: { byStatus: Record<string, number> } }).paragraphs.byStatus;
}

const localDate = (d: Date) => formatIsoDate(d.getFullYear(), d.getMonth() + 1, d.getDate());

describe("accord status", () => {
  it("refuses a label that several paragraphs share, listing each with its id and heading", async () => {
    const json = await importedDraft(ws, "ambiguous");
    const before = await readFile(ws.path(json));
    const [first, second] = (await paragraphs(json)).filter((p) => p.label === "1.");
    expect(first && second).toBeTruthy();

    const outcome = await ws.accord("status", json, "1", "agreed-informally");
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe("");
    const lines = outcome.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("accord: label '1' matches 2 paragraphs in ambiguous.json; pass the id of the one you mean:");
    expect(lines.slice(1)).toEqual([
      `  ${first!.id}  1. under “Objective 1.1”: “To ensure a crosscutting and age perspectives per…”`,
      `  ${second!.id}  1. under “Objective 1.2”: “Adopt the plan of action.”`,
    ]);
    expect((await readFile(ws.path(json))).equals(before)).toBe(true);
  });

  it("sets a status by id, with date and body; stats counts it", async () => {
    const json = await importedDraft(ws, "by-id");
    const counts = await byStatus(json);
    const second = (await paragraphs(json)).filter((p) => p.label === "1.")[1]!;
    expect(second.status).toBe("approved");

    const outcome = await ws.accord("status", json, second.id, "agreed-ad-referendum", "--date", "2012-04-20", "--body", "CSH");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toBe("Paragraph 1 under “Objective 1.2” is agreed ad referendum by the CSH on 04/20/12.\n");
    const after = await byStatus(json);
    expect(after["agreed-ad-referendum"]).toBe(counts["agreed-ad-referendum"]! + 1);
    expect(after["approved"]).toBe(counts["approved"]! - 1);
    const changed = (await paragraphs(json)).find((p) => p.id === second.id)!;
    expect([changed.status, changed.statusDate, changed.statusBody]).toEqual(["agreed-ad-referendum", "2012-04-20", "CSH"]);

    const markup = await ws.accord("export", json, "--version", "markup", "--format", "txt");
    expect(markup.stdout).toContain("1. Adopt the plan of action. (Paragraph agreed ad referendum by the CSH on 04/20/12)");
  });

  it("finds a paragraph by its label without the final dot, dated today by default", async () => {
    const json = await importedDraft(ws, "by-label");
    const start = localDate(new Date());
    const outcome = await ws.accord("status", json, "1bis", "agreed-informally");
    const end = localDate(new Date());
    expect(outcome.code, outcome.stderr).toBe(0);
    const changed = (await paragraphs(json)).find((p) => p.label === "1bis.")!;
    expect(changed.status).toBe("agreed-informally");
    expect([start, end]).toContain(changed.statusDate);

    // "5 bis alt" finds "5 bis alt."; open clears the date.
    expect((await ws.accord("status", json, "5bis alt.", "deleted-informally", "--date", "2012-04-03")).code).toBe(0);
    expect((await paragraphs(json)).find((p) => p.label === "5 bis alt.")!.status).toBe("deleted-informally");
    expect((await ws.accord("status", json, "1bis.", "open")).stdout).toBe("Paragraph 1bis under “Objective 1.1” is open.\n");
    const reopened = (await paragraphs(json)).find((p) => p.label === "1bis.")!;
    expect([reopened.status, reopened.statusDate]).toEqual(["open", ""]);
  });

  it("refuses an unknown paragraph (exit 1), an unknown status or a bad date (exit 2)", async () => {
    const json = await importedDraft(ws, "status-mistakes");
    const before = await readFile(ws.path(json));
    const missing = await ws.accord("status", json, "7", "approved");
    expect(missing.code).toBe(1);
    expectOneErrorLine(missing, /^accord: status-mistakes\.json: no paragraph has the label '7'/);

    const status = await ws.accord("status", json, "1bis", "agreed");
    expect(status.code).toBe(2);
    expectOneErrorLine(status, /^accord: unknown status 'agreed' \(statuses: open, agreed-informally, .*deleted-ad-referendum\)$/);

    const date = await ws.accord("status", json, "1bis", "approved", "--date", "31/10/2013");
    expect(date.code).toBe(2);
    expectOneErrorLine(date, /--date '31\/10\/2013' is not a date; write it as YYYY-MM-DD/);

    const text = await ws.accord("status", "status-mistakes.txt", "1bis", "approved");
    expect(text.code).toBe(1);
    expectOneErrorLine(text, /import it first/);
    expect((await readFile(ws.path(json))).equals(before)).toBe(true);
  });

  it("has help listing the statuses", async () => {
    const help = await ws.accord("status", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: accord status /);
    for (const word of ["agreed-ad-referendum", "deleted-informally", "--date", "--body", "--output"]) expect(help.stdout).toContain(word);
  });
});
