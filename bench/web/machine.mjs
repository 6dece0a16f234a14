// How busy the machine was while something was measured, and by whom: the
// whole machine from /proc/stat, each process from /proc/<pid>/stat (all its
// threads). "Ours" is this Node process (the server and the Playwright
// driver) and Chromium (its children: Playwright starts the browser as a
// child of this process). Linux only; elsewhere every figure is NaN.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { machineTimes } from "../proc-stat.mjs";

const CORES = cpus().length;
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readProcesses() {
  const processes = new Map();
  let names = [];
  try {
    names = readdirSync("/proc");
  } catch {
    return processes;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      // After "(comm) ": state (3rd field of the line), ppid (4th), …, utime (14th), stime (15th), starttime (22nd).
      processes.set(Number(name), { comm: stat.slice(stat.indexOf("(") + 1, close), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), started: fields[19] });
    } catch {
      // The process ended while being read.
    }
  }
  return processes;
}

/** A reading of the machine's and every process's CPU time, now. */
export function sampleMachine() {
  return { at: performance.now(), machine: machineTimes(), processes: readProcesses() };
}

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "";
  }
}

function isUnder(processes, pid, root) {
  for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
    if (p === root) return true;
    p = processes.get(p)?.ppid ?? 0;
  }
  return false;
}

/**
 * Cores busy between two samples: the machine's, this process's, Chromium's
 * (every process under this one), the kernel threads', and the other
 * processes', with the busiest of those named. A process that ended in
 * between is not counted.
 */
export function machineUsage(before, after) {
  const seconds = (after.at - before.at) / 1000;
  const cores = (ticks) => ticks / TICKS_PER_SECOND / seconds;
  const m0 = before.machine;
  const m1 = after.machine;
  const machineCores = m0 && m1 && m1.total > m0.total ? (CORES * (m1.busy - m0.busy)) / (m1.total - m0.total) : NaN;
  const stealCores = m0 && m1 && m1.total > m0.total ? (CORES * (m1.steal - m0.steal)) / (m1.total - m0.total) : NaN;
  let node = 0;
  let chromium = 0;
  let kernel = 0;
  const others = [];
  for (const [pid, now] of after.processes) {
    const then = before.processes.get(pid);
    // A pid whose start time changed is a new process (the pid was reused).
    const ticks = now.ticks - (then && then.started === now.started ? then.ticks : 0);
    if (ticks <= 0) continue;
    if (pid === process.pid) node += ticks;
    else if (isUnder(after.processes, pid, process.pid)) chromium += ticks;
    // Kernel threads (children of kthreadd) work for everyone, ours included: disk writeback, network, memory.
    else if (pid === 2 || now.ppid === 2) kernel += ticks;
    else others.push({ pid, comm: now.comm, ticks });
  }
  others.sort((a, b) => b.ticks - a.ticks);
  // Our processes that ended in between (a closed tab's renderer): their last CPU time is lost, so counted nowhere.
  let oursEnded = 0;
  for (const [pid, then] of before.processes) {
    if (!after.processes.has(pid) && isUnder(before.processes, pid, process.pid) && then.ticks >= 0) oursEnded++;
  }
  const otherTicks = others.reduce((sum, o) => sum + o.ticks, 0);
  return {
    seconds,
    machineCores,
    stealCores,
    nodeCores: cores(node),
    chromiumCores: cores(chromium),
    kernelThreadCores: cores(kernel),
    otherCores: cores(otherTicks),
    // Busy time no living process accounts for: processes that ended meanwhile (their time is lost), interrupts.
    unaccountedCores: Math.max(0, machineCores - cores(node + chromium + kernel + otherTicks)),
    oursEnded,
    busiestOthers: others.slice(0, 3).map((o) => ({ pid: o.pid, cores: cores(o.ticks), command: (commandLine(o.pid) || o.comm).slice(0, 90) })),
  };
}

/**
 * Other processes busier than this, in cores, make a measurement disturbed;
 * the time no process accounts for counts too, unless processes of ours ended
 * meanwhile (then it is likely theirs).
 */
export const QUIET_OTHER_CORES = 0.25;

/** CPU time the hypervisor gave other machines (steal) beyond this, in cores, makes a measurement disturbed too. */
export const QUIET_STEAL_CORES = 0.1;

/** Why a measurement over `usage` is disturbed ("other processes", "steal"), or null when the machine was quiet. */
export function disturbance(usage) {
  if (usage.otherCores + (usage.oursEnded ? 0 : usage.unaccountedCores) > QUIET_OTHER_CORES) return `other processes used more than ${QUIET_OTHER_CORES} core`;
  if (usage.stealCores > QUIET_STEAL_CORES) return `the hypervisor took ${usage.stealCores.toFixed(2)} core (steal)`;
  return null;
}

/** One line saying how busy the machine was, and a warning when it was not quiet. */
export function describeUsage(usage) {
  const f = (n) => (Number.isFinite(n) ? n.toFixed(2) : "–");
  const named = usage.busiestOthers.filter((o) => o.cores >= 0.05).map((o) => `${f(o.cores)} ${o.command}`);
  const quiet = disturbance(usage) === null;
  return (
    `machine ${f(usage.machineCores)} of ${CORES} cores busy over ${usage.seconds.toFixed(1)} s: this process (server + driver) ${f(usage.nodeCores)}, ` +
    `Chromium ${f(usage.chromiumCores)}, kernel threads ${f(usage.kernelThreadCores)}, other processes ${f(usage.otherCores)}, not accounted for ${f(usage.unaccountedCores)}${usage.oursEnded ? ` (${usage.oursEnded} of our processes ended meanwhile)` : ""}${usage.stealCores > 0.01 ? `, steal ${f(usage.stealCores)}` : ""}` +
    (named.length ? ` (busiest: ${named.join("; ")})` : "") +
    (quiet ? "" : "  — THE MACHINE WAS NOT QUIET: numbers disturbed")
  );
}
