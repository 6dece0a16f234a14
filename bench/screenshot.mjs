// Screenshot of the marked-up HTML of our sample draft, for the documentation:
// docs/images/markup-example.png, one 1000 × 1400 viewport (no full page),
// rendered by the system's Chromium through playwright-core (nothing is
// downloaded). Uses the built packages: run `npx tsc -b` first, then
// `node bench/screenshot.mjs`. ACCORD_CHROMIUM overrides /usr/bin/chromium.
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { markupHtml } from "@accord/merge";
import { importText } from "@accord/text";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const input = join(root, "examples", "draft-resolution.txt");
const output = join(root, "docs", "images", "markup-example.png");
const executablePath = process.env.ACCORD_CHROMIUM ?? "/usr/bin/chromium";
const VIEWPORT = { width: 1000, height: 1400 };

if (!existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath} (apt-get install chromium, or set ACCORD_CHROMIUM)`);
  process.exit(1);
}

const { document, diagnostics } = importText(readFileSync(input, "utf8"));
if (diagnostics.length) console.warn(`${diagnostics.length} diagnostic(s) importing ${relative(root, input)}`);
const html = markupHtml(document);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await page.setContent(html, { waitUntil: "load" });
  mkdirSync(dirname(output), { recursive: true });
  await page.screenshot({ path: output, fullPage: false });
} finally {
  await browser.close();
}
console.log(`${relative(root, output)}: ${VIEWPORT.width} × ${VIEWPORT.height}, ${Math.round(statSync(output).size / 1024)} KB`);
