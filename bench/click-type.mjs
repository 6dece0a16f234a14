// The seeded fuzz of clicking into the text and acting at once
// (apps/web/test/browser/browser-click-type.test.ts) with more cases than the test suite
// runs: in Chromium, a delegate (Mexico) and the chair each click at random
// places of the demo negotiation — inside and at both edges of brackets, on
// deletions, glyphs, labels, badges, footnote markers, headings, locked
// paragraphs — and type a word, press Space, Backspace, Delete or Enter, or
// paste, with no wait; each case is judged on the server's document. The fuzz
// and its oracle live with the tests (apps/web/test/support/click-type-fuzz.ts);
// this runs that file under vitest with the number of cases per role and the
// seed, and prints its own lines: each role its cases, seed and failures, a
// failing case its seed and number. Build the web app first
// (`npm run build -w @accord/web`). Exits with vitest's status.
//
//   node bench/click-type.mjs --cases 2000 --seed 7
import { parseCasesAndSeed, runSeededTest } from "./support/run-seeded-test.mjs";

const options = parseCasesAndSeed(process.argv.slice(2), { cases: 2_000, seed: 16_001 }, 100_000);
const started = Date.now();
runSeededTest(
  "apps/web/test/browser/browser-click-type.test.ts",
  { CLICK_TYPE_CASES: String(options.cases), CLICK_TYPE_SEED: String(options.seed) },
  /\[click-type\]/,
  (code) => {
    console.log(`click-type: ${options.cases} cases per role, seed ${options.seed}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    process.exit(code);
  },
);
