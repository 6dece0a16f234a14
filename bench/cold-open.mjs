// How long the 2,000-paragraph generated document takes to open when the
// server must first load it from its durable log (cold) and when it has it in
// memory (warm). Server-side: a fresh server's direct connection, from asking
// to having the document loaded and read (the durable log's load and the
// readable check), in wall time and in the process's CPU time (which a busy
// machine's waiting does not inflate). Client: a Hocuspocus client in Node, from connecting to
// synced, to a fresh server (cold) and to the same server again (warm).
// With `--edits N`, N small proposals (bench/sync's edits) follow the import
// in the log, merged into a snapshot as the server's compaction merges them,
// `--tail` entries left after it (the log since the last snapshot). Targets:
// < 500 ms server-side, < 1 s until a client is synced. Each run loads the
// document three times through fresh servers: first read (nothing recorded:
// the first load by a new version of the server), then with its stored bytes
// recorded as read (not read: a reopening, since a server records the state a
// document is left in as it unloads it), then with that record spoilt (read
// again, with code as compiled as the second). The measured servers
// warm their loading code up before listening, as `accord serve` does
// (`warmUp`; the start-up's time is printed); `--no-warm-up` starts them as
// tests do, cold. Prints numbers; exits 0.
//
//   npx tsc -b && node bench/cold-open.mjs [--runs 3] [--edits 20000] [--tail 2000] [--no-warm-up]
//   node --cpu-prof --cpu-prof-dir=/tmp/cold bench/cold-open.mjs   (where the time goes)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { OAS_MEMBER_STATES } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { DEFAULT_CONFIG, hashPassword, startServer } from "@accord/server";
import WebSocket from "ws";
import * as Y from "yjs";
import { EditMaker } from "./sync/edits.mjs";
import { runBench } from "./support/main.mjs";
import { flag, integer, parseOptions } from "./support/options.mjs";
import { percentile } from "./support/stats.mjs";

const options = parseOptions(process.argv.slice(2), { runs: 3, edits: 0, tail: 2000, noWarmUp: false }, {
  "--runs": ["runs", integer(1, 20)],
  "--no-warm-up": ["noWarmUp", flag()],
  "--edits": ["edits", integer(0, 200_000)],
  "--tail": ["tail", integer(0, 200_000)],
});
const config = (dir) => ({ ...DEFAULT_CONFIG, port: 0, host: "127.0.0.1", dataDir: join(dir, "data"), quiet: true });
/** A measured server: warmed up as `accord serve` is, unless --no-warm-up. */
const measuredConfig = (dir) => ({ ...config(dir), warmUp: !options.noWarmUp });

/** Connects to document `d` and resolves with the milliseconds until synced, and a function that disconnects. */
async function connect(server, token) {
  const t0 = performance.now();
  const socket = new HocuspocusProviderWebsocket({ url: `${server.url.replace("http", "ws")}/collab`, WebSocketPolyfill: WebSocket, maxAttempts: 1 });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: "d", document: new Y.Doc(), token });
  provider.attach();
  await new Promise((resolve, reject) => {
    provider.on("synced", resolve);
    provider.on("authenticationFailed", ({ reason }) => reject(new Error(reason)));
  });
  return { ms: performance.now() - t0, close: () => (provider.destroy(), socket.destroy()) };
}

/** The document, its chair's token and, with edits, a log of small proposals and a snapshot before its last `tail` entries. */
async function prepare(dir) {
  const server = await startServer(config(dir));
  try {
    await server.live.create("d", generateDocument({ seed: 2026, paragraphs: 2000, proposals: 5000 }), null, []);
    const user = await server.storage.createUser("chair", await hashPassword("chair-password"), "Chair");
    await server.storage.setMembership({ documentId: "d", userId: user.id, role: "chair", delegation: "" });
    const token = (await server.storage.createSession(user.id, 600_000)).token;
    if (options.edits > 0) {
      const [first] = await server.storage.readUpdates("d");
      const plan = OAS_MEMBER_STATES.slice(0, 10).map((d) => ({ role: "delegate", delegation: d.code, proposeFor: d.code }));
      const maker = new EditMaker(first.data, plan, { seed: 2026 });
      const log = [first.data];
      for (let i = 0; i < options.edits; i += 100) {
        const batch = [];
        for (let j = i; j < Math.min(options.edits, i + 100); j++) batch.push(maker.make(j % plan.length).update);
        await server.storage.appendUpdates(batch.map((data) => ({ documentId: "d", data, userId: null, delegation: "", origin: "client" })));
        log.push(...batch);
      }
      maker.destroy();
      const upto = Math.max(1, log.length - options.tail);
      // Merged in groups, then the groups: the same update as one Y.mergeUpdates of them all, which
      // takes minutes for 20,000 updates (it grows faster than their number).
      const groups = [];
      for (let i = 0; i < upto; i += 200) groups.push(Y.mergeUpdates(log.slice(i, Math.min(upto, i + 200))));
      await server.storage.saveSnapshot("d", upto, Y.mergeUpdates(groups));
    }
    const { snapshot, updates } = await server.storage.loadDocumentState("d");
    return { token, snapshotBytes: snapshot?.data.length ?? 0, tail: updates.length };
  } finally {
    await server.close();
  }
}

