// One server under test, in its own process so that its CPU time
// (process.cpuUsage) is the server's alone. Started by bench/sync.mjs with
// fork(); talks over IPC only:
//   parent → { type: "setup", kind, seed, paragraphs, proposals, senders: [{ role, delegation }], observers, members? }
//   child  → { type: "ready", port, documentName, initialPath, senderTokens, observerTokens, memberTokens }
//   (members: [{ role, delegation }], further accounts for "accord", e.g. to call the REST API or watch as a role)
//   parent → { type: "cpu", label }   child → { type: "cpu", label, user, system, idle, active, rss }
//   parent → { type: "report" }       child → { type: "report", markers, refusals, logged, … }
//   parent → { type: "stop" }         child closes everything and exits.
// kind: "accord" — startServer (validation + durable SQLite log), temp data dir;
//       "plain-batched" — Hocuspocus 4 behind `ws` exactly as Accord wires it, no storage and no
//                  checks, its incoming updates held in batches as Accord's group commit holds them
//                  (the first waits `commitDelayMs`, the others join it): the fair comparison, since
//                  a batch of updates applied in one turn goes out in fewer frames;
//       "plain"  — the same with no extension at all (each update applied as it arrives);
//       "plain-crossws" — Hocuspocus' own `new Server({ port: 0, quiet: true })`.
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { documentToUpdate, YDOC_PARTS } from "@accord/collab";
import { generateDocument } from "@accord/schema/generate";
import { Hocuspocus, Server } from "@hocuspocus/server";
import { WebSocketServer } from "ws";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";

const DOCUMENT = "bench-sync";
const MARKER = /xq(\d+)n(\d+)qx/g;

let running = null; // { kind, close(), document(): Y.Doc | undefined, report() }
let dir = null;
// With `profileDir`, the V8 sampling profiler (what `node --cpu-prof` uses) runs
// from the "start" CPU mark to the "drained" one: the load window only, not the setup.
let profileDir = null;
let profiler = null;
let profiles = 0;
// Accord's durable-log commits (wall time, updates per commit), from the "start" mark on.
let commits = [];
// The server's event-loop delay from the "start" mark on.
let loopDelay = null;

process.on("message", (message) => {
  handle(message).catch((error) => {
    process.send?.({ type: "error", message: String(error?.stack ?? error) });
  });
});
process.on("disconnect", () => void stop().finally(() => process.exit(0)));

async function handle(message) {
  switch (message.type) {
    case "setup":
      return setup(message);
    case "cpu": {
      if (message.label === "drained" && profiler) await stopProfile();
      const { user, system } = process.cpuUsage();
      // Event-loop utilisation: busy time of the loop, CPU or not (a synchronous fsync counts here, not in cpuUsage).
      const { idle, active } = performance.eventLoopUtilization();
      // The loop's longest delays since "start": a stall of the server, as every client sees it.
      const stalls = loopDelay ? { stallMaxMs: loopDelay.max / 1e6, stallP99Ms: loopDelay.percentile(99) / 1e6 } : {};
      process.send({ type: "cpu", label: message.label, user, system, idle, active, rss: process.memoryUsage().rss, threads: threadTimes(), ...stalls });
      if (message.label === "start") {
        commits = [];
        loopDelay?.disable();
        loopDelay = monitorEventLoopDelay({ resolution: 5 });
        loopDelay.enable();
        if (profileDir) await startProfile();
      }
      return;
    }
    case "report":
      return process.send({ type: "report", ...(await running.report()) });
    case "stop":
      await stop();
      process.send({ type: "stopped" }, () => process.exit(0));
      return;
    default:
      throw new Error(`unknown message ${message.type}`);
  }
}

// CPU time (ms, user + system) of this process's main thread and of its other
// threads (V8's garbage collection and compiler helpers, libuv's pool), from
// /proc (Linux only; {} elsewhere). Node names every thread "node".
function threadTimes() {
  const times = {};
  try {
    for (const task of readdirSync("/proc/self/task")) {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
      const name = task === String(process.pid) ? "main thread" : "other threads";
      // The name in parentheses may hold spaces: the fields after it are counted from there.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
      times[name] = (times[name] ?? 0) + (ticks * 1000) / 100; // USER_HZ is 100 on Linux
    }
  } catch {
    return {};
  }
  return times;
}

