import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOneErrorLine, importedDraft, proposalId, workspace, type Workspace } from "./support.js";

// accord resolve … position: a delegation's position on a bracket, stated,
// changed and taken back on the command line, and written back in the
// marked-up text where the draft had its attribution.

let ws: Workspace;
beforeAll(async () => {
  ws = await workspace();
}, 200_000);
afterAll(async () => {
  await ws?.remove();
});

const DRAFT = "Registry: un\n---\nOP1 Calls for [financial - G77; EU delete] support.\n";
const markup = async (file: string) => (await ws.accord("export", file, "--version", "markup", "--format", "txt")).stdout;

describe("accord resolve position", () => {
  it("states, changes and takes back a delegation's position given by tag", async () => {
    const json = await importedDraft(ws, "position", DRAFT);
    const id = await proposalId(ws, json, "financial");
    const stated = await ws.accord("resolve", json, "position", id, "US", "reserve");
    expect(stated.code, stated.stderr).toBe(0);
    expect(stated.stdout).toMatch(/^United States of America reserves its position: Group of 77 and China’s proposal/);
    expect(await markup(json)).toContain("[financial - G77; EU delete; US reserve] support.");
    expect((await ws.accord("resolve", json, "position", id, "EU", "retain")).code).toBe(0);
    expect((await ws.accord("resolve", json, "position", id, "US", "none")).code).toBe(0);
    expect(await markup(json)).toContain("[financial - G77; EU retain] support.");
    const listed = await ws.accord("proposals", json);
    expect(listed.stdout).toContain("positions: European Union (EU) retain");
  });

  it("states opposition and support to a proposal, written after the dash as the draft writes them", async () => {
    const json = await importedDraft(ws, "position-oppose", DRAFT);
    const id = await proposalId(ws, json, "financial");
    const opposed = await ws.accord("resolve", json, "position", id, "US", "oppose");
    expect(opposed.code, opposed.stderr).toBe(0);
    expect(opposed.stdout).toMatch(/^United States of America opposes it: Group of 77 and China’s proposal/);
    expect((await ws.accord("resolve", json, "position", id, "Norway", "support")).code).toBe(0);
    expect(await markup(json)).toContain("[financial - G77; EU delete; US oppose; Norway support] support.");
  });

  it("refuses a sponsor's position (exit 1, the file unchanged) and an unknown stance (exit 2)", async () => {
    const json = await importedDraft(ws, "position-refused", DRAFT);
    const id = await proposalId(ws, json, "financial");
    const before = await readFile(ws.path(json));
    const sponsor = await ws.accord("resolve", json, "position", id, "G77", "delete");
    expect(sponsor.code).toBe(1);
    expectOneErrorLine(sponsor, /G77 sponsors it and states a position on it too/);
    const unknown = await ws.accord("resolve", json, "position", id, "US", "objects");
    expect(unknown.code).toBe(2);
    expectOneErrorLine(unknown, /unknown stance 'objects' \(stances: delete, retain, reserve, oppose, support, or none/);
    expect((await readFile(ws.path(json))).equals(before)).toBe(true);
  });
});

describe("accord stats on a draft with positions", () => {
  it("counts them by stance and by delegation, in text and in JSON", async () => {
    const draft = await ws.write("positions.txt", await readFile(new URL("../../../examples/un-positions-draft.txt", import.meta.url), "utf8"));
    const text = await ws.accord("stats", draft);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("Positions of delegations: 25 (delete 11, retain 4, reserve 4, oppose 3, support 3), by delegation: EU 5, USA 5, JPN 4, CAN 3, NOR 3, RUS 2, CHE 1, G77 1, MEX 1");
    const json = JSON.parse((await ws.accord("stats", draft, "--json")).stdout) as { positions: unknown; recognised: { positions: unknown } };
    expect(json.positions).toEqual({ total: 25, byStance: { delete: 11, retain: 4, reserve: 4, oppose: 3, support: 3 }, byDelegation: { EU: 5, USA: 5, JPN: 4, CAN: 3, NOR: 3, RUS: 2, CHE: 1, G77: 1, MEX: 1 } });
    expect(json.recognised.positions).toEqual({ total: 25, byForm: { tag: 3, dash: 6, after: 3, trail: 1 } });
  });
});
