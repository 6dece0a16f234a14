// The whole machine's CPU time from /proc/stat (Linux), shared by the benchmarks to say what else ran.
import { readFileSync } from "node:fs";

/** All CPUs' busy and total time and the time stolen by the hypervisor, in clock ticks; null where /proc/stat is absent. */
export function machineTimes() {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
    return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal, steal };
  } catch {
    return null;
  }
}
