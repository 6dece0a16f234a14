// The observers, in a worker thread of the generator: full Hocuspocus
// providers that apply every update. Their own event loop and heap keep the
// senders' socket reading and the observers' Yjs work from delaying each
// other. Arrival times are absolute (performance.timeOrigin + now), so they
// compare with the send times taken in the main thread.
//   main → worker: workerData { url, documentName, tokens }
//   worker → main: { type: "ready" } | { type: "error", message }
//   main → worker: { type: "counts" }  → { type: "counts", counts: [markers seen per observer] }
//   main → worker: { type: "collect" } → { type: "collected", seen: [[marker, arrival], …] per observer }
//   main → worker: { type: "forget" }  → { type: "forgotten" } (what was seen so far is dropped)
//   main → worker: { type: "close" }   → { type: "closed" }
import { parentPort, workerData } from "node:worker_threads";
import { openObserver } from "./load.mjs";

const { url, documentName, tokens } = workerData;
const seen = tokens.map(() => new Map());
const observers = [];
const now = () => performance.timeOrigin + performance.now();

try {
  for (const [o, token] of tokens.entries()) {
    observers.push(
      await openObserver({
        url,
        documentName,
        token,
        clock: now,
        onMarker(marker, at) {
          if (!seen[o].has(marker)) seen[o].set(marker, at);
        },
      }),
    );
  }
  parentPort.postMessage({ type: "ready" });
} catch (error) {
  parentPort.postMessage({ type: "error", message: String(error?.stack ?? error) });
}

parentPort.on("message", (message) => {
  if (message.type === "counts") parentPort.postMessage({ type: "counts", counts: seen.map((m) => m.size) });
  else if (message.type === "collect") parentPort.postMessage({ type: "collected", seen: seen.map((m) => [...m]) });
  else if (message.type === "forget") {
    for (const m of seen) m.clear();
    parentPort.postMessage({ type: "forgotten" });
  }
  else if (message.type === "close") {
    for (const o of observers) o.destroy();
    parentPort.postMessage({ type: "closed" });
    parentPort.close();
  }
});
