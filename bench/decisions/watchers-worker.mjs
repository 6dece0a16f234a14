// The watching clients of bench/decisions.mjs, in a worker thread of the
// generator (as bench/sync's observers): one full client per role, each with
// its own Y.Doc, that report the instant a decision shows in their document.
// Times are absolute (performance.timeOrigin + now), so they compare with the
// main thread's.
//   main → worker: workerData { url, documentName, watchers: [{ role, token }] }
//   worker → main: { type: "ready" } | { type: "error", message }
//   main → worker: { type: "expect", key, block, proposal?, state?, status? }
//                  → { type: "armed", key }, then { type: "seen", key, role, at } once per watcher
//   main → worker: { type: "forget", key }     (the decision was refused: stop waiting for it)
//   main → worker: { type: "close" }           → { type: "closed" }
import { parentPort, workerData } from "node:worker_threads";
import { YDOC_PARTS } from "@accord/collab";
import * as Y from "yjs";
import { openClient } from "../sync/load.mjs";

const { url, documentName, watchers: roles } = workerData;
const now = () => performance.timeOrigin + performance.now();
const watchers = [];

/** The block element carrying `id` in a watcher's document, or null. */
function blockElement(doc, id) {
  for (const element of doc.getXmlFragment(YDOC_PARTS.content).toArray()) {
    if (element instanceof Y.XmlElement && element.getAttribute("id") === id) return element;
  }
  return null;
}

/** Whether the block shows the decision: its status, or every span of the proposal in the wanted state. */
function shows(element, expectation) {
  if (expectation.status !== undefined) return element.getAttribute("status") === expectation.status;
  let spans = 0;
  for (const child of element.toArray()) {
    if (!(child instanceof Y.XmlText)) continue;
    for (const run of child.toDelta()) {
      for (const value of Object.values(run.attributes ?? {})) {
        if (value?.id !== expectation.proposal) continue;
        if (value.state !== expectation.state) return false;
        spans++;
      }
    }
  }
  return spans > 0;
}

try {
  for (const { role, token } of roles) {
    const client = await openClient({ url, documentName, token });
    const watcher = { role, client, waiting: new Map() };
    client.doc.on("afterTransaction", () => {
      if (!watcher.waiting.size) return;
      const at = now();
      for (const [key, expectation] of watcher.waiting) {
        if (!shows(expectation.element, expectation)) continue;
        watcher.waiting.delete(key);
        parentPort.postMessage({ type: "seen", key, role, at });
      }
    });
    watchers.push(watcher);
  }
  parentPort.postMessage({ type: "ready" });
} catch (error) {
  parentPort.postMessage({ type: "error", message: String(error?.stack ?? error) });
}

parentPort.on("message", (message) => {
  if (message.type === "expect") {
    for (const watcher of watchers) {
      const element = blockElement(watcher.client.doc, message.block);
      if (!element) {
        parentPort.postMessage({ type: "error", message: `${watcher.role} watcher: no block ${message.block}` });
        return;
      }
      const expectation = { ...message, element };
      if (shows(element, expectation)) parentPort.postMessage({ type: "error", message: `${watcher.role} watcher: block ${message.block} shows the decision already` });
      else watcher.waiting.set(message.key, expectation);
    }
    parentPort.postMessage({ type: "armed", key: message.key });
  } else if (message.type === "forget") {
    for (const watcher of watchers) watcher.waiting.delete(message.key);
  } else if (message.type === "close") {
    for (const watcher of watchers) watcher.client.destroy();
    parentPort.postMessage({ type: "closed" });
    parentPort.close();
  }
});
