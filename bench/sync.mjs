// Sync under load: the same load against (a) Accord — permission checks and a
// durable SQLite log in front of Hocuspocus — and (b) a plain Hocuspocus 4
// server with no validation and no persistence, one after the other, in one
// run. Each server runs in a child process (bench/sync/server-child.mjs) whose
// own CPU time is measured; the load generator (this process) is not counted.
// The plain server is given the same batching as Accord's group commit
// (`--plain batched`, the default): updates applied together go out in fewer
// frames, so without it the comparison would flatter Accord.
//
// Load: for each count of `--clients` (default 50,200,400) that many senders
// on one 2,000-paragraph document, each making one edit per second, spread
// evenly, for `--seconds` (default 30) after `--warm-up` seconds (default
// 10) of the same load that is not measured (a fresh server compiles its hot
// paths in its first thousands of edits: a one-off that a short run at light
// load would charge to every edit); `--observers` (default 5) full
// clients time how long each edit takes to reach them. Prints numbers — a
// benchmark, not a test — and exits 0; a missed target prints OVER TARGET, a
// run disturbed by other processes or in which a server fell behind says so.
// See docs/benchmarks.md, "Sync under load".
//
//   npm run bench:sync                               (builds first)
//   node bench/sync.mjs --seconds 10 --clients 50
//   node bench/sync.mjs --clients 50 --rounds 3    (the two servers alternated three
//     times at each load; the verdict on CPU is the median of the rounds' ratios)
//   node bench/sync.mjs --only accord --cpu-prof     (V8's sampling profiler, as
//     `node --cpu-prof` uses, in the server child from the start of the sending
//     until everything arrived; prints the hot functions and keeps the .cpuprofile)
// Other options: --observers N, --seed N, --paragraphs N and --proposals N (the
// document: 2,000 and 5,000), --plain ws (the plain server without batching) or
// crossws (Hocuspocus' own Server, no batching), --own-docs (one Y.Doc per sender),
// --pin (the server child on core 1, this process on core 0, by `taskset`; at 400
// senders the generator needs more than one core, and every edit is late),
// --server-flags "--trace-gc" (Node's flags for the server child).
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { startChild, stopChild } from "./sync/child.mjs";
import { EditMaker, checkAttributeKeys, planSenders } from "./sync/edits.mjs";
import { runLoadOnChild } from "./sync/load.mjs";
import { printProfilesIn } from "./sync/profile.mjs";
import { runBench } from "./support/main.mjs";
import { flag, integer, number, oneOf, parseOptions } from "./support/options.mjs";

const TARGET_CPU_RATIO = 1.3;
const TARGET_P99_MS = 100;

function parseArgs(argv) {
  return parseOptions(
    argv,
    { seconds: 30, warmUp: 10, clients: [50, 200, 400], rounds: 1, observers: 5, seed: 2026, paragraphs: 2000, proposals: 5000, only: "", plain: "batched", ownDocs: false, cpuProf: false, pin: false, serverFlags: [] },
    {
      "--seconds": ["seconds", number(1, 3600)],
      "--warm-up": ["warmUp", number(0, 600)],
      "--rounds": ["rounds", integer(1, 20)],
      "--clients": ["clients", integers(1, 2000)],
      "--observers": ["observers", integer(1, 50)],
      "--seed": ["seed", integer(0, 2 ** 31)],
      "--paragraphs": ["paragraphs", integer(10, 20_000)],
      "--proposals": ["proposals", integer(0, 100_000)],
      "--only": ["only", oneOf("accord", "plain")],
      "--plain": ["plain", oneOf("batched", "ws", "crossws")],
      "--own-docs": ["ownDocs", flag()],
      "--cpu-prof": ["cpuProf", flag()],
      "--pin": ["pin", flag()],
      "--server-flags": ["serverFlags", { takesValue: true, read: (value) => value.split(" ").filter(Boolean) }],
    },
  );
}

/** A comma-separated list of whole numbers from `min` to `max` (`50,200,400`). */
function integers(min, max) {
  const one = integer(min, max);
  return { takesValue: true, read: (value, arg) => value.split(",").map((part) => one.read(part.trim(), arg)) };
}

const PLAIN_LABELS = { batched: "plain Hocuspocus, same batching", ws: "plain Hocuspocus, no batching", crossws: "plain Hocuspocus (own Server), no batching" };
const PLAIN_KINDS = { batched: "plain-batched", ws: "plain", crossws: "plain-crossws" };

