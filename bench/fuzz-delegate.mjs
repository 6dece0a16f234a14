// The seeded fuzzer of a delegate's updates (packages/server/test/fuzz-delegate-updates.test.ts)
// with more cases than the test suite runs: random Yjs operations of every kind from a
// Uruguayan delegate's raw client against a real server, each judged by the trust
// rule's oracle. The fuzzer and its oracle live with the tests (they use the raw
// protocol client of packages/server/test/support); this runs that test file under
// vitest with the number of updates and the seed, and prints its own lines:
// a failing run prints `seed=<n>` (add it to REGRESSIONS in the test file), and the
// last line gives the rate in updates per second. Exits with vitest's status.
//
//   node bench/fuzz-delegate.mjs --cases 10000 --seed 7
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEST = "packages/server/test/fuzz-delegate-updates.test.ts";

function parseArgs(argv) {
  const options = { cases: 10_000, seed: 2026 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const number = (min, max) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${arg} must be a whole number from ${min} to ${max}`);
      return n;
    };
    if (arg === "--cases") options.cases = number(1, 10_000_000);
    else if (arg === "--seed") options.seed = number(0, 2 ** 31);
    else throw new Error(`unknown option ${arg} (use --cases N --seed S)`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const child = spawn(process.execPath, [fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url)), "run", TEST], {
  cwd: ROOT,
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, FUZZ_CASES: String(options.cases), FUZZ_SEED: String(options.seed) },
});
// The server says every refusal on stderr (thousands of lines): only the fuzzer's own lines and vitest's verdict are kept.
const KEEP = /fuzz:|legitimate yet refused|seed=|Test Files|Tests |FAIL|AssertionError/;
const plain = (line) => line.replace(/\x1b\[[0-9;]*m/g, "");
let pending = "";
const pass = (chunk) => {
  const lines = (pending + chunk).split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) if (KEEP.test(plain(line))) console.log(plain(line).trim());
};
child.stdout.setEncoding("utf8").on("data", pass);
child.stderr.setEncoding("utf8").on("data", pass);
child.on("exit", (code) => {
  pass("\n");
  process.exit(code ?? 1);
});
