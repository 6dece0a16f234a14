import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importedDraft, workspace, type Workspace } from "./support.js";

// accord resolve … choose <option-id>: an option of an option block (`Option 1:` … `Option 3: No text`) chosen on the
// command line as the chair's Choose does it; the clean text keeps it without its label, and stats count the group once.

let ws: Workspace;
beforeAll(async () => {
  ws = await workspace();
}, 200_000);
afterAll(async () => {
  await ws?.remove();
});

const DRAFT = `1. Each Party shall prepare a contribution:

Option 1: Each Party shall communicate it every five years in accordance with decision 1/CP.21.

Option 2: Each Party should communicate it every ten years.

Option 3: No text

2. Each Party shall report.
`;

describe("accord resolve choose with an option block's option", () => {
  it("chooses it, the clean text keeps it without its label, and stats count the group as chosen", async () => {
    const json = await importedDraft(ws, "options", DRAFT);
    const before = JSON.parse((await ws.accord("stats", json, "--json")).stdout) as { optionGroups: unknown };
    expect(before.optionGroups).toEqual({ total: 1, open: 1, chosen: 0, options: 3, noText: 1, nested: 0 });
    expect((await ws.accord("stats", json)).stdout).toContain("Option blocks: 1 group of 3 options (1 open, 0 chosen; 1 with no text, 0 nested), each group counted once above");
    const chosen = await ws.accord("resolve", json, "choose", "o1");
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).toMatch(/^Chose ‘Option 1:’/);
    const clean = (await ws.accord("export", json, "--version", "clean", "--format", "txt")).stdout;
    expect(clean).toContain("\n\nEach Party shall communicate it every five years in accordance with decision 1/CP.21.\n\n");
    expect(clean).not.toMatch(/Option|every ten years|No text/);
    const after = JSON.parse((await ws.accord("stats", json, "--json")).stdout) as { optionGroups: unknown };
    expect(after.optionGroups).toEqual({ total: 1, open: 0, chosen: 1, options: 3, noText: 1, nested: 0 });
  });
});
