import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { describe, it } from "vitest";

// Real-browser rendering for tests, on the system's Chromium (Debian's
// `chromium` package, /usr/bin/chromium) driven by playwright-core: no browser
// is ever downloaded. Tests that need it skip, saying why, when Chromium is
// absent — unless ACCORD_REQUIRE_BROWSER=1 (as .ci/run sets), where its absence
// fails the run.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where tests write what they render (git-ignored): `<repo>/artifacts`. */
export const ARTIFACTS_DIR = join(repoRoot, "artifacts");

/** The Chromium to drive: `ACCORD_CHROMIUM`, else `/usr/bin/chromium`; null when it does not exist. */
export function chromiumPath(): string | null {
  const path = process.env.ACCORD_CHROMIUM ?? "/usr/bin/chromium";
  return existsSync(path) ? path : null;
}

/**
 * A describe block that drives a real Chromium: skipped with a message when
 * there is none, failing when one is required (`ACCORD_REQUIRE_BROWSER=1`).
 * When skipped, `body` is not run at all (vitest collects a skipped block by
 * running it, and a body that starts a server, reads the built app or opens
 * a file while collecting would do so without a browser): one skipped entry
 * stands for it. The environment is read at each call.
 */
export function describeBrowser(name: string, body: () => void): void {
  const path = chromiumPath();
  if (path !== null) {
    describe(name, body);
    return;
  }
  const wanted = process.env.ACCORD_CHROMIUM ?? "/usr/bin/chromium";
  if (process.env.ACCORD_REQUIRE_BROWSER === "1") {
    describe(name, () => {
      throw new Error(`ACCORD_REQUIRE_BROWSER=1 but Chromium is missing at ${wanted}`);
    });
    return;
  }
  console.warn(
    `[browser] ${wanted} not found: skipping "${name}" (apt-get install chromium, or set ACCORD_CHROMIUM to run it)`,
  );
  describe.skip(`${name} (skipped: Chromium not found at ${wanted})`, () => {
    it.skip("runs in Chromium");
  });
}

/** The flags Chromium runs with: headless as root in a container, offline, quiet. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

/** How long Chromium may take to start before the launch fails. */
const LAUNCH_TIMEOUT_MS = 30_000;

function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
}

/**
 * Runs `fn` with a headless Chromium on a fresh temporary profile, then closes
 * it and removes the profile, whatever `fn` does. The browser is a persistent
 * context (the profile is ours to create and remove): open pages with
 * `browser.newPage()`.
 */
export async function withBrowser<T>(fn: (browser: BrowserContext) => Promise<T>): Promise<T> {
  const executablePath = chromiumPath();
  if (executablePath === null) {
    throw new Error(`Chromium not found at ${process.env.ACCORD_CHROMIUM ?? "/usr/bin/chromium"}`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), "accord-chromium-"));
  try {
    const browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: LAUNCH_TIMEOUT_MS,
      viewport: { width: 800, height: 600 },
    });
    try {
      return await fn(browser);
    } finally {
      await browser.close();
    }
  } finally {
    removeDir(userDataDir);
  }
}

/**
 * Launches a headless Chromium (the system's, with the same flags as
 * `withBrowser`) for tests that need several independent users: open one
 * `browser.newContext()` per user (each has its own storage, cookies and
 * network conditions) and close the browser when done. Throws when Chromium
 * is absent or does not start within 30 s.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === null) {
    throw new Error(`Chromium not found at ${process.env.ACCORD_CHROMIUM ?? "/usr/bin/chromium"}`);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT_MS });
}

/** Writes `html` to a temporary file and runs `fn` with its file:// URL, then removes it. */
async function withHtmlFile<T>(html: string, fn: (url: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "accord-html-"));
  try {
    const file = join(dir, "page.html");
    writeFileSync(file, html, "utf8");
    return await fn(pathToFileURL(file).href);
  } finally {
    removeDir(dir);
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The width and height of a PNG image, read from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString("latin1", 12, 16) !== "IHDR") {
    throw new Error("not a PNG image");
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The number of pages in a PDF: its `/Type /Page` objects (not `/Type /Pages`).
 * Enough for Chromium's output, which keeps page dictionaries uncompressed.
 */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}

/**
 * Renders `html` in Chromium (opened as a file://, so relative URLs resolve
 * against a temporary directory) and saves a screenshot to `outFile`, creating
 * its directory. The viewport is `width` (default 800) × 600 pixels; `fullPage`
 * captures the whole page. Returns the image's size in pixels.
 */
export async function renderHtmlToPng(
  html: string,
  outFile: string,
  options: { width?: number; fullPage?: boolean } = {},
): Promise<{ width: number; height: number }> {
  mkdirSync(dirname(outFile), { recursive: true });
  await withHtmlFile(html, (url) =>
    withBrowser(async (browser) => {
      const page = await browser.newPage();
      await page.setViewportSize({ width: options.width ?? 800, height: 600 });
      await page.goto(url, { waitUntil: "load" });
      await page.screenshot({ path: outFile, fullPage: options.fullPage ?? false });
    }),
  );
  return pngSize(readFileSync(outFile));
}

/**
 * Prints `html` in Chromium to an A4 PDF (backgrounds included) at `outFile`,
 * creating its directory. Returns the number of pages.
 */
export async function renderHtmlToPdf(html: string, outFile: string): Promise<number> {
  mkdirSync(dirname(outFile), { recursive: true });
  await withHtmlFile(html, (url) =>
    withBrowser(async (browser) => {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: "load" });
      await page.pdf({ path: outFile, format: "A4", printBackground: true });
    }),
  );
  return pdfPageCount(readFileSync(outFile));
}
