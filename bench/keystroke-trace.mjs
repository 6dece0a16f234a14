// Where a keystroke's main-thread time goes, without a profiler's slowdown:
// one person (the chair by default) opens the generated 2,000-paragraph
// negotiation in Debian's Chromium, clicks in the middle of the document and
// types --keys characters --interval ms apart under a Chromium trace; prints
// the milliseconds per keystroke of the key and input events (the browser's
// own editing and the script they run: the editor typing the character),
// the script run from the input's microtask (ProseMirror reading a change the
// browser made), Blink's phases, and the Event Timing durations. Compare
// builds with --web-root.
//
//   npm run build && node bench/keystroke-trace.mjs [--web-root DIR] [--who chair|delegate] [--keys 60] [--interval 100]
// --style CSS adds a style sheet to the page (an experiment: a rendering
// change tried without rebuilding); --trace FILE keeps the trace.
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { PAGE_PROBES } from "./web/page-probes.mjs";
import { addStyleToPages } from "./web/style-experiment.mjs";
import { DOCUMENT_ID, openRoom, PEOPLE, typingPlaces } from "./web/room.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// The input's own events: the browser's editing (when it inserts the character) and any script run from them.
const INPUT_EVENTS = ["keydown", "keypress", "beforeinput", "input", "keyup"];
const INPUT_PHASE = "EventDispatch (key and input events)";
const PHASES = [INPUT_PHASE, "RunMicrotasks", "Document::UpdateStyleAndLayout", "LocalFrameView::performLayout", "UpdateLayoutTree", "Editor::SyncSelection", "PrePaint", "Paint", "Commit"];

const options = { webRoot: join(ROOT, "apps", "web", "dist"), who: "chair", keys: 60, interval: 100, trace: "", style: "" };
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  const value = process.argv[++i];
  if (value === undefined) throw new Error(`${arg} needs a value`);
  if (arg === "--web-root") options.webRoot = resolve(value);
  else if (arg === "--who" && (value === "chair" || value === "delegate")) options.who = value;
  else if (arg === "--keys") options.keys = Math.max(10, Math.min(1000, Number(value) | 0));
  else if (arg === "--interval") options.interval = Math.max(0, Math.min(5000, Number(value) | 0));
  else if (arg === "--trace") options.trace = resolve(value);
  else if (arg === "--style") options.style = value;
  else throw new Error(`unknown option ${arg} ${value}`);
}

const room = await openRoom({ webRoot: options.webRoot, seed: 2026, paragraphs: 2000, proposals: 5000 });
const browser = await chromium.launch({
  executablePath: process.env.ACCORD_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: PAGE_PROBES });
  await addStyleToPages(context, options.style);
  const page = await context.newPage();
  const person = PEOPLE[options.who];
  await page.goto(`${room.url}/#/login`);
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("Password").fill(`${person.username}-password`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/#\/documents$/);
  await page.evaluate((id) => (location.hash = `#/documents/${id}`), DOCUMENT_ID);
  await page.locator(".ProseMirror[contenteditable=true]").waitFor();
  await page.waitForTimeout(1500);
  const [place] = typingPlaces(room.document, 1);
  const point = await page.evaluate(([id, offset]) => window.__accordBench.pointAt(id, offset), [place.blockId, place.offset]);
  await page.mouse.click(point.x, point.y);
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    window.__eventTiming = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === "keydown" || entry.name === "keypress") window.__eventTiming.push(entry.duration);
    }).observe({ type: "event", durationThreshold: 16 });
  });
  await browser.startTracing(page, { categories: ["devtools.timeline", "blink", "disabled-by-default-devtools.timeline", "v8.execute"] });
  for (let k = 0; k < options.keys; k++) {
    await page.keyboard.type("x");
    await page.waitForTimeout(options.interval);
  }
  const raw = (await browser.stopTracing()).toString();
  if (options.trace) await writeFile(options.trace, raw);
  const durations = (await page.evaluate(() => window.__eventTiming)).sort((a, b) => a - b);
  const perKey = {};
  for (const e of JSON.parse(raw).traceEvents) {
    if (e.ph !== "X") continue;
    if (PHASES.includes(e.name)) perKey[e.name] = (perKey[e.name] ?? 0) + e.dur / 1000 / options.keys;
    if (e.name === "EventDispatch" && INPUT_EVENTS.includes(e.args?.data?.type)) perKey[INPUT_PHASE] = (perKey[INPUT_PHASE] ?? 0) + e.dur / 1000 / options.keys;
  }
  console.log(`${options.who} typing ${options.keys} characters at block ${place.index} (${options.webRoot})${options.style ? `; EXPERIMENT: style sheet ${JSON.stringify(options.style)}` : ""}`);
  console.log(`  per keystroke, ms: ${PHASES.map((p) => `${p} ${(perKey[p] ?? 0).toFixed(1)}`).join(", ")}`);
  console.log(`  (the browser's editing and script run in the key events: EventDispatch; script run after them, from the input (ProseMirror reading the page's change): RunMicrotasks; UpdateStyleAndLayout includes the layouts these force)`);
  console.log(`  Event Timing ≥ 16 ms (keydown and keypress): ${durations.length} entries, median ${durations[Math.floor(durations.length / 2)] ?? "–"}, max ${durations.at(-1) ?? "–"} ms`);
} finally {
  await browser.close();
  await room.close();
}
