import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { expect, it } from "vitest";
import { ARTIFACTS_DIR, describeBrowser, renderHtmlToPdf, renderHtmlToPng, withBrowser } from "./support/browser.js";

// The real-browser rendering that other tests build on: Debian's Chromium,
// driven by playwright-core, renders HTML to PNG and to PDF.

const OUT_DIR = join(ARTIFACTS_DIR, "browser");

const SMALL_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Accord</title>
<style>
  body { margin: 0; font-family: sans-serif; }
  h1 { margin: 16px; font-size: 32px; }
  .box { width: 200px; height: 120px; margin: 16px; background: #1f6feb; }
</style></head>
<body><h1>Draft resolution</h1><div class="box"></div></body></html>`;

/** A page whose content is about one and a half A4 pages tall. */
const TALL_PAGE = `<!doctype html>
<html><head><meta charset="utf-8">
<style>body { margin: 0; } .tall { height: 1600px; background: linear-gradient(#fff, #1f6feb); }</style>
</head><body><h1>Long draft</h1><div class="tall"></div></body></html>`;

describeBrowser("rendering in a real browser", () => {
  it("renders a page to PNG", async () => {
    const file = join(OUT_DIR, "small.png");
    const size = await renderHtmlToPng(SMALL_PAGE, file, { width: 640 });

    expect(existsSync(file)).toBe(true);
    const png = readFileSync(file);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(size).toEqual({ width: 640, height: 600 });
    // A blank page compresses to a few hundred bytes; text and a coloured box do not.
    expect(statSync(file).size).toBeGreaterThan(1000);
  });

  it("captures the whole page with fullPage", async () => {
    const size = await renderHtmlToPng(TALL_PAGE, join(OUT_DIR, "tall.png"), { fullPage: true });
    expect(size.width).toBe(800);
    expect(size.height).toBeGreaterThan(1600);
  });

  it("prints a page to a one-page A4 PDF", async () => {
    const file = join(OUT_DIR, "small.pdf");
    const pages = await renderHtmlToPdf(SMALL_PAGE, file);

    expect(readFileSync(file).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pages).toBe(1);
  });

  it("prints content taller than an A4 page on two pages", async () => {
    expect(await renderHtmlToPdf(TALL_PAGE, join(OUT_DIR, "tall.pdf"))).toBe(2);
  });

  it("closes the browser when the callback throws", async () => {
    let opened: BrowserContext | undefined;
    await expect(
      withBrowser(async (browser) => {
        opened = browser;
        await browser.newPage();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(opened).toBeDefined();
    await expect(opened!.newPage()).rejects.toThrow();
  });
});
