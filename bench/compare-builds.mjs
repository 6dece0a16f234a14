// This build against another one, on the same machine, in one process,
// interleaved: whether a change of speed is the code's or the machine's. The
// other build is a checkout of another commit whose packages are built
// (`dist/`); each round times, in both builds, the import of the same marked-up
// text, the marked-up HTML export and, when both builds have @accord/docx, the
// marked-up Word export of the same generated document (median of --runs after
// 3 warm-ups). Prints numbers; exits 0.
//
// Preparing the other build (its own packages, this checkout's node_modules):
//   git worktree add /tmp/old <commit>
//   mkdir -p /tmp/old/node_modules/@accord
//   for e in node_modules/* node_modules/.bin; do [ "$(basename $e)" = @accord ] || ln -sfn "$PWD/$e" /tmp/old/node_modules/; done
//   for p in /tmp/old/packages/*; do ln -sfn "$p" /tmp/old/node_modules/@accord/; done
//   (cd /tmp/old && "$OLDPWD/node_modules/.bin/tsc" -b)
// then:
//   npx tsc -b && node bench/compare-builds.mjs --other /tmp/old [--rounds 3] [--runs 15]
//   git worktree remove --force /tmp/old
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runBench } from "./support/main.mjs";
import { integer, parseOptions, path } from "./support/options.mjs";
import { summary } from "./support/stats.mjs";

function parseArgs(argv) {
  const options = parseOptions(argv, { other: "", rounds: 3, runs: 15, paragraphs: 2000 }, {
    "--other": ["other", path()],
    "--rounds": ["rounds", integer(1, 20)],
    "--runs": ["runs", integer(1, 200)],
    "--paragraphs": ["paragraphs", integer(10, 20_000)],
  });
  if (!options.other) throw new Error("--other names the checkout of the build to compare with (see the comment at the top)");
  return options;
}

/** A build's packages, from its checkout; null for a package it does not have. */
async function loadBuild(root) {
  const load = async (file) => {
    const at = join(root, file);
    return existsSync(at) ? import(pathToFileURL(at).href) : null;
  };
  const text = await load("packages/text/dist/index.js");
  const generate = await load("packages/schema/dist/generate.js");
  const merge = await load("packages/merge/dist/index.js");
  if (!text || !generate || !merge) throw new Error(`${root} has no built packages/text, schema and merge: build it first (tsc -b)`);
  return { text, generate, merge, docx: await load("packages/docx/dist/index.js") };
}

/** The median time of `runs` runs of `fn` after 3 of warm-up. */
async function median(fn, runs) {
  for (let i = 0; i < 3; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return summary(times).median;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const builds = { other: await loadBuild(options.other), this: await loadBuild(process.cwd()) };
  const generated = { seed: 2026, paragraphs: options.paragraphs, proposals: Math.round(options.paragraphs * 2.5) };
  // One text for both imports: the other build's export of its own generated document.
  const text = builds.other.text.exportMarkupText(builds.other.generate.generateDocument(generated));
  const documents = { other: builds.other.generate.generateDocument(generated), this: builds.this.generate.generateDocument(generated) };
  const word = Boolean(builds.other.docx && builds.this.docx);
  console.log(`node ${process.version}; ${options.paragraphs} paragraphs, text ${(text.length / 1024).toFixed(0)} KiB; other build ${options.other}; median of ${options.runs} runs`);
  for (let round = 1; round <= options.rounds; round++) {
    const line = [];
    for (const [name, measure] of [
      ["import", (b) => () => b.text.importText(text)],
      ["marked-up HTML", (b, d) => () => b.merge.markupHtml(d)],
      ...(word ? [["marked-up Word", (b, d) => () => b.docx.markupDocx(d)]] : []),
    ]) {
      const other = await median(measure(builds.other, documents.other), options.runs);
      const mine = await median(measure(builds.this, documents.this), options.runs);
      line.push(`${name} ${other.toFixed(1)} → ${mine.toFixed(1)} ms`);
    }
    console.log(`round ${round}: ${line.join("   ")}`);
  }
}

runBench("bench:compare-builds", main);
