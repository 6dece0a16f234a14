import type { DocumentMeta } from "@accord/schema";

/** Which export a file holds: the version and the options that change its content. */
export interface ExportKind {
  /** `revisions`: the marked-up version as Word revisions. */
  readonly version: "clean" | "markup" | "revisions";
  /** `akn`: Akoma Ntoso, written as `.xml`. */
  readonly format: "txt" | "html" | "docx" | "pdf" | "akn";
  readonly final?: boolean;
  readonly concordance?: boolean;
  /** A delegation code: its own compilation of the marked-up version. */
  readonly delegation?: string;
}

/** How long a file name may grow before the symbol is cut. */
const MAX_SYMBOL = 60;

/** ASCII letters, digits and single hyphens: safe in every file system and in a Content-Disposition without encoding. */
function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The words of the version in a file name: "clean", "clean-concordance", "final", "markup-URY". */
function versionWords(kind: ExportKind): string {
  if (kind.version === "revisions") return "revisions";
  if (kind.version === "markup") return kind.delegation ? `markup-${slug(kind.delegation)}` : "markup";
  return [kind.final ? "final" : "clean", kind.concordance ? "concordance" : ""].filter(Boolean).join("-");
}

/**
 * The file name of an export, distinct for every version and option and
 * saying what it holds: the document symbol (or `fallback`, the document id,
 * when there is none), its revision unless the symbol already carries it, the
 * version, and the day of the export, as
 * `CP-CSH-2301-26-rev-2_clean-concordance_2026-11-25.html` (Akoma Ntoso as
 * `.xml`). `day` is
 * `YYYY-MM-DD`; a malformed one is a caller's bug and throws.
 */
export function exportFileName(meta: DocumentMeta, fallback: string, kind: ExportKind, day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`exportFileName: day must be YYYY-MM-DD, not ${JSON.stringify(day)}`);
  const symbol = slug(meta.symbol).slice(0, MAX_SYMBOL).replace(/-+$/, "") || slug(fallback) || "document";
  const revision = slug(meta.revision);
  const withRevision = revision && !`-${symbol}-`.toLowerCase().includes(`-${revision}-`.toLowerCase()) ? `${symbol}-${revision}` : symbol;
  return `${withRevision}_${versionWords(kind)}_${day}.${kind.format === "akn" ? "xml" : kind.format}`;
}
