// The server whose memory bench/memory.mjs measures, in a process of its own
// (started with --max-old-space-size and --expose-gc). Talks over IPC only:
//   parent → { type: "start", dataDir, initialPath, shadowIdleMs? }
//   child  → { type: "ready", port, bare: { heapMB, count } }   (a bare Y.Doc of the document, measured first)
//   parent → { type: "hold", id }  child → { type: "held" }   (a direct connection keeps the document open)
//   parent → { type: "measure" }   child → { type: "measured", heapUsed, rss, loaded, longestPause }
//   parent → { type: "stop" }      child closes the server and exits.
//   child  → { type: "pause", ms, kind, heapMB }   each time a collection pauses longer than any before
// Garbage collection is watched with perf_hooks from the start: the longest
// pause not forced by the measurements (gc() before each reading).
import { readFile } from "node:fs/promises";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { DEFAULT_CONFIG, startServer } from "@accord/server";
import * as Y from "yjs";

if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
const MB = 1024 * 1024;
const KINDS = { [constants.NODE_PERFORMANCE_GC_MAJOR]: "major", [constants.NODE_PERFORMANCE_GC_MINOR]: "minor", [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental", [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks" };

let longestPause = { ms: 0, kind: "", heapMB: 0 };
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail?.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) continue;
    if (entry.duration > longestPause.ms) {
      longestPause = { ms: entry.duration, kind: KINDS[entry.detail?.kind] ?? String(entry.detail?.kind), heapMB: process.memoryUsage().heapUsed / MB };
      // Said at once: the pauses of a heap about to run out come just before the process dies.
      process.send?.({ type: "pause", ...longestPause });
    }
  }
});
observer.observe({ entryTypes: ["gc"] });

let server = null;
const held = [];

/** Heap used after a full collection. */
function heapAfterGc() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Heap per bare Y.Doc holding the document: `count` of them, measured together. */
function bareYDoc(initial, count) {
  const before = heapAfterGc();
  const docs = [];
  for (let i = 0; i < count; i++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initial);
    docs.push(doc);
  }
  const heapMB = (heapAfterGc() - before) / count / MB;
  for (const doc of docs) doc.destroy();
  docs.length = 0;
  heapAfterGc();
  return { heapMB, count };
}

process.on("message", (message) => {
  handle(message).catch((error) => process.send?.({ type: "error", message: String(error?.stack ?? error) }));
});
process.on("disconnect", () => void server?.close().finally(() => process.exit(0)));

async function handle(message) {
  if (message.type === "start") {
    const bare = bareYDoc(new Uint8Array(await readFile(message.initialPath)), 3);
    const idle = message.shadowIdleMs === undefined ? {} : { shadowIdleMs: message.shadowIdleMs };
    server = await startServer({ ...DEFAULT_CONFIG, ...idle, port: 0, host: "127.0.0.1", dataDir: message.dataDir, quiet: true });
    process.send({ type: "ready", port: server.port, bare });
  } else if (message.type === "hold") {
    // A client's socket is closed when the server's event loop stays blocked past Hocuspocus'
    // ping timeout (loading the next document can); a direct connection keeps the document open.
    held.push(await server.hocuspocus.openDirectConnection(message.id, {}));
    process.send({ type: "held" });
  } else if (message.type === "measure") {
    const heapUsed = heapAfterGc();
    process.send({ type: "measured", heapUsed, rss: process.memoryUsage().rss, loaded: server.hocuspocus.documents.size, longestPause });
  } else if (message.type === "stop") {
    await server?.close();
    process.send({ type: "stopped" });
    process.exit(0);
  }
}
