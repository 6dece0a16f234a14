// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the
// most self time, and the inclusive time of a few functions worth watching.
// Usable alone: node bench/sync/profile.mjs file.cpuprofile [top]
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const key = (frame) => `${frame.functionName || "(anonymous)"} ${frame.url ? basename(frame.url) : ""}:${frame.lineNumber + 1}`;

export function summarize(path, top = 20) {
  const profile = JSON.parse(readFileSync(path, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    const name = node.callFrame.functionName;
    total += dt;
    if (name === "(idle)" || name === "(program)") {
      if (name === "(idle)") idle += dt;
      return;
    }
    const k = key(node.callFrame);
    self.set(k, (self.get(k) ?? 0) + dt);
    const stack = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) stack.add(key(byId.get(cur).callFrame));
    for (const s of stack) inclusive.set(s, (inclusive.get(s) ?? 0) + dt);
  });
  const busy = total - idle;
  const rows = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  return { total, idle, busy, self: rows(self).slice(0, top), inclusive: rows(inclusive) };
}

export function printSummary(path, top = 20, watch = []) {
  const s = summarize(path, top);
  const pct = (ms) => `${((100 * ms) / s.busy).toFixed(1).padStart(5)} %`;
  console.log(`profile ${basename(path)}: ${(s.total / 1000).toFixed(1)} s sampled, ${(s.busy / 1000).toFixed(1)} s busy (percentages of busy time)`);
  console.log("  self time:");
  for (const [name, ms] of s.self) console.log(`  ${pct(ms)} ${ms.toFixed(0).padStart(7)} ms  ${name}`);
  const watched = s.inclusive.filter(([name]) => watch.some((w) => name.startsWith(`${w} `)));
  if (watched.length) {
    console.log("  inclusive time (function and everything it calls):");
    for (const [name, ms] of watched.slice(0, 25)) console.log(`  ${pct(ms)} ${ms.toFixed(0).padStart(7)} ms  ${name}`);
  }
}

/** Functions whose inclusive time is shown: Accord's checks and log, Yjs, Hocuspocus, ws. */
export const WATCH = [
  "beforeHandleMessage",
  "check",
  "elementToJSON",
  "blocksById",
  "stripDelegation",
  "checkBlock",
  "ownStates",
  "canonicalContent",
  "record",
  "append",
  "flush",
  "appendUpdates",
  "compact",
  "onStoreDocument",
  "loadDocumentState",
  "mergeUpdates",
  "applyUpdate",
  "readSyncMessage",
  "processMessages",
  "broadcastUpdate",
  "handleUpdate",
  "send",
  "sendFrame",
  "encodeStateAsUpdate",
  "garbage collector",
  "(garbage collector)",
];

/**
 * Summarises every .cpuprofile in `dir` (none when it does not exist), each
 * after a blank line and followed by where it is kept.
 */
export async function printProfilesIn(dir, top = 25, watch = WATCH) {
  const files = await readdir(dir).catch(() => []);
  for (const file of files.filter((x) => x.endsWith(".cpuprofile"))) {
    console.log();
    printSummary(join(dir, file), top, watch);
    console.log(`  (kept: ${join(dir, file)})`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, top] = process.argv.slice(2);
  if (!path) {
    console.error("usage: node bench/sync/profile.mjs file.cpuprofile [top]");
    process.exit(2);
  }
  printSummary(path, Number(top ?? 25), WATCH);
}
