// Whether import and the exports grow linearly with the document: each is
// timed on a generated document of --small paragraphs (default 2,000) and of
// --large paragraphs (default 20,000), both with 2.5 proposals and a quarter
// of an option group a paragraph (20,000: 50,000 proposals, 5,000 groups),
// and the time per paragraph of the large one is compared with the small
// one's (target: at most 1.2 times). Times are CPU times of this process. The share of each run spent in garbage
// collection is printed beside it (V8's gc entries, as PerformanceObserver
// reports them). Prints numbers — a benchmark, not a test — and exits 0.
// See docs/benchmarks.md, "Growth with the document".
//
//   npm run bench:scaling                 (builds first)
//   node bench/scaling.mjs --small 2000 --large 20000 --runs 5
//   node bench/scaling.mjs --only import  (one measurement by name: import,
//     markup-text, clean-text, markup-html, clean-html, markup-docx,
//     revisions-docx, clean-docx, akn)
import { PerformanceObserver } from "node:perf_hooks";
import { generateDocument } from "@accord/schema/generate";
import { exportMarkupText, importText } from "@accord/text";
import * as merge from "@accord/merge";
import * as docx from "@accord/docx";
import * as akn from "@accord/akn";
import { runBench } from "./support/main.mjs";
import { integer, oneOf, parseOptions } from "./support/options.mjs";
import { summary } from "./support/stats.mjs";

const TARGET_RATIO = 1.2;
const PROPOSALS_PER_PARAGRAPH = 2.5;
// One option group (two paragraphs offered as Option 1 / Option 2) for every four paragraphs: 5,000 at 20,000.
const OPTION_GROUPS_PER_PARAGRAPH = 0.25;

/** What is measured: each takes the document and its marked-up text and makes or reads one version. */
const MEASUREMENTS = {
  import: { label: "import (text → model)", run: (_, text) => importText(text) },
  "markup-text": { label: "export marked-up text", run: (document) => exportMarkupText(document) },
  "clean-text": { label: "export clean text + concordance", run: (document) => merge.cleanText(document, { concordance: true }) },
  "markup-html": { label: "export marked-up HTML", run: (document) => merge.markupHtml(document) },
  "clean-html": { label: "export clean HTML + concordance", run: (document) => merge.cleanHtml(document, { concordance: true }) },
  "markup-docx": { label: "export marked-up Word", run: (document) => docx.markupDocx(document) },
  "revisions-docx": { label: "export Word revisions", run: (document) => docx.revisionsDocx(document) },
  "clean-docx": { label: "export clean Word + concordance", run: (document) => docx.cleanDocx(document, { concordance: true }) },
  akn: { label: "export Akoma Ntoso", run: (document) => akn.exportAkn(document) },
};

function parseArgs(argv) {
  return parseOptions(
    argv,
    { small: 2_000, large: 20_000, runs: 5, seed: 2026, only: "" },
    {
      "--small": ["small", integer(100, 100_000)],
      "--large": ["large", integer(100, 200_000)],
      "--runs": ["runs", integer(1, 100)],
      "--seed": ["seed", integer(0, 2 ** 31)],
      "--only": ["only", oneOf(...Object.keys(MEASUREMENTS))],
    },
  );
}

/** Garbage collection time while `fn` runs, from V8's gc performance entries. */
function gcWatch() {
  let total = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) total += entry.duration;
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    async stop() {
      // Entries arrive in a later task (not by the next setImmediate): let the last ones in before reading.
      await new Promise((resolve) => setTimeout(resolve, 20));
      observer.disconnect();
      return total;
    },
  };
}

/**
 * The median CPU time of `runs` runs after one warm-up (the process's user
 * and system time, which other processes on a busy machine disturb less than
 * the time on the clock), and the share of the wall time spent in garbage
 * collection.
 */
async function time(fn, runs) {
  await fn();
  const times = [];
  const walls = [];
  let gc = 0;
  for (let i = 0; i < runs; i++) {
    const watch = gcWatch();
    const start = performance.now();
    const cpu = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(cpu);
    walls.push(performance.now() - start);
    times.push((used.user + used.system) / 1000);
    gc += await watch.stop();
  }
  const wall = walls.reduce((a, b) => a + b, 0);
  return { median: summary(times).median, wallMedian: summary(walls).median, gcShare: wall > 0 ? gc / wall : 0 };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const sizes = [options.small, options.large];
  const documents = sizes.map((paragraphs) => {
    const document = generateDocument({ seed: options.seed, paragraphs, proposals: Math.round(paragraphs * PROPOSALS_PER_PARAGRAPH), optionGroups: Math.round(paragraphs * OPTION_GROUPS_PER_PARAGRAPH) });
    return { paragraphs, document, text: exportMarkupText(document) };
  });
  console.log(`node ${process.version}; documents of ${sizes.map((n) => n.toLocaleString("en")).join(" and ")} paragraphs (${PROPOSALS_PER_PARAGRAPH} proposals and ${OPTION_GROUPS_PER_PARAGRAPH} option groups a paragraph), ${options.runs} runs each after a warm-up`);
  const names = options.only ? [options.only] : Object.keys(MEASUREMENTS);
  for (const name of names) {
    const { label, run } = MEASUREMENTS[name];
    const results = [];
    for (const { paragraphs, document, text } of documents) {
      const { median, wallMedian, gcShare } = await time(() => run(document, text), options.runs);
      results.push({ paragraphs, median, wallMedian, perParagraph: (median * 1000) / paragraphs, gcShare });
    }
    const ratio = results[1].perParagraph / results[0].perParagraph;
    const parts = results.map((r) => `${r.paragraphs}: ${r.median.toFixed(0).padStart(6)} ms CPU = ${r.perParagraph.toFixed(1).padStart(5)} µs/paragraph (wall ${r.wallMedian.toFixed(0)} ms, gc ${(100 * r.gcShare).toFixed(0)} %)`);
    console.log(`${label.padEnd(34)} ${parts.join("   ")}   growth ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? "ok" : "OVER TARGET"})`);
  }
}

runBench("bench:scaling", main);
