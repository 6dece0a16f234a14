// Runs one seeded vitest file with more cases than the suite gives it: the
// long-run scripts (fuzz-delegate.mjs, click-type.mjs) read `--cases N --seed S`,
// pass them to the test file through its environment variables, and print the
// lines it prints of its own (and vitest's verdict) — a server under attack says
// every refusal on stderr, thousands of lines.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const VITEST = fileURLToPath(new URL("../../node_modules/vitest/vitest.mjs", import.meta.url));

/**
 * `--cases N --seed S` from the command line, with these defaults; throws a
 * message naming the option on anything else.
 */
export function parseCasesAndSeed(argv, defaults, maxCases) {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const number = (min, max) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${arg} must be a whole number from ${min} to ${max}`);
      return n;
    };
    if (arg === "--cases") options.cases = number(1, maxCases);
    else if (arg === "--seed") options.seed = number(0, 2 ** 31);
    else throw new Error(`unknown option ${arg} (use --cases N --seed S)`);
  }
  return options;
}

/**
 * Runs `test` (a path from the repository's root) under vitest with `env`
 * added, prints the lines matching `keep` and vitest's verdict, and calls
 * `done(code)` when it ends.
 */
export function runSeededTest(test, env, keep, done) {
  const child = spawn(process.execPath, [VITEST, "run", test], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  const wanted = new RegExp(`${keep.source}|Test Files|Tests |FAIL|AssertionError`);
  const plain = (line) => line.replace(/\x1b\[[0-9;]*m/g, "");
  let pending = "";
  const pass = (chunk) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (wanted.test(plain(line))) console.log(plain(line).trim());
  };
  child.stdout.setEncoding("utf8").on("data", pass);
  child.stderr.setEncoding("utf8").on("data", pass);
  child.on("exit", (code) => {
    pass("\n");
    done(code ?? 1);
  });
}
