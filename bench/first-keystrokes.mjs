// The first keystrokes in a page that has just opened a negotiation, again and
// again: a delegate (Uruguay) opens the generated 2,000-paragraph document in a
// new browser context, with the chair's page watching (another new context,
// scrolled to the same paragraph), clicks into base text, waits a second, and
// types twelve characters 100 ms apart; each keystroke's latency is Chromium's
// Event Timing duration (as in bench/web.mjs: key event to the next frame's
// presentation, 8 ms steps, 0 when under 16 ms). A page's first keystrokes run
// code the browser has not compiled yet: bench/web.mjs sees one such first
// second per session, this sees --pages of them. Compare builds with
// --web-root; --cpu-slowdown N slows every page's renderer N times (Chromium's
// CPU throttling) to see a slower machine. Prints numbers and exits 0.
//
//   npm run build && node bench/first-keystrokes.mjs [--pages 6] [--cpu-slowdown 1] [--web-root DIR] [--alone]
// --alone leaves the chair's page out.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { slowPage } from "./web/cpu-slowdown.mjs";
import { keystrokeDurations } from "./web/keystroke-timing.mjs";
import { PAGE_PROBES } from "./web/page-probes.mjs";
import { DOCUMENT_ID, openRoom, PEOPLE, typingPlaces } from "./web/room.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TEXT = " and further";
const INTERVAL_MS = 100;
const TARGET_KEY_MS = 50;
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"];

const options = { pages: 6, cpuSlowdown: 1, webRoot: join(ROOT, "apps", "web", "dist"), alone: false };
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (arg === "--alone") {
    options.alone = true;
    continue;
  }
  const value = process.argv[++i];
  if (value === undefined) throw new Error(`${arg} needs a value`);
  if (arg === "--pages") options.pages = Math.max(1, Math.min(50, Number(value) | 0));
  else if (arg === "--cpu-slowdown") options.cpuSlowdown = Math.max(1, Math.min(20, Number(value) || 1));
  else if (arg === "--web-root") options.webRoot = resolve(value);
  else throw new Error(`unknown option ${arg}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const room = await openRoom({ webRoot: options.webRoot, seed: 2026, paragraphs: 2000, proposals: 5000 });
const browser = await chromium.launch({ executablePath: process.env.ACCORD_CHROMIUM ?? "/usr/bin/chromium", args: ARGS });
const probe = (page, name, ...args) => page.evaluate(([n, a]) => window.__accordBench[n](...a), [name, args]);

/** A new context for `person`, signed in, on the document, slowed as asked. */
async function openPage(person) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: PAGE_PROBES });
  const page = await context.newPage();
  await slowPage(context, page, options.cpuSlowdown);
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${room.url}/#/login`);
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("Password").fill(`${person.username}-password`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/#\/documents$/);
  await probe(page, "open", `#/documents/${DOCUMENT_ID}`, 60_000);
  return { context, page, errors };
}

try {
  console.log(
    `First keystrokes: ${options.pages} new pages of the delegate${options.alone ? "" : ", the chair's new page watching"}; ${TEXT.length} keystrokes ${INTERVAL_MS} ms apart; ` +
      `renderer slowed ${options.cpuSlowdown}×; ${options.webRoot}; Chromium ${browser.version()}`,
  );
  const places = typingPlaces(room.document, options.pages);
  const rows = [];
  for (let n = 0; n < options.pages; n++) {
    const delegate = await openPage(PEOPLE.delegate);
    const chair = options.alone ? null : await openPage(PEOPLE.chair);
    try {
      const place = places[n];
      if (chair) await probe(chair.page, "scrollTo", place.blockId);
      const point = await probe(delegate.page, "pointAt", place.blockId, place.offset);
      await delegate.page.mouse.click(point.x, point.y);
      await sleep(1000);
      await probe(delegate.page, "startTyping", place.blockId);
      const start = performance.now();
      for (let i = 0; i < TEXT.length; i++) {
        const wait = start + i * INTERVAL_MS - performance.now();
        if (wait > 0) await sleep(wait);
        await delegate.page.keyboard.type(TEXT[i]);
      }
      await sleep(800);
      const typed = await probe(delegate.page, "stopTyping");
      const text = await probe(delegate.page, "blockText", place.blockId);
      if (!text.includes(`${place.before}${TEXT}`)) throw new Error(`page ${n + 1}: the paragraph reads ${JSON.stringify(text.slice(0, 120))}`);
      const errors = [...delegate.errors, ...(chair?.errors ?? [])];
      if (errors.length) throw new Error(`page ${n + 1}: page errors: ${errors.join(" | ")}`);
      const presented = keystrokeDurations(typed).map((ms) => ms ?? 0);
      rows.push(presented);
      console.log(`  page ${String(n + 1).padStart(2)}: ${presented.map((ms) => String(ms).padStart(3)).join(" ")} ms`);
    } finally {
      await delegate.context.close();
      await chair?.context.close();
    }
  }
  const firsts = rows.map((r) => r[0]).sort((a, b) => a - b);
  const all = rows.flat();
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `  first keystroke: median ${firsts[Math.floor(firsts.length / 2)]} ms [${firsts.join(", ")}]; keystrokes ≥ ${TARGET_KEY_MS} ms: ${all.filter((ms) => ms >= TARGET_KEY_MS).length} of ${all.length}; ` +
      `mean of a page's ${TEXT.length}: ${mean(all).toFixed(1)} ms`,
  );
} finally {
  await browser.close();
  await room.close();
}
