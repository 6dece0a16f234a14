import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, it } from "vitest";

// Real LibreOffice for tests that open Word files (Debian's
// libreoffice-writer-nogui, /usr/bin/soffice) and poppler's pdftoppm to look at
// what it printed. Tests that need them skip, saying why, when they are
// absent — unless ACCORD_REQUIRE_OFFICE=1 (as .ci/run sets), where their
// absence fails the run.

const run = promisify(execFile);

/** LibreOffice's command: `ACCORD_SOFFICE`, else `/usr/bin/soffice`; null when it does not exist. */
export function sofficePath(): string | null {
  const path = process.env.ACCORD_SOFFICE ?? "/usr/bin/soffice";
  return existsSync(path) && existsSync("/usr/bin/pdftoppm") && existsSync("/usr/bin/pdftotext") ? path : null;
}

/**
 * A describe block that needs LibreOffice and pdftoppm: skipped with a message
 * when they are absent, failing when required (`ACCORD_REQUIRE_OFFICE=1`).
 * When skipped, `body` is not run at all; one skipped entry stands for it.
 */
export function describeOffice(name: string, body: () => void): void {
  if (sofficePath() !== null) {
    describe(name, body);
    return;
  }
  const wanted = process.env.ACCORD_SOFFICE ?? "/usr/bin/soffice";
  if (process.env.ACCORD_REQUIRE_OFFICE === "1") {
    describe(name, () => {
      throw new Error(`ACCORD_REQUIRE_OFFICE=1 but LibreOffice (${wanted}) or pdftoppm is missing`);
    });
    return;
  }
  console.warn(`[office] ${wanted} or pdftoppm not found: skipping "${name}" (apt-get install libreoffice-writer-nogui poppler-utils)`);
  describe.skip(`${name} (skipped: LibreOffice not found at ${wanted})`, () => {
    it.skip("opens Word files in LibreOffice");
  });
}

/** What LibreOffice made of a Word file: the PDF, its text, and the first page as PNG. */
export interface Converted {
  readonly pdf: Buffer;
  /** The PDF's text, as pdftotext reads it. */
  readonly text: string;
  readonly firstPage: Buffer;
  /** What soffice printed; an error it reports shows here. */
  readonly log: string;
}

/**
 * Opens `docx` in headless LibreOffice on a fresh profile, converts it to PDF
 * (`--convert-to pdf`) and renders the PDF's first page to PNG (pdftoppm,
 * 60 dpi). Throws with LibreOffice's output when it makes no PDF.
 */
export async function convertDocx(docx: Uint8Array): Promise<Converted> {
  const dir = mkdtempSync(join(tmpdir(), "accord-office-"));
  try {
    const input = join(dir, "document.docx");
    writeFileSync(input, docx);
    const profile = `file://${join(dir, "profile")}`;
    const { stdout, stderr } = await run(
      sofficePath()!,
      [`-env:UserInstallation=${profile}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, input],
      { timeout: 120_000, env: { ...process.env, HOME: dir } },
    );
    const log = `${stdout}${stderr}`;
    const pdfPath = join(dir, "document.pdf");
    if (!existsSync(pdfPath)) throw new Error(`LibreOffice made no PDF:\n${log}`);
    await run("/usr/bin/pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdfPath, join(dir, "page")], { timeout: 60_000 });
    const { stdout: text } = await run("/usr/bin/pdftotext", ["-layout", pdfPath, "-"], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    return { pdf: readFileSync(pdfPath), text, firstPage: readFileSync(join(dir, "page.png")), log };
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  }
}
