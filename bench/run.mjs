// Import, and clean and marked-up export (text and HTML), of a generated
// 2,000-paragraph, 5,000-proposal document. Prints the median and slowest of several runs after warm-up.
// Run with `npm run bench` (it builds first).
import { collectProposals, negotiationStats } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { exportMarkupText, importText } from "@accord/text";
import * as merge from "@accord/merge";

const PARAGRAPHS = 2_000;
const PROPOSALS = 5_000;
const RUNS = 30;
const TARGET_MS = 100;

function measure(name, fn) {
  for (let i = 0; i < 3; i++) fn();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  // The mean carries the garbage collection each run causes, spread over the runs.
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const max = times[times.length - 1];
  const verdict = median < TARGET_MS && mean < TARGET_MS ? "ok" : "OVER TARGET";
  console.log(
    `${name.padEnd(38)} median ${median.toFixed(1).padStart(6)} ms   mean ${mean.toFixed(1).padStart(6)} ms   max ${max.toFixed(1).padStart(6)} ms   (target < ${TARGET_MS} ms: ${verdict})`,
  );
  return median;
}

const document = generateDocument({ seed: 2026, paragraphs: PARAGRAPHS, proposals: PROPOSALS });
const stats = negotiationStats(document.content);
const proposals = collectProposals(document.content);
let nested = 0;
document.content.descendants((node) => {
  if (node.marks.filter((m) => m.type.name === "proposal").length > 1) nested++;
});
const text = exportMarkupText(document);
console.log(`node ${process.version}, ${PARAGRAPHS} paragraphs (+${stats.headings.total} headings), ${proposals.length} inline proposals (${nested} nested text runs), text ${(text.length / 1024).toFixed(0)} KiB`);

measure("import (text → model)", () => importText(text));
measure("export marked-up text (model → text)", () => exportMarkupText(document));
measure("export clean text", () => merge.cleanText(document, { concordance: true }));
if (merge.markupHtml && merge.cleanHtml) {
  measure("export marked-up HTML", () => merge.markupHtml(document));
  measure("export clean HTML", () => merge.cleanHtml(document, { concordance: true }));
}

// Word: the marked-up export (docx library) and its import (streaming unzip, SAX, the text importer), target 1 s each.
const docx = await import("@accord/docx");
const WORD_RUNS = 7;
const WORD_TARGET_MS = 1_000;
async function measureAsync(name, fn) {
  for (let i = 0; i < 2; i++) await fn();
  const times = [];
  for (let i = 0; i < WORD_RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const max = times[times.length - 1];
  const verdict = median < WORD_TARGET_MS ? "ok" : "OVER TARGET";
  console.log(`${name.padEnd(38)} median ${median.toFixed(1).padStart(6)} ms   max ${max.toFixed(1).padStart(6)} ms   (target < ${WORD_TARGET_MS} ms: ${verdict})`);
}
const wordFile = await docx.markupDocx(document);
console.log(`marked-up Word file ${(wordFile.length / 1024).toFixed(0)} KiB`);
await measureAsync("export marked-up Word (model → docx)", () => docx.markupDocx(document));
await measureAsync("import Word (docx → model)", () => {
  const read = docx.importDocx(wordFile);
  if (!read.ok) throw new Error(read.message);
});
await measureAsync("export Word revisions", () => docx.revisionsDocx(document));
await measureAsync("export clean Word + concordance", () => docx.cleanDocx(document, { concordance: true }));

// Akoma Ntoso: the marked-up export (XML writer) and its import (saxes, the text importer), same target.
const akn = await import("@accord/akn");
const aknFile = akn.exportAkn(document);
console.log(`Akoma Ntoso file ${(aknFile.length / 1024).toFixed(0)} KiB`);
await measureAsync("export Akoma Ntoso (model → AKN)", async () => akn.exportAkn(document));
await measureAsync("import Akoma Ntoso (AKN → model)", async () => {
  const read = akn.importAkn(aknFile);
  if (!read.ok) throw new Error(read.message);
});