/** Starts a measured server on `dir`, times its load of the document through a direct connection, and closes it. */
async function serverLoad(dir, { spoilRecord = false } = {}) {
  const started = performance.now();
  const server = await startServer(measuredConfig(dir));
  try {
    const startUp = performance.now() - started;
    if (spoilRecord) await server.storage.setReadableState("d", { digest: "spoilt", codeVersion: "" });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const direct = await server.hocuspocus.openDirectConnection("d", {});
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await direct.disconnect();
    return { startUp, ms, cpu: (cpu.user + cpu.system) / 1000 };
  } finally {
    await server.close();
  }
}

runBench("bench:cold-open", async () => {
  const serverSide = [];
  // CPU time of the process over the same span: what a busy machine's waiting leaves out.
  const serverCpu = [];
  const cold = [];
  const warm = [];
  const startUp = [];
  const recorded = [];
  const recordedCpu = [];
  const rereads = [];
  const rereadCpu = [];
  for (let run = 0; run < options.runs; run++) {
    const dir = await mkdtemp(join(tmpdir(), "accord-cold-open-"));
    let server = null;
    try {
      const { token, snapshotBytes, tail } = await prepare(dir);
      if (run === 0) console.log(`2,000 paragraphs; snapshot ${(snapshotBytes / 1024 / 1024).toFixed(2)} MB, ${tail} log entries after it`);
      // A restart: the document is on disk only. The server's share, through a direct connection: the
      // first load reads the document (nothing recorded yet: a new version of the server), the second
      // finds its stored bytes recorded as read (collab/readable.ts: recorded as the first server unloaded
      // it, as every server does when a session ends) and does not, the third has that record spoilt and reads again.
      const first = await serverLoad(dir);
      startUp.push(first.startUp);
      serverSide.push(first.ms);
      serverCpu.push(first.cpu);
      const again = await serverLoad(dir);
      recorded.push(again.ms);
      recordedCpu.push(again.cpu);
      const reread = await serverLoad(dir, { spoilRecord: true });
      rereads.push(reread.ms);
      rereadCpu.push(reread.cpu);
      // Another restart, for a client.
      server = await startServer(measuredConfig(dir));
      const coldClient = await connect(server, token);
      const warmClient = await connect(server, token);
      cold.push(coldClient.ms);
      warm.push(warmClient.ms);
      console.log(
        `run ${run + 1}: start-up ${startUp.at(-1).toFixed(0)} ms (warm-up ${options.noWarmUp ? "off" : "on"}); server-side first read ${serverSide.at(-1).toFixed(0)} ms (CPU ${serverCpu.at(-1).toFixed(0)} ms), ` +
          `reopened (recorded as read) ${recorded.at(-1).toFixed(0)} ms (CPU ${recordedCpu.at(-1).toFixed(0)}), record spoilt ${rereads.at(-1).toFixed(0)} ms (CPU ${rereadCpu.at(-1).toFixed(0)}); ` +
          `client cold connect → synced ${coldClient.ms.toFixed(0)} ms (recorded), warm ${warmClient.ms.toFixed(0)} ms`,
      );
      coldClient.close();
      warmClient.close();
    } finally {
      await server?.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  const median = (values) => percentile([...values].sort((a, b) => a - b), 50).toFixed(0);
  console.log(`median of ${options.runs}: server-side reopened (recorded as read) ${median(recorded)} ms (CPU ${median(recordedCpu)}; target < 500), first read by this code ${median(serverSide)} ms (CPU ${median(serverCpu)} ms), record spoilt ${median(rereads)} ms (CPU ${median(rereadCpu)}), cold synced ${median(cold)} ms (target < 1,000), warm ${median(warm)} ms`);
});
