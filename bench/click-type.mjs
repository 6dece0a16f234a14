// The seeded fuzz of clicking into the text and acting at once
// (apps/web/test/browser-click-type.test.ts) with more cases than the test suite
// runs: in Chromium, a delegate (Mexico) and the chair each click at random
// places of the demo negotiation — inside and at both edges of brackets, on
// deletions, glyphs, labels, badges, footnote markers, headings, locked
// paragraphs — and type a word, press Space, Backspace, Delete or Enter, or
// paste, with no wait; each case is judged on the server's document. The fuzz
// and its oracle live with the tests (apps/web/test/support/click-type-fuzz.ts);
// this runs that file under vitest with the number of cases per role and the
// seed, and passes its output through: each role prints its cases, seed and
// failures, a failing case its seed and number. Build the web app first
// (`npm run build -w @accord/web`). Exits with vitest's status.
//
//   node bench/click-type.mjs --cases 2000 --seed 7
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEST = "apps/web/test/browser-click-type.test.ts";

function parseArgs(argv) {
  const options = { cases: 2_000, seed: 16_001 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const number = (min, max) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${arg} must be a whole number from ${min} to ${max}`);
      return n;
    };
    if (arg === "--cases") options.cases = number(1, 100_000);
    else if (arg === "--seed") options.seed = number(0, 2 ** 31);
    else throw new Error(`unknown option ${arg} (use --cases N --seed S)`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const started = Date.now();
const child = spawn(process.execPath, [fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url)), "run", TEST], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, CLICK_TYPE_CASES: String(options.cases), CLICK_TYPE_SEED: String(options.seed) },
});
child.on("exit", (code) => {
  console.log(`click-type: ${options.cases} cases per role, seed ${options.seed}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exit(code ?? 1);
});
