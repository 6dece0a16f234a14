export { markupDocx, type MarkupDocxOptions } from "./write/markup.js";
export { revisionsDocx, PROPOSAL_BOOKMARK, type RevisionsDocxOptions } from "./write/revisions.js";
export { cleanDocx } from "./write/clean.js";
export { HEADER_PROPERTY } from "./write/word.js";
export { importDocx, type DocxImport, type DocxImportOptions, type DocxDiagnostic } from "./read/import.js";
export { defaultZipLimits, type ZipLimits } from "./read/zip.js";
