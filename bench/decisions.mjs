// The chair's decisions through the REST API — accept, reject, a paragraph's
// status — on the generated 2,000-paragraph document, timed from the call's
// start until every watching client's Y.Doc shows the change (one full client
// per role: chair, delegate, observer, in a worker thread), first with those
// clients connected and idle, then while `--clients` typists (default 200)
// each make an edit a second (bench/sync's load, runLoad). The server runs in a
// child process (bench/sync/server-child.mjs). Prints median / p95 / max of
// "visible on every page" and of the HTTP answer per kind and phase, with the
// machine's load average; a p95 over the target (100 ms idle, 250 ms under
// load) prints OVER TARGET. A benchmark, not a test: it always exits 0.
// See docs/benchmarks.md, "The chair's decisions".
//
//   npm run bench:decisions                       (builds first)
//   node bench/decisions.mjs --decisions 10 --only idle
//   node bench/decisions.mjs --cpu-prof          (V8's sampling profiler in the server
//     child over each phase's decisions; prints the hot functions, keeps the .cpuprofile)
// Other options: --clients N, --seconds N (the load's least duration: it goes on
// until the decisions are done), --pause MS (between decisions, default 200),
// --seed N, --paragraphs N, --proposals N, --only idle|load.
import { mkdtemp, readFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { OAS_MEMBER_STATES } from "@accord/schema";
import * as Y from "yjs";
import { startChild, stopChild } from "./sync/child.mjs";
import { EditMaker, planSenders, random } from "./sync/edits.mjs";
import { runLoadOnChild } from "./sync/load.mjs";
import { printProfilesIn } from "./sync/profile.mjs";
import { runBench } from "./support/main.mjs";
import { flag, integer, oneOf, parseOptions } from "./support/options.mjs";
import { summary } from "./support/stats.mjs";

const TARGET_IDLE_MS = 100;
const TARGET_LOAD_MS = 250;
const KINDS = ["accept", "reject", "status"];
/** Decisions made first and left out of the numbers: the server's code runs for the first time. */
const WARM_UP = 3;
const SEEN_TIMEOUT_MS = 20_000;
/** Absolute milliseconds, comparable between the main thread and the watchers' worker. */
const clock = () => performance.timeOrigin + performance.now();

function parseArgs(argv) {
  return parseOptions(
    argv,
    { decisions: 20, clients: 200, seconds: 10, pause: 200, seed: 2026, paragraphs: 2000, proposals: 5000, only: "", cpuProf: false },
    {
      "--decisions": ["decisions", integer(1, 1000)],
      "--clients": ["clients", integer(1, 2000)],
      "--seconds": ["seconds", integer(1, 3600)],
      "--pause": ["pause", integer(0, 60_000)],
      "--seed": ["seed", integer(0, 2 ** 31)],
      "--paragraphs": ["paragraphs", integer(10, 20_000)],
      "--proposals": ["proposals", integer(0, 100_000)],
      "--only": ["only", oneOf("idle", "load")],
      "--cpu-prof": ["cpuProf", flag()],
    },
  );
}

/** The watching clients' worker, and requests to it. */
function startWatchers(workerData) {
  const worker = new Worker(new URL("./decisions/watchers-worker.mjs", import.meta.url), { workerData });
  const count = workerData.watchers.length;
  const armed = new Map();
  const seen = new Map(); // key → { roles: [{ role, at }], done }
  let failure = null;
  let ready;
  const readyPromise = new Promise((resolve, reject) => (ready = { resolve, reject }));
  const fail = (error) => {
    failure ??= error;
    ready.reject(error);
    for (const a of armed.values()) a.reject(error);
    for (const s of seen.values()) s.reject?.(error);
  };
  worker.on("error", fail);
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  worker.on("message", (message) => {
    if (message.type === "error") fail(new Error(message.message));
    else if (message.type === "ready") ready.resolve();
    else if (message.type === "armed") armed.get(message.key)?.resolve();
    else if (message.type === "seen") {
      const entry = seen.get(message.key);
      if (!entry) return;
      entry.roles.push({ role: message.role, at: message.at });
      if (entry.roles.length === count) entry.resolve?.(entry.roles);
    }
  });
  return {
    ready: readyPromise,
    /** Tells every watcher what to look for; resolves once they look. */
    expect(expectation) {
      if (failure) return Promise.reject(failure);
      seen.set(expectation.key, { roles: [] });
      return new Promise((resolve, reject) => {
        armed.set(expectation.key, { resolve, reject });
        worker.postMessage({ type: "expect", ...expectation });
      }).finally(() => armed.delete(expectation.key));
    },
    /** When each watcher saw it: [{ role, at }]; rejects after `timeoutMs`. */
    seen(key, timeoutMs) {
      const entry = seen.get(key);
      if (failure) return Promise.reject(failure);
      if (entry.roles.length === count) return Promise.resolve(entry.roles);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`decision ${key}: seen by ${entry.roles.map((r) => r.role).join(", ") || "no watcher"} after ${timeoutMs} ms`)), timeoutMs);
        entry.resolve = (roles) => (clearTimeout(timer), resolve(roles));
        entry.reject = (error) => (clearTimeout(timer), reject(error));
      }).finally(() => seen.delete(key));
    },
    forget(key) {
      seen.delete(key);
      worker.postMessage({ type: "forget", key });
    },
    async close() {
      if (!failure) worker.postMessage({ type: "close" });
      const timeout = new Promise((r) => setTimeout(() => r("timeout"), 5_000));
      if ((await Promise.race([exited, timeout])) === "timeout") await worker.terminate();
    },
  };
}