// Takes a part of the durable commit out, to see what it costs in the running
// server (ACCORD_BENCH_ABLATE; never in a comparison that is reported as Accord's):
//   "no-fsync" — SQLite with synchronous = OFF: written, never flushed to disk;
//   "no-write" — the group commit's batches are numbered and resolved, nothing written.
function ablated(storage, ablate) {
  if (ablate === "") return storage.appendUpdates.bind(storage);
  console.error(`server child: ablated “${ablate}”, not Accord as it ships`);
  if (ablate === "no-fsync") {
    storage.db.pragma("synchronous = OFF");
    return storage.appendUpdates.bind(storage);
  }
  if (ablate === "no-write") {
    let seq = 1_000_000;
    return async (updates) => updates.map(() => seq++);
  }
  throw new Error(`ACCORD_BENCH_ABLATE: unknown “${ablate}”`);
}

async function startProfile() {
  profiler = new Session();
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.setSamplingInterval", { interval: 500 });
  await profiler.post("Profiler.start");
}

async function stopProfile() {
  const { profile } = await profiler.post("Profiler.stop");
  profiler.disconnect();
  profiler = null;
  await mkdir(profileDir, { recursive: true });
  // Numbered: a run may profile more than one window.
  await writeFile(join(profileDir, `${running?.kind ?? "server"}-${process.pid}-${++profiles}.cpuprofile`), JSON.stringify(profile));
}

async function stop() {
  const current = running;
  running = null;
  await current?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
}

async function setup(options) {
  profileDir = options.profileDir ?? null;
  dir = await mkdtemp(join(tmpdir(), "accord-bench-sync-"));
  const document = generateDocument({ seed: options.seed, paragraphs: options.paragraphs, proposals: options.proposals });
  const initialPath = join(dir, "initial.bin");
  let port;
  let senderTokens;
  let observerTokens;
  let memberTokens = [];

  if (options.kind === "accord") {
    const { DEFAULT_CONFIG, hashPassword, startServer } = await import("@accord/server");
    const dataDir = join(dir, "data");
    const server = await startServer({ ...DEFAULT_CONFIG, port: 0, host: "127.0.0.1", dataDir, quiet: true });
    if (!(await server.live.create(DOCUMENT, document, null, []))) throw new Error("document exists");
    const { storage } = server;
    // Timing of the durable log's commits, measured around the storage method the group commit calls
    // (better-sqlite3 is synchronous: the whole commit, fsync included, blocks the event loop).
    const append = ablated(storage, process.env.ACCORD_BENCH_ABLATE ?? "");
    storage.appendUpdates = async (updates) => {
      const start = performance.now();
      try {
        return await append(updates);
      } finally {
        commits.push({ ms: performance.now() - start, n: updates.length });
      }
    };
    // One argon2 hash for every account: hashing 200 passwords would only slow the setup.
    const hash = await hashPassword("bench-sync-password");
    const member = async (name, role, delegation) => {
      const user = await storage.createUser(name, hash, name);
      await storage.setMembership({ documentId: DOCUMENT, userId: user.id, role, delegation });
      return (await storage.createSession(user.id, 6 * 60 * 60 * 1000)).token;
    };
    senderTokens = [];
    for (const [i, s] of options.senders.entries()) senderTokens.push(await member(`sender-${i}`, s.role, s.delegation));
    observerTokens = [];
    for (let i = 0; i < options.observers; i++) observerTokens.push(await member(`observer-${i}`, "observer", ""));
    memberTokens = [];
    for (const [i, m] of (options.members ?? []).entries()) memberTokens.push(await member(`member-${i}`, m.role, m.delegation));
    // What the server holds: the log's entries merged (here, the one import entry).
    const { snapshot, updates } = await storage.loadDocumentState(DOCUMENT);
    await writeFile(initialPath, Y.mergeUpdates([...(snapshot ? [snapshot.data] : []), ...updates.map((u) => u.data)]));
    port = server.port;
    running = {
      kind: "accord",
      close: () => server.close(),
      document: () => server.hocuspocus.documents.get(DOCUMENT),
      async report() {
        const audit = await storage.listAudit(DOCUMENT, { limit: 100_000 });
        const rejected = audit.filter((a) => a.action === "rejected");
        const logged = await storage.readUpdates(DOCUMENT);
        return {
          ...countMarkers(this.document()),
          refusals: rejected.length,
          refusalReasons: [...new Set(rejected.map((a) => a.message))].slice(0, 5),
          logged: logged.filter((u) => u.origin === "client").length,
          commits: commits.length,
          commitUpdates: commits.reduce((n, c) => n + c.n, 0),
          commitMs: commits.reduce((n, c) => n + c.ms, 0),
          commitP99Ms: commits.map((c) => c.ms).sort((a, b) => a - b)[Math.floor(commits.length * 0.99)] ?? 0,
          loggedBytes: logged.reduce((n, u) => n + u.data.length, 0),
          accepted: server.checks.accepted,
        };
      },
    };
  } else {
    const initial = documentToUpdate(document);
    await writeFile(initialPath, initial);
    const configuration = {
      quiet: true,
      async onLoadDocument({ document: ydoc }) {
        Y.applyUpdate(ydoc, initial);
      },
      ...(options.kind === "plain-batched" ? { extensions: [await batchedUpdates()] } : {}),
    };
    senderTokens = options.senders.map((_, i) => `plain-${i}`);
    observerTokens = Array.from({ length: options.observers }, (_, i) => `plain-observer-${i}`);
    if (options.kind === "plain-crossws") {
      const server = new Server({ ...configuration, port: 0, address: "127.0.0.1" });
      await server.listen();
      port = server.address.port;
      running = {
        kind: "plain-crossws",
        close: () => server.destroy(),
        document: () => server.hocuspocus.documents.get(DOCUMENT),
        async report() {
          return countMarkers(this.document());
        },
      };
    } else {
      const hocuspocus = new Hocuspocus(configuration);
      const http = createServer((_req, res) => res.writeHead(404).end());
      const sockets = new WebSocketServer({ noServer: true, maxPayload: 2 * 1024 * 1024 });
      http.on("upgrade", (request, socket, head) => {
        if ((request.url ?? "").split("?")[0] !== "/collab") {
          socket.destroy();
          return;
        }
        sockets.handleUpgrade(request, socket, head, (ws) => connect(hocuspocus, ws, request));
      });
      await new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(0, "127.0.0.1", resolve);
      });
      port = http.address().port;
      running = {
        kind: options.kind,
        async close() {
          for (const client of sockets.clients) client.terminate();
          hocuspocus.closeConnections();
          await new Promise((resolve) => http.close(() => resolve()));
        },
        document: () => hocuspocus.documents.get(DOCUMENT),
        async report() {
          return countMarkers(this.document());
        },
      };
    }
  }
  process.send({ type: "ready", port, documentName: DOCUMENT, initialPath, senderTokens, observerTokens, memberTokens });
}

