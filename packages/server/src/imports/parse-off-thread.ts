import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { NegotiationDocument } from "@accord/schema";

/** The formats a draft can be uploaded in. */
export const UPLOAD_FORMATS = ["txt", "docx", "akn"] as const;

/** A problem found reading an uploaded draft: a line and column of a text, or a paragraph (and column) of a Word file. */
export interface UploadDiagnostic {
  /** Text: the 1-based line; Word: null. */
  readonly line: number | null;
  /** Word: the 1-based paragraph of the document's body, null for a text or a problem outside the body. */
  readonly paragraph: number | null;
  /** Word: the 1-based footnote, or null. */
  readonly footnote: number | null;
  readonly column: number;
  readonly message: string;
  readonly excerpt: string;
}

/** An uploaded draft read: the document and what the import found, or why it could not be read. */
export type ParsedUpload =
  | { readonly ok: true; readonly document: NegotiationDocument; readonly diagnostics: readonly UploadDiagnostic[] }
  | { readonly ok: false; readonly message: string };

// The worker's code: plain CommonJS run with `eval`, so the same file works from the TypeScript sources (tests) and
// from dist. It imports the built @accord/text, @accord/docx and @accord/akn and answers once.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { format, bytes } = workerData;
  try {
    if (format === "docx") {
      const { importDocx } = await import(workerData.docx);
      const read = importDocx(bytes);
      if (!read.ok) return parentPort.postMessage({ ok: false, message: read.message });
      const diagnostics = read.diagnostics.map((d) => ({ line: null, paragraph: d.paragraph, footnote: d.footnote, column: d.column, message: d.message, excerpt: d.excerpt }));
      return parentPort.postMessage({ ok: true, json: read.document.toJSON(), diagnostics });
    }
    if (format === "akn") {
      // Lines and columns are those of the bracketed text the file was read as.
      const { importAkn } = await import(workerData.akn);
      const read = importAkn(bytes);
      if (!read.ok) return parentPort.postMessage({ ok: false, message: read.message });
      const diagnostics = read.diagnostics.map((d) => ({ line: d.line, paragraph: null, footnote: null, column: d.column, message: d.message, excerpt: d.excerpt }));
      return parentPort.postMessage({ ok: true, json: read.document.toJSON(), diagnostics });
    }
    const { decodeText, importText } = await import(workerData.text);
    const decoded = decodeText(bytes);
    if (!decoded.ok) return parentPort.postMessage({ ok: false, message: decoded.message });
    const read = importText(decoded.value);
    const diagnostics = read.diagnostics.map((d) => ({ line: d.line, paragraph: null, footnote: null, column: d.column, message: d.message, excerpt: d.excerpt }));
    parentPort.postMessage({ ok: true, json: read.document.toJSON(), diagnostics });
  } catch (error) {
    parentPort.postMessage({ ok: false, crashed: String((error && error.stack) || error) });
  }
})();
`;

/** How long reading one upload may take before its worker is stopped. */
export const UPLOAD_PARSE_TIMEOUT_MS = 20_000;

const moduleUrl = (name: string) => pathToFileURL(createRequire(import.meta.url).resolve(name)).href;

/**
 * Reads an uploaded draft (`txt`: decodeText and importText; `docx`:
 * importDocx with its limits; `akn`: importAkn) on a worker thread of its own, so the server's
 * event loop keeps answering while a large or hostile file is read, and
 * stops the worker after `timeoutMs`, whatever it is doing. A file that
 * cannot be read is a value with its message; a worker that crashes or runs
 * out of time too (the crash is logged, not shown).
 */
export function parseUpload(format: (typeof UPLOAD_FORMATS)[number], bytes: Uint8Array, timeoutMs = UPLOAD_PARSE_TIMEOUT_MS): Promise<ParsedUpload> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { format, bytes, docx: moduleUrl("@accord/docx"), akn: moduleUrl("@accord/akn"), text: moduleUrl("@accord/text") },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    let settled = false;
    const settle = (result: ParsedUpload) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle({ ok: false, message: `reading the file took more than ${Math.round(timeoutMs / 1000)} s: it was stopped` }), timeoutMs);
    worker.on("message", (answer: { ok: boolean; json?: unknown; diagnostics?: UploadDiagnostic[]; message?: string; crashed?: string }) => {
      if (answer.crashed !== undefined) {
        console.error(`[upload] reading a ${format} upload failed: ${answer.crashed}`);
        settle({ ok: false, message: "the file could not be read (the failure is in the server's log)" });
      } else if (!answer.ok) settle({ ok: false, message: answer.message ?? "the file could not be read" });
      else {
        try {
          settle({ ok: true, document: NegotiationDocument.fromJSON(answer.json), diagnostics: answer.diagnostics ?? [] });
        } catch (error) {
          console.error(`[upload] a ${format} upload read as an invalid document: ${String(error)}`);
          settle({ ok: false, message: "the file could not be read (the failure is in the server's log)" });
        }
      }
    });
    worker.on("error", (error) => {
      console.error(`[upload] the ${format} reader stopped: ${error.message}`);
      settle({ ok: false, message: "the file could not be read: it needs more memory than an upload may use" });
    });
    worker.on("exit", () => settle({ ok: false, message: "the file could not be read" }));
  });
}
