import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Result } from "@accord/schema";

/** The Chromium that prints PDFs: `ACCORD_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export function pdfChromium(): string {
  return process.env.ACCORD_CHROMIUM ?? "/usr/bin/chromium";
}

/** How long one PDF may take to print. */
const PRINT_TIMEOUT_MS = 60_000;

/**
 * Prints a standalone HTML page (the marked-up or clean page of
 * `@accord/merge`, made to print on A4 with running heads and page numbers)
 * to PDF with headless Chromium (`--print-to-pdf`), on a fresh profile,
 * offline, without the browser's own header and footer. A missing Chromium or
 * a failed print is a value with a sentence saying what to do; the page's
 * file and profile are removed whatever happens.
 */
export async function htmlToPdf(html: string, chromium = pdfChromium()): Promise<Result<Uint8Array>> {
  if (!existsSync(chromium)) return { ok: false, message: `PDF export needs Chromium, not found at ${chromium} (apt-get install chromium, or set ACCORD_CHROMIUM)` };
  const dir = await mkdtemp(join(tmpdir(), "accord-pdf-"));
  try {
    const page = join(dir, "page.html");
    const out = join(dir, "page.pdf");
    await writeFile(page, html, "utf8");
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${join(dir, "profile")}`,
      "--no-pdf-header-footer",
      `--print-to-pdf=${out}`,
      pathToFileURL(page).href,
    ];
    const failure = await new Promise<string | null>((resolve) => {
      execFile(chromium, args, { timeout: PRINT_TIMEOUT_MS, env: { ...process.env, HOME: dir } }, (error, _stdout, stderr) => {
        resolve(error ? `${error.message.split("\n")[0]}${stderr ? ` (${String(stderr).trim().split("\n").pop()})` : ""}` : null);
      });
    });
    if (!existsSync(out)) return { ok: false, message: `Chromium could not print the PDF: ${failure ?? "it wrote no file"}` };
    return { ok: true, value: new Uint8Array(await readFile(out)) };
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  }
}
