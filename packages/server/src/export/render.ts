import { AKN_MEDIA_TYPE, exportAkn } from "@accord/akn";
import { cleanDocx, markupDocx, revisionsDocx } from "@accord/docx";
import { cleanHtml, cleanText, markupHtml, markupText } from "@accord/merge";
import type { NegotiationDocument } from "@accord/schema";
import { htmlToPdf } from "./pdf.js";

/** The versions an export can be: clean, marked-up, or marked-up as Word revisions (`docx` only). */
export const EXPORT_VERSIONS = ["clean", "markup", "revisions"] as const;
/** The formats an export can be written in. */
export const EXPORT_FORMATS = ["txt", "html", "docx", "pdf", "akn"] as const;

/** What to export: the version, the format, and the options that belong to a version. */
export interface ExportRequest {
  readonly version: (typeof EXPORT_VERSIONS)[number];
  readonly format: (typeof EXPORT_FORMATS)[number];
  /** clean: refuse unless the text is final. */
  readonly final?: boolean;
  /** clean: add the concordance (an annex in Word). */
  readonly concordance?: boolean;
  /** markup: this delegation's compilation (a code the registry knows). */
  readonly delegation?: string;
}

/** Why an export could not be made: the text is not final (`final`), or no PDF could be printed. */
export type ExportFailure = { readonly ok: false; readonly reason: "not-final" | "no-pdf"; readonly message: string };

/** An export, or why it could not be made. */
export type ExportResult = { readonly ok: true; readonly value: Rendered } | ExportFailure;

/** An export's bytes and media type. */
export interface Rendered {
  readonly body: Uint8Array;
  readonly type: string;
}

/** The media type of each format. */
export const EXPORT_TYPES: Record<ExportRequest["format"], string> = {
  txt: "text/plain; charset=utf-8",
  html: "text/html; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  akn: AKN_MEDIA_TYPE,
};

/**
 * The problem with a request's combination of options, or null: `final` and
 * `concordance` belong to the clean version, `delegation` to the marked-up
 * one, and `revisions` is a Word document only. Worded for a person; the CLI
 * and the API say it as their usage error.
 */
export function exportRequestProblem(request: ExportRequest): string | null {
  if (request.version !== "clean" && (request.final || request.concordance)) return `${request.final ? "final" : "concordance"} applies only to the clean version`;
  if (request.version !== "markup" && request.delegation !== undefined) return "delegation applies only to the marked-up version";
  if (request.version === "revisions" && request.format !== "docx") return "the revisions version is a Word document: use format docx";
  // Akoma Ntoso carries the negotiation itself (proposals as ins/del); a clean text in it would say nothing the others do not.
  if (request.format === "akn" && request.version !== "markup") return "Akoma Ntoso is written for the marked-up version: use version markup";
  if (request.format === "akn" && request.delegation !== undefined) return "Akoma Ntoso holds the whole negotiation: a delegation's compilation is txt, html, docx or pdf";
  return null;
}

/**
 * Renders one export of a document, the one place the CLI and the server's
 * export endpoint both call: text and HTML from `@accord/merge`, Word from
 * `@accord/docx`, Akoma Ntoso from `@accord/akn`, PDF printed by headless Chromium from the print-ready HTML
 * (`htmlToPdf`). A final text that is not final, or a PDF that cannot be
 * printed, is a failure with its reason and message; a request with options that do not
 * go together (`exportRequestProblem`) or a delegation the registry does not
 * know is a caller's bug and throws.
 */
export async function renderExport(document: NegotiationDocument, request: ExportRequest): Promise<ExportResult> {
  const problem = exportRequestProblem(request);
  if (problem) throw new RangeError(problem);
  const type = EXPORT_TYPES[request.format];
  const text = (value: string): ExportResult => ({ ok: true, value: { body: new TextEncoder().encode(value), type } });
  const bytes = (value: Uint8Array): ExportResult => ({ ok: true, value: { body: value, type } });
  const markupOptions = request.delegation === undefined ? {} : { delegation: request.delegation };
  const cleanOptions = { final: request.final ?? false, concordance: request.concordance ?? false };

  if (request.version === "revisions") return bytes(await revisionsDocx(document));
  if (request.version === "markup") {
    switch (request.format) {
      case "txt":
        return text(markupText(document, markupOptions));
      case "html":
        return text(markupHtml(document, markupOptions));
      case "docx":
        return bytes(await markupDocx(document, markupOptions));
      case "pdf":
        return pdf(markupHtml(document, markupOptions));
      case "akn":
        return text(exportAkn(document));
    }
  }
  switch (request.format) {
    case "txt": {
      const result = cleanText(document, cleanOptions);
      return result.ok ? text(result.value) : notFinal(result.message);
    }
    case "html": {
      const result = cleanHtml(document, cleanOptions);
      return result.ok ? text(result.value) : notFinal(result.message);
    }
    case "docx": {
      const result = await cleanDocx(document, cleanOptions);
      return result.ok ? bytes(result.value) : notFinal(result.message);
    }
    case "pdf": {
      const result = cleanHtml(document, cleanOptions);
      return result.ok ? pdf(result.value) : notFinal(result.message);
    }
    case "akn":
      throw new RangeError("Akoma Ntoso is written for the marked-up version"); // refused by exportRequestProblem above
  }
}

async function pdf(html: string): Promise<ExportResult> {
  const printed = await htmlToPdf(html);
  return printed.ok ? { ok: true, value: { body: printed.value, type: EXPORT_TYPES.pdf } } : { ok: false, reason: "no-pdf", message: printed.message };
}

function notFinal(message: string): ExportFailure {
  return { ok: false, reason: "not-final", message };
}
