import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAFT, startPlan, type ApiServer } from "./api-support.js";

const exec = promisify(execFile);
const cli = fileURLToPath(new URL("../../../../apps/cli/dist/main.js", import.meta.url));

let t: ApiServer;
let chair: string;
let dir: string;
beforeAll(async () => {
  ({ t, chair } = await startPlan());
  dir = await mkdtemp(join(tmpdir(), "accord-api-stats-"));
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

describe("GET /api/documents/:id/stats", () => {
  it("answers what `accord stats --json` prints for the same text, less what reading the file recognised", async () => {
    expect(existsSync(cli), "the CLI is built (npx tsc -b)").toBe(true);
    await writeFile(join(dir, "plan.txt"), DRAFT);
    const printed = await exec(process.execPath, [cli, "stats", "plan.txt", "--json"], { cwd: dir, encoding: "utf8" });
    const answer = await t.call("GET", "/documents/plan/stats", { token: chair });
    expect(answer.status).toBe(200);
    // The command line reports on reading the file too; the stored document's import is over.
    const { registry, recognised, ...counts } = JSON.parse(printed.stdout) as Record<string, unknown>;
    expect(registry).toMatchObject({ name: "oas" });
    expect(recognised).not.toBeNull();
    expect(answer.body).toEqual(counts);
    // Key order too: scripts may compare the text.
    expect(JSON.stringify(answer.body)).toBe(JSON.stringify(counts));
  });

  it("has the documented shape: paragraphs by status, headings, open proposals by delegation, import diagnostics", async () => {
    const answer = await t.call("GET", "/documents/plan/stats", { token: chair });
    expect(answer.body).toEqual({
      paragraphs: {
        total: 6,
        byStatus: {
          open: 5,
          "agreed-informally": 1,
          "agreed-ad-referendum": 0,
          approved: 0,
          "deleted-informally": 0,
          "deleted-ad-referendum": 0,
        },
      },
      headings: { total: 1 },
      notes: { total: 0 },
      proposals: { open: 5, byDelegation: { BRA: 1, ARG: 1, BRB: 1, MEX: 1, PER: 1, URY: 1 }, total: 5 },
      choices: { total: 0, open: 0, chosen: 0 },
      positions: { total: 0, byStance: { delete: 0, retain: 0, reserve: 0, oppose: 0, support: 0 }, byDelegation: {} },
      optionGroups: { total: 0, open: 0, chosen: 0, options: 0, noText: 0, nested: 0 },
      diagnostics: [{ line: 9, column: 47, message: "‘]’ closes no bracket; it is kept as text", excerpt: expect.any(String) }],
    });
  });

  it("counts the document as it stands after an operation", async () => {
    expect((await t.call("POST", "/documents/plan/proposals/b1/accept", { token: chair })).status).toBe(200);
    const answer = await t.call("GET", "/documents/plan/stats", { token: chair });
    expect(answer.body.proposals.open).toBe(4);
    expect(answer.body.proposals.byDelegation).not.toHaveProperty("URY");
    expect(answer.body.diagnostics).toHaveLength(1);
  });
});
