import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The benchmark scripts' shared support (bench/support/), run as the scripts
// run it: in a node process of its own, since bench/ is plain JavaScript.

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Runs an ES module's source with node in the repository's root; its exit code and output. */
function runModule(source: string): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", source], { cwd: ROOT, encoding: "utf8", timeout: 20_000 });
  return { status: run.status, stdout: run.stdout };
}

describe("bench/support", () => {
  // Invariant: a benchmark that fails to run says so in one line and exits with the code it asked for, whatever else is pending.
  it("runBench exits with the failure code it is given, and 0 when the run succeeds", () => {
    const failing = runModule(`import { runBench } from "./bench/support/main.mjs";
      runBench("bench:probe", async () => { throw new Error("no server"); }, { failureCode: 1, graceMs: 100 });`);
    expect(failing.stdout).toMatch(/^bench:probe FAILED — Error: no server/);
    expect(failing.status).toBe(1);
    const lingering = runModule(`import { runBench } from "./bench/support/main.mjs";
      setTimeout(() => {}, 5000);
      runBench("bench:probe", async () => { throw new Error("no server"); }, { failureCode: 1, graceMs: 100 });`);
    expect(lingering.status).toBe(1);
    const passing = runModule(`import { runBench } from "./bench/support/main.mjs";
      runBench("bench:probe", async () => console.log("42 ms"));`);
    expect(passing).toEqual({ status: 0, stdout: "42 ms\n" });
  });

  // Invariant: every option is read by its kind, and every mistake is a message naming the option.
  it("parseOptions reads each kind of option and names the option in every refusal", () => {
    const { stdout, status } = runModule(`import { flag, integer, number, oneOf, parseOptions, text } from "./bench/support/options.mjs";
      const spec = { "--runs": ["runs", integer(1, 100)], "--seconds": ["seconds", number(1, 60)], "--only": ["only", oneOf("idle", "load")],
        "--style": ["style", text()], "--cpu-prof": ["cpuProf", flag()] };
      const defaults = { runs: 5, seconds: 30, only: "", style: "", cpuProf: false };
      const attempt = (argv) => { try { return parseOptions(argv, defaults, spec); } catch (error) { return error.message; } };
      console.log(JSON.stringify([
        attempt([]),
        attempt(["--runs", "2.6", "--seconds", "2.5", "--only", "load", "--style", "b { }", "--cpu-prof"]),
        attempt(["--runs", "0"]), attempt(["--runs", "x"]), attempt(["--runs"]), attempt(["--only", "busy"]), attempt(["--bogus"]), attempt(["--toString"]),
      ]));`);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { runs: 5, seconds: 30, only: "", style: "", cpuProf: false },
      { runs: 3, seconds: 2.5, only: "load", style: "b { }", cpuProf: true },
      "--runs must be a number from 1 to 100",
      "--runs must be a number from 1 to 100",
      "--runs needs a value",
      "--only is idle or load",
      "unknown option --bogus",
      "unknown option --toString",
    ]);
  });

  it("summary gives nearest-rank percentiles of a series in any order", () => {
    const { stdout } = runModule(`import { summary } from "./bench/support/stats.mjs";
      console.log(JSON.stringify([summary([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]), summary([])]));`);
    expect(JSON.parse(stdout)).toEqual([{ n: 10, median: 5, p90: 9, p95: 10, p99: 10, max: 10 }, { n: 0, median: null, p90: null, p95: null, p99: null, max: null }]);
  });
});