async function runServer(kind, clients, options, profileDir) {
  const label = kind === "accord" ? "Accord" : PLAIN_LABELS[options.plain];
  console.log(`\n${label}, ${clients} senders: starting the server child and setting up…`);
  const server = startChild(options.serverFlags);
  if (options.pin) pinToCore(server.child.pid, 1);
  const plan = planSenders(clients);
  let maker = null;
  try {
    const childKind = kind === "accord" ? "accord" : PLAIN_KINDS[options.plain];
    const ready = await server.ask(
      { type: "setup", kind: childKind, seed: options.seed, paragraphs: options.paragraphs, proposals: options.proposals, senders: plan, observers: options.observers, profileDir: profileDir ? join(profileDir, `${kind}-${clients}`) : null },
      "ready",
      300_000,
    );
    const initial = new Uint8Array(await readFile(ready.initialPath));
    const checked = checkAttributeKeys(initial);
    maker = new EditMaker(initial, plan, { seed: options.seed, ownDocs: options.ownDocs });
    console.log(
      `  document ${(initial.length / 1024).toFixed(0)} KiB as one update, ${maker.openParagraphs} open paragraphs dealt to ${plan.length} senders` +
        ` (${plan.filter((p) => p.role === "chair").length} chairs, ${new Set(plan.filter((p) => p.role === "delegate").map((p) => p.delegation)).size} delegations); ` +
        `proposal attribute keys match y-prosemirror's (${checked} checked)`,
    );
    const result = await runLoadOnChild(server, ready, { initial, maker, seconds: options.seconds, warmUpSeconds: options.warmUp });
    printResult(label, result);
    return { label, result };
  } finally {
    maker?.destroy();
    await stopChild(server);
  }
}

/**
 * Keeps a process's every thread on one core (Linux' `taskset`; threads it
 * starts later inherit it). With `--pin` the server child runs on core 1 and
 * this process, the load generator and its observers, on core 0: where the
 * scheduler puts them, and whether they share a core, otherwise changes a
 * server's CPU per edit from run to run by more than the ratio's target.
 */
function pinToCore(pid, core) {
  execFileSync("taskset", ["-a", "-p", "-c", String(core), String(pid)], { stdio: "ignore" });
}

const f = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

function printResult(label, r) {
  const s = r.server;
  console.log(`  ${label}:`);
  console.log(`    edits sent            ${r.sent} of ${r.planned} planned in ${f(r.sendingMs / 1000, 1)} s${r.skipped ? ` (${r.skipped} skipped: sender closed)` : ""}`);
  console.log(`    propagation latency   median ${f(r.latencyMedian)} ms   p99 ${f(r.latencyP99)} ms   max ${f(r.latencyMax)} ms   (${r.samples} samples: edits × observers)`);
  console.log(`    acknowledgement       median ${f(r.ackMedian)} ms   p99 ${f(r.ackP99)} ms   (${r.acks} acks, ${r.nacks} negative)`);
  console.log(`    edits lost            ${r.neverSeen} never seen by any observer, ${r.notSeenByAll} not seen by all (per observer: ${r.unseenPerObserver.join(", ")}); ${r.missingOnServer} missing from the server's document (${s.documentLoaded ? `${s.markers} markers in it` : "NOT LOADED"})`);
  if (r.late) console.log(`    backlog               ${r.late} edits reached an observer only more than 1 s after the sending stopped (the server fell behind)`);
  console.log(`    refusals              ${r.refusals}${s.refusals !== undefined ? ` (audit trail: ${s.refusals})` : ""}${r.refusalReasons.length ? ` — ${r.refusalReasons.join(" | ")}` : ""}`);
  if (r.closedSenders) console.log(`    senders closed        ${r.closedSenders}: ${r.closeReasons.join(" | ")}`);
  if (s.logged !== undefined) {
    console.log(`    durable log           ${s.logged} client updates logged, log + import ${(s.loggedBytes / 1e6).toFixed(1)} MB; ` +
      `${s.commits} commits of ${f(s.commitUpdates / Math.max(1, s.commits), 2)} updates on average, ${f(s.commitMs / Math.max(1, s.commits), 2)} ms each (p99 ${f(s.commitP99Ms)} ms), ${f(s.commitMs / 1000)} s in all`);
  }
  if (s.accepted) console.log(`    typing                ${s.accepted.typedBefore} of ${s.accepted.updates} accepted client updates judged before they were applied (the rest on the check's copy)`);
  console.log(`    server CPU            ${f(r.serverCpuPercent)} % of one core while sending; ${f(r.serverCpuPerEditMs, 2)} ms per edit, ${f(r.serverSystemPerEditMs, 2)} of it in the kernel (${f(r.serverCpuTotalMs, 0)} ms up to drained, drain ${f(r.drainMs, 0)} ms); RSS ${f(r.serverRssMb, 0)} MB`);
  const threads = Object.entries(r.serverThreadsMs ?? {}).sort((a, b) => b[1] - a[1]);
  if (threads.length) console.log(`    server threads        ${threads.map(([name, ms]) => `${name} ${f(ms, 0)} ms`).join(", ")} (start to drained)`);
  console.log(`    server event loop     busy ${f(r.serverLoopBusyPercent)} % while sending, ${f(r.serverLoopBusyDrainedPercent)} % up to drained (CPU ${f(r.serverCpuDrainedPercent)} % of one core over that time)${r.serverStallMaxMs === null ? "" : `; held up p99 ${f(r.serverStallP99Ms)} ms, longest ${f(r.serverStallMaxMs)} ms`}`);
  const others = r.machineBusyCores - (r.serverCpuPercent + r.generatorCpuPercent) / 100;
  console.log(`    machine               ${f(r.machineBusyCores, 2)} of ${cpus().length} cores busy while sending: server ${f(r.serverCpuPercent / 100, 2)}, generator ${f(r.generatorCpuPercent / 100, 2)}, other processes and kernel ${f(others, 2)}${r.machineStealCores > 0.01 ? `, steal ${f(r.machineStealCores, 2)}` : ""}${others > 0.25 ? "  (THE MACHINE WAS NOT QUIET: numbers disturbed)" : ""}`);
  console.log(`    generator             ${f(r.generatorCpuPercent)} % of one core; send lag median ${f(r.lagMedian)} ms p99 ${f(r.lagP99)} ms max ${f(r.lagMax)} ms; event-loop delay p99 ${f(r.generatorLoopDelayP99)} ms; ${r.broadcastsReceived} broadcasts read by senders`);
}