/**
 * An extension that holds each incoming Yjs update (sync step 2 or update,
 * under Sync or SyncReply, as Accord's check reads them) until the batch it
 * joined is let go — as Accord's group commit does with a write that costs
 * nothing: the first update of a batch waits Accord's own `commitDelayMs`,
 * every update arriving meanwhile joins it, and they are applied together.
 */
async function batchedUpdates() {
  const { DEFAULT_CONFIG } = await import("@accord/server");
  const delayMs = DEFAULT_CONFIG.commitDelayMs;
  let batch = null;
  const join = () =>
    (batch ??= new Promise((resolve) =>
      (delayMs > 0 ? setTimeout : setImmediate)(() => {
        batch = null;
        resolve();
      }, delayMs),
    ));
  return {
    extensionName: "bench-batched-updates",
    async beforeHandleMessage({ update: frame }) {
      if (carriesUpdate(frame)) await join();
    },
  };
}

function carriesUpdate(frame) {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type !== 0 && type !== 4) return false; // Sync, SyncReply
  const step = decoding.readVarUint(decoder);
  return step === 1 || step === 2; // sync step 2, update
}

/** The same glue as packages/server/src/server.ts `connect`: a `ws` socket handed to Hocuspocus. */
function connect(hocuspocus, ws, request) {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers.set(key, value);
    else if (Array.isArray(value)) headers.set(key, value.join(", "));
  }
  const webRequest = new Request(`http://${request.headers.host ?? "localhost"}${request.url ?? "/"}`, { headers });
  const client = hocuspocus.handleConnection(ws, webRequest);
  ws.on("message", (data) => client.handleMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
  ws.on("close", (code, reason) => client.handleClose({ code, reason: reason.toString() }));
  ws.on("error", () => ws.terminate());
}

/** Distinct markers present in the server's live document, and its size. */
function countMarkers(ydoc) {
  if (!ydoc) return { markers: 0, markerKeys: [], documentLoaded: false };
  const text = ydoc.getXmlFragment(YDOC_PARTS.content).toString();
  const keys = new Set();
  for (const m of text.matchAll(MARKER)) keys.add(m[0]);
  return { markers: keys.size, markerKeys: [...keys], documentLoaded: true, stateBytes: Y.encodeStateAsUpdate(ydoc).length };
}
