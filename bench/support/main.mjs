// How a benchmark script runs: its numbers printed, its failure said in one
// line, and the process ended even if a stray handle would keep it alive.

/**
 * Runs `main` and then exits 0 after `graceMs`; when it fails, prints
 * "<name> FAILED — <stack>" and exits `failureCode` (0 by default: a
 * benchmark prints numbers, it is not a test).
 */
export function runBench(name, main, { failureCode = 0, graceMs = 200 } = {}) {
  const exit = (code) => {
    // The code holds whether the process ends by itself (nothing left to run) or by the timer.
    process.exitCode = code;
    setTimeout(() => process.exit(code), graceMs).unref();
  };
  main().then(
    () => exit(0),
    (error) => {
      console.log(`${name} FAILED — ${error?.stack ?? error}`);
      exit(failureCode);
    },
  );
}