/**
 * What to decide, dealt in a seeded order: open proposals of a delegation in
 * open paragraphs (each accepted or rejected once; an untagged bracket is not
 * decided but settled by the text), and paragraphs already settled
 * (their status moved between two settled ones, so no typist's paragraph is
 * locked under it).
 */
async function targets({ api, token, initial, seed }) {
  const rnd = random(seed + 16);
  const shuffle = (list) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  };
  const response = await fetch(`${api}/proposals?state=open`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET proposals: ${response.status} ${await response.text()}`);
  const { proposals } = await response.json();
  const brackets = shuffle(proposals.filter((p) => p.kind === "inline" && p.by.length > 0 && p.block.status === "open").map((p) => ({ proposal: p.id, block: p.block.id })));
  const doc = new Y.Doc();
  Y.applyUpdate(doc, initial);
  const settled = [];
  for (const element of doc.getXmlFragment("content").toArray()) {
    const status = element.getAttribute?.("status");
    if (element.nodeName === "paragraph" && status && status !== "open") settled.push({ block: String(element.getAttribute("id")), status });
  }
  doc.destroy();
  return { brackets, settled: shuffle(settled) };
}

/** Makes decisions of every kind in turn, `count` of each after the warm-up, and times each. */
async function decide({ api, token, watchers, dealt, count, pause, label }) {
  const times = Object.fromEntries(KINDS.map((k) => [k, { visible: [], http: [], byRole: {}, refused: [] }]));
  const warmUp = [];
  let key = 0;
  for (let i = 0; i < WARM_UP + count * KINDS.length; i++) {
    const kind = i < WARM_UP ? "accept" : KINDS[(i - WARM_UP) % KINDS.length];
    let expectation;
    let path;
    let body = {};
    if (kind === "status") {
      const target = dealt.settled.shift();
      if (!target) throw new Error("no settled paragraph left to change");
      const status = target.status === "agreed-informally" ? "agreed-ad-referendum" : "agreed-informally";
      expectation = { block: target.block, status };
      path = `/blocks/${target.block}/status`;
      body = { status, date: "2026-12-07" };
    } else {
      const target = dealt.brackets.shift();
      if (!target) throw new Error("no open proposal left to decide");
      expectation = { block: target.block, proposal: target.proposal, state: kind === "accept" ? "accepted" : "rejected" };
      path = `/proposals/${target.proposal}/${kind}`;
    }
    const k = ++key;
    await watchers.expect({ key: k, ...expectation });
    const start = clock();
    const response = await fetch(`${api}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answered = clock();
    const text = await response.text();
    if (!response.ok) {
      watchers.forget(k);
      if (i < WARM_UP) warmUp.push(`refused (${response.status})`);
      else times[kind].refused.push(`${response.status} ${text.slice(0, 120)}`);
      continue;
    }
    const roles = await watchers.seen(k, SEEN_TIMEOUT_MS);
    const visible = Math.max(...roles.map((r) => r.at)) - start;
    if (i < WARM_UP) warmUp.push(`${visible.toFixed(0)} ms`);
    else {
      times[kind].visible.push(visible);
      times[kind].http.push(answered - start);
      for (const { role, at } of roles) (times[kind].byRole[role] ??= []).push(at - start);
    }
    if (pause) await new Promise((r) => setTimeout(r, pause));
  }
  console.log(`  ${label}: warm-up decisions (left out) visible after ${warmUp.join(", ")}`);
  return times;
}

const f = (n) => (Number.isFinite(n) ? n.toFixed(0) : "–");
const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");

