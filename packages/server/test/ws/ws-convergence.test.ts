import { replicaState, runConvergence, type Peer } from "@accord/collab";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, DRAFT, eventually, startTestServer, type Client, type TestServer } from "../support.js";

// Seeds that once failed against the real server are kept and replayed.
const REGRESSION_SEEDS: number[] = [6];

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

/** A peer that is a real provider on its own WebSocket. */
class ProviderPeer implements Peer {
  connected = true;
  constructor(
    readonly name: string,
    readonly client: Client,
  ) {}
  get doc() {
    return this.client.doc;
  }
  // Hocuspocus 4 providers share a socket: going offline for one document is
  // detaching its provider (the server closes that document's connection);
  // coming back is attaching it again, which authenticates and syncs anew.
  disconnect() {
    this.client.provider.detach();
    this.connected = false;
  }
  connect() {
    this.client.provider.attach();
    this.connected = true;
  }
}

let runs = 0;
async function run(seed: number, clients = 5, steps = 80) {
  const id = `conv-${seed}-${++runs}`;
  await t.create(id, DRAFT);
  const peers: ProviderPeer[] = [];
  for (let i = 0; i < clients; i++) {
    const token = await t.member(`${id}-${i}`, id, "chair");
    peers.push(new ProviderPeer(`client ${i + 1}`, await connect(t.server, id, token)));
  }
  try {
    const states = () => peers.map((p) => JSON.stringify(replicaState(p.doc)));
    const synced = () => peers.every((p) => p.client.provider.isSynced && !p.client.provider.hasUnsyncedChanges);
    const settle = async () => {
      // A client whose edit raced its own reconnection (an update sent before the sync step
      // that carries what it depends on) is refused and closed, as the rule says; like the
      // editor on a refusal, it attaches again, and a full sync both ways brings it level.
      for (let round = 0; round < 10; round++) {
        await eventually(synced, 3_000, "all synced").catch(() => {});
        if (synced() && new Set(states()).size === 1) return;
        for (const peer of peers) {
          peer.disconnect();
          peer.connect();
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      await eventually(synced, 15_000, "all synced").catch((error) => {
        const detail = peers.map((p) => `${p.name}: socket=${p.client.socket.status} synced=${p.client.provider.isSynced} unsynced=${p.client.provider.unsyncedChanges}`);
        throw new Error(`${(error as Error).message}\n${detail.join("\n")}`);
      });
      await eventually(() => new Set(states()).size === 1, 15_000, `replicas equal (seed ${seed})`);
    };
    const report = await runConvergence(peers, { seed, steps, disconnectChance: 0.12, settle, tick: () => new Promise((r) => setTimeout(r, 2)) });
    // The server's own copy, read back from memory and from the log, is the same document.
    const live = await t.server.live.read(id);
    expect(live.ok).toBe(true);
    return report;
  } finally {
    for (const peer of peers) peer.client.destroy();
  }
}

describe("convergence against the real server", () => {
  for (const seed of REGRESSION_SEEDS) it(`regression seed ${seed}`, async () => void (await run(seed)), 60_000);

  it("many clients with random edits and disconnects end identical (text, marks, attributes)", async () => {
    let edits = 0;
    let disconnects = 0;
    for (let seed = 1; seed <= 6; seed++) {
      try {
        const report = await run(seed);
        edits += report.edits;
        disconnects += report.disconnects;
      } catch (error) {
        console.error(`add seed ${seed} to REGRESSION_SEEDS in ws-convergence.test.ts`);
        throw error;
      }
    }
    expect(edits).toBeGreaterThan(300);
    expect(disconnects).toBeGreaterThan(10);
  }, 120_000);
});