/** Why a run's numbers are not to be trusted, or "" when they are. */
function disturbance(r) {
  const others = r.machineBusyCores - (r.serverCpuPercent + r.generatorCpuPercent) / 100;
  const why = [];
  if (others > 0.25) why.push(`other processes used ${f(others, 2)} cores`);
  if (r.late) why.push(`the server fell behind (${r.late} edits more than 1 s late)`);
  return why.join("; ");
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const cpu = cpus();
  if (options.pin) pinToCore(process.pid, 0);
  console.log(
    `Sync under load: ${options.clients.join(", ")} senders × 1 edit/s for ${options.seconds} s each (after ${options.warmUp} s unmeasured), ${options.observers} observers, ` +
      `${options.paragraphs}-paragraph document with ${options.proposals} proposals (seed ${options.seed}); ` +
      `compared with ${PLAIN_LABELS[options.plain]}${options.pin ? "; server pinned to core 1, load generator to core 0" : ""}; node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? "?"}`,
  );
  const profileDir = options.cpuProf ? await mkdtemp(join(tmpdir(), "accord-bench-sync-prof-")) : null;
  const rows = [];
  for (const clients of options.clients) {
    // Rounds alternate the two servers, so that what else the machine does falls on both alike.
    for (let round = 1; round <= options.rounds; round++) {
      const results = {};
      for (const kind of ["accord", "plain"]) {
        if (options.only && options.only !== kind) continue;
        try {
          results[kind] = (await runServer(kind, clients, options, round === 1 ? profileDir : null)).result;
        } catch (error) {
          console.log(`  ${kind}: FAILED — ${error?.stack ?? error}`);
        }
      }
      rows.push({ clients, round, accord: results.accord, plain: results.plain });
    }
  }

  console.log(`\nComparison (plain: ${PLAIN_LABELS[options.plain]})`);
  for (const clients of options.clients) {
    const ofLoad = rows.filter((row) => row.clients === clients);
    const ratios = ofLoad.filter((row) => row.accord && row.plain).map((row) => row.accord.serverCpuPerEditMs / row.plain.serverCpuPerEditMs);
    console.log(`  ${clients} senders`);
    if (ratios.length > 1) {
      const sorted = [...ratios].sort((x, y) => x - y);
      const median = sorted[Math.floor((sorted.length - 1) / 2)];
      console.log(`    server CPU ratio      median of ${ratios.length} rounds ${f(median, 2)}× (${ratios.map((r) => f(r, 2)).join(", ")})   (target ≤ ${TARGET_CPU_RATIO}×: ${median <= TARGET_CPU_RATIO ? "ok" : "OVER TARGET"})`);
    }
    for (const { round, accord: a, plain: p } of ofLoad) {
      const tag = options.rounds > 1 ? ` (round ${round})` : "";
      if (a && p) {
        const ratio = a.serverCpuPerEditMs / p.serverCpuPerEditMs;
        console.log(`    server CPU per edit   Accord ${f(a.serverCpuPerEditMs, 2)} ms / plain ${f(p.serverCpuPerEditMs, 2)} ms = ${f(ratio, 2)}×${tag}${options.rounds > 1 ? "" : `   (target ≤ ${TARGET_CPU_RATIO}×: ${ratio <= TARGET_CPU_RATIO ? "ok" : "OVER TARGET"})`}`);
      } else console.log(`    server CPU ratio      – (needs both servers)${tag}`);
    }
    for (const { round, accord: a, plain: p } of ofLoad) for (const [name, r] of [["Accord", a], ["plain", p]]) {
      if (!r) continue;
      const lost = r.neverSeen + r.missingOnServer;
      const ok = r.latencyP99 < TARGET_P99_MS && lost === 0;
      const why = disturbance(r);
      const tag = options.rounds > 1 ? ` (round ${round})` : "";
      console.log(`    p99 latency ${name.padEnd(9)} ${f(r.latencyP99)} ms, ${lost} lost${tag}   (target < ${TARGET_P99_MS} ms, 0 lost: ${ok ? "ok" : "OVER TARGET"})${why ? `   DISTURBED: ${why}` : ""}`);
    }
  }

  if (profileDir) {
    for (const { clients } of rows) for (const kind of ["accord", "plain"]) await printProfilesIn(join(profileDir, `${kind}-${clients}`));
  }
}

runBench("bench:sync", main);
