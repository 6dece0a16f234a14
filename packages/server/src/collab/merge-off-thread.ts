import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// The worker's code: plain CommonJS run with `eval`, so the same file works
// from the TypeScript sources (tests) and from dist. It loads its own yjs.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Y = require(workerData.yjs);
parentPort.on("message", ({ id, updates }) => {
  try {
    const merged = Y.mergeUpdates(updates);
    parentPort.postMessage({ id, merged }, [merged.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, { resolve: (merged: Uint8Array) => void; reject: (error: Error) => void }>();

function start(): Worker {
  const yjs = createRequire(import.meta.url).resolve("yjs");
  const started = new Worker(WORKER, { eval: true, workerData: { yjs } });
  // Compaction is housekeeping: it must not keep a stopping server alive.
  started.unref();
  started.on("message", ({ id, merged, error }: { id: number; merged?: Uint8Array; error?: string }) => {
    const entry = waiting.get(id);
    waiting.delete(id);
    if (error !== undefined) entry?.reject(new Error(`merging updates failed: ${error}`));
    else entry?.resolve(merged!);
  });
  const fail = (error: Error) => {
    worker = null;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  started.on("error", fail);
  started.on("exit", (code) => fail(new Error(`the merge worker stopped (exit code ${code})`)));
  return started;
}

/**
 * `Y.mergeUpdates(updates)` on a worker thread: merging a snapshot of a few
 * megabytes with its log takes a few hundred milliseconds, which on the
 * event loop every connected client would wait through. Rejects if the
 * updates cannot be merged or the worker dies (the next call starts another).
 */
export function mergeOffThread(updates: readonly Uint8Array[]): Promise<Uint8Array> {
  worker ??= start();
  const id = nextId++;
  const promise = new Promise<Uint8Array>((resolve, reject) => waiting.set(id, { resolve, reject }));
  worker.postMessage({ id, updates });
  return promise;
}
