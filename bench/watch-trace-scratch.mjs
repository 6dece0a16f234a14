import { writeFile } from "node:fs/promises";
import { chromium } from "playwright-core";
import { PAGE_PROBES } from "./web/page-probes.mjs";
import { DOCUMENT_ID, openRoom, PEOPLE, typingPlaces } from "./web/room.mjs";
const webRoot = process.argv[2] ?? "apps/web/dist";
const keys = Number(process.argv[3] ?? 200);
const room = await openRoom({ webRoot, seed: 2026, paragraphs: 2000, proposals: 5000 });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"] });
async function open(person) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: PAGE_PROBES });
  const page = await context.newPage();
  await page.goto(`${room.url}/#/login`);
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("Password").fill(`${person.username}-password`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/#\/documents$/);
  await page.evaluate((id) => (location.hash = `#/documents/${id}`), DOCUMENT_ID);
  await page.locator(".ProseMirror[contenteditable=true]").waitFor();
  return { context, page };
}
try {
  const d = await open(PEOPLE.delegate);
  const c = await open(PEOPLE.chair);
  await d.page.waitForTimeout(2000);
  const [place] = typingPlaces(room.document, 1);
  await c.page.evaluate((id) => window.__accordBench.scrollTo(id), place.blockId);
  const point = await d.page.evaluate(([id, offset]) => window.__accordBench.pointAt(id, offset), [place.blockId, place.offset]);
  await d.page.mouse.click(point.x, point.y);
  await d.page.waitForTimeout(500);
  for (let k = 0; k < Number(process.env.WARM ?? 30); k++) { await d.page.keyboard.type("x"); await d.page.waitForTimeout(100); }
  await d.page.waitForTimeout(1000);
  await d.page.evaluate(() => {
    window.__et = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.name === "keydown") window.__et.push([e.startTime + performance.timeOrigin, e.duration]); }).observe({ type: "event", durationThreshold: 16 });
  });
  await browser.startTracing(d.page, { categories: ["devtools.timeline", "blink", "disabled-by-default-devtools.timeline", "v8.execute", "v8", "toplevel"] });
  const start = Date.now();
  for (let k = 0; k < keys; k++) { const wait = start + k * 100 - Date.now(); if (wait > 0) await d.page.waitForTimeout(wait); await d.page.keyboard.type("x"); }
  await d.page.waitForTimeout(500);
  const raw = await browser.stopTracing();
  await writeFile("/tmp/wt.json", raw);
  const et = await d.page.evaluate(() => window.__et);
  await writeFile("/tmp/wt-et.json", JSON.stringify(et));
  const slow = et.filter(([, d]) => d >= 50);
  console.log(`${et.length} keydowns ≥16; ≥50: ${slow.length}: ${slow.map(([, d]) => d).join(" ")}`);
} finally { await browser.close(); await room.close(); }
