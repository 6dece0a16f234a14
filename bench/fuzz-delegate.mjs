// The seeded fuzzer of a delegate's updates (packages/server/test/attacks/fuzz-delegate-updates.test.ts)
// with more cases than the test suite runs: random Yjs operations of every kind from a
// Uruguayan delegate's raw client against a real server, each judged by the trust
// rule's oracle. The fuzzer and its oracle live with the tests (they use the raw
// protocol client of packages/server/test/support); this runs that test file under
// vitest with the number of updates and the seed, and prints its own lines:
// a failing run prints `seed=<n>` (add it to REGRESSIONS in the test file), and the
// last line gives the rate in updates per second. Exits with vitest's status.
//
//   node bench/fuzz-delegate.mjs --cases 10000 --seed 7
import { parseCasesAndSeed, runSeededTest } from "./support/run-seeded-test.mjs";

const options = parseCasesAndSeed(process.argv.slice(2), { cases: 10_000, seed: 2026 }, 10_000_000);
runSeededTest(
  "packages/server/test/attacks/fuzz-delegate-updates.test.ts",
  { FUZZ_CASES: String(options.cases), FUZZ_SEED: String(options.seed) },
  /fuzz:|legitimate yet refused|seed=/,
  (code) => process.exit(code),
);
