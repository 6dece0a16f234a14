export { importText, type ImportResult, type ImportOptions } from "./import.js";
export { exportMarkupText, type ExportOptions } from "./export.js";
export { decodeText, MAX_TEXT_BYTES } from "./decode.js";
export { type Diagnostic, formatDiagnostic } from "./diagnostics.js";
export { readTrailingMarker, formatStatusMarker, type StatusMarker, type StatusStyle, type FootnoteRef } from "./markers.js";
export { detectDateStyle } from "./dates.js";
export { guessRegistry, type RegistryChoice } from "./registry-guess.js";
export { type Recognition } from "./recognition.js";
export { type PdfReading } from "./unwrap.js";
