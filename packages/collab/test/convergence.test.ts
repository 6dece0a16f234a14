import { documentToUpdate, runConvergence } from "@accord/collab";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import { MemoryNetwork } from "./memory-network.js";

// Seeds that once failed are kept and replayed forever.
const REGRESSION_SEEDS: number[] = [];

const START = importText(`
Objective 1.2
1. To implement strategies to prevent crime and violence. AGREED INF 04/19/12
2. To develop plans [Uru: while] respecting human rights.
3. To ensure a [Barb: ~~gender~~ age] perspective in all programs.`).document;

async function run(seed: number, peers = 5, steps = 120) {
  const network = new MemoryNetwork();
  const initial = documentToUpdate(START);
  const all = Array.from({ length: peers }, (_, i) => network.peer(`client ${i + 1}`, initial));
  for (const peer of all) peer.connect();
  return runConvergence(all, { seed, steps, disconnectChance: 0.15, settle: async () => {} });
}

describe("convergence of replicas (in memory)", () => {
  for (const seed of REGRESSION_SEEDS) it(`regression seed ${seed}`, async () => void (await run(seed)));

  it("many clients, random negotiation edits and disconnects, end identical and valid", async () => {
    let edits = 0;
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) {
      try {
        const report = await run(seed);
        edits += report.edits;
        Object.keys(report.kinds).forEach((k) => kinds.add(k));
      } catch (error) {
        console.error(`add seed ${seed} to REGRESSION_SEEDS`);
        throw error;
      }
    }
    expect(edits).toBeGreaterThan(2000);
    expect([...kinds].sort()).toEqual(["decide", "delete", "paragraph", "propose-delete", "propose-insert", "reopen", "status", "support", "type"]);
  });
});