function printTimes(times, target) {
  const verdicts = [];
  for (const kind of KINDS) {
    const t = times[kind];
    const visible = summary(t.visible);
    const http = summary(t.http);
    const ok = visible.n > 0 && visible.p95 < target;
    verdicts.push(ok);
    console.log(
      `    ${kind.padEnd(7)} visible on every page: median ${f(visible.median).padStart(5)} ms  p95 ${f(visible.p95).padStart(5)} ms  max ${f(visible.max).padStart(5)} ms` +
        `   HTTP answer: median ${f(http.median)} ms  p95 ${f(http.p95)} ms   (${visible.n} decisions${t.refused.length ? `, ${t.refused.length} refused: ${t.refused[0]}` : ""})` +
        `   target p95 < ${target} ms: ${ok ? "ok" : "OVER TARGET"}`,
    );
    const roles = Object.entries(t.byRole).map(([role, list]) => `${role} ${f(summary(list).median)}`);
    console.log(`            median per watching client: ${roles.join(", ")} ms`);
  }
  return verdicts.every(Boolean);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const cpu = cpus();
  console.log(
    `The chair's decisions: ${options.decisions} of each kind (accept, reject, status) per phase on a ${options.paragraphs}-paragraph document with ${options.proposals} proposals (seed ${options.seed}); ` +
      `node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? "?"}; load average ${load()}`,
  );
  const profileDir = options.cpuProf ? await mkdtemp(join(tmpdir(), "accord-bench-decisions-prof-")) : null;
  const server = startChild([]);
  const plan = planSenders(options.clients);
  const delegation = OAS_MEMBER_STATES[0].code;
  const members = [
    { role: "chair", delegation: "" },
    { role: "chair", delegation: "" },
    { role: "delegate", delegation },
    { role: "observer", delegation: "" },
  ];
  let watchers = null;
  let maker = null;
  const verdicts = [];
  try {
    const ready = await server.ask(
      { type: "setup", kind: "accord", seed: options.seed, paragraphs: options.paragraphs, proposals: options.proposals, senders: plan, observers: 2, members, profileDir },
      "ready",
      300_000,
    );
    const [deciding, ...watching] = ready.memberTokens;
    const api = `http://127.0.0.1:${ready.port}/api/documents/${ready.documentName}`;
    const url = `ws://127.0.0.1:${ready.port}/collab`;
    const initial = new Uint8Array(await readFile(ready.initialPath));
    watchers = startWatchers({ url, documentName: ready.documentName, watchers: watching.map((token, i) => ({ role: `${members[i + 1].role}${members[i + 1].delegation ? ` ${members[i + 1].delegation}` : ""}`, token })) });
    await watchers.ready;
    const dealt = await targets({ api, token: deciding, initial, seed: options.seed });
    console.log(`  ${watching.length} watching clients synced; ${dealt.brackets.length} open brackets and ${dealt.settled.length} settled paragraphs to decide on`);
    const run = (label) => decide({ api, token: deciding, watchers, dealt, count: options.decisions, pause: options.pause, label });

    if (options.only !== "load") {
      console.log(`\nIdle: the watching clients connected, nobody typing (load average ${load()})`);
      if (profileDir) await server.ask({ type: "cpu", label: "start" }, "cpu");
      const times = await run("idle");
      if (profileDir) await server.ask({ type: "cpu", label: "drained" }, "cpu");
      console.log(`  load average after: ${load()}`);
      verdicts.push(printTimes(times, TARGET_IDLE_MS));
    }

    if (options.only !== "idle") {
      console.log(`\nUnder load: ${plan.length} typists, an edit a second each, and ${ready.observerTokens.length} observers timing them (load average ${load()})`);
      maker = new EditMaker(initial, plan, { seed: options.seed });
      let times = null;
      const result = await runLoadOnChild(server, ready, {
        initial,
        maker,
        seconds: options.seconds,
        alongside: async () => {
          // The load settles for two seconds first.
          await new Promise((r) => setTimeout(r, 2000));
          times = await run("under load");
        },
      });
      console.log(`  load average after: ${load()}`);
      console.log(
        `  the load: ${result.sent} edits in ${(result.sendingMs / 1000).toFixed(0)} s, propagation median ${f(result.latencyMedian)} ms p99 ${f(result.latencyP99)} ms; ` +
          `${result.refusals} refused, ${result.neverSeen} lost; server CPU ${f(result.serverCpuPercent)} % of one core; machine ${result.machineBusyCores.toFixed(2)} of ${cpu.length} cores busy`,
      );
      verdicts.push(printTimes(times, TARGET_LOAD_MS));
    }
  } finally {
    maker?.destroy();
    await watchers?.close();
    await stopChild(server);
  }
  console.log(`\n${verdicts.every(Boolean) ? "Every target met." : "OVER TARGET: see above."}`);
  if (profileDir) await printProfilesIn(profileDir);
}

runBench("bench:decisions", main);
