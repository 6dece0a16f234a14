/**
 * A problem found in input text, with where it is (1-based line and column,
 * counted in UTF-16 units as editors do) and a short excerpt of the line.
 * Import goes on after a diagnostic; nothing of the input is dropped.
 */
export interface Diagnostic {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly excerpt: string;
}

/** `file:line:col: message`, the form compilers and editors understand. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.message}`;
}

const EXCERPT_RADIUS = 30;

/** Where offsets of a source text fall, by line and column. */
export class SourceText {
  private readonly lineStarts: readonly number[];

  /** `origin` maps an offset of the text the import reads (unwrapped, see unwrap.ts) back to `text`, where diagnostics point. */
  constructor(
    readonly text: string,
    private readonly origin: (offset: number) => number = (offset) => offset,
  ) {
    const starts: number[] = [0];
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
    this.lineStarts = starts;
  }

  /** The text of a 0-based line (cut when a diagnostic asks: most lines have none), "" past the end. */
  private lineText(line: number): string {
    const start = this.lineStarts[line];
    if (start === undefined) return "";
    const next = this.lineStarts[line + 1];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1);
  }

  /** Offset of the start of a 0-based line. */
  lineStart(line: number): number {
    return this.lineStarts[line] ?? this.text.length;
  }

  /** The 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  /** A diagnostic at `offset`, with an excerpt of its line around that point. */
  diagnostic(offset: number, message: string): Diagnostic {
    const { line, column } = this.position(this.origin(offset));
    const text = this.lineText(line - 1);
    const from = Math.max(0, column - 1 - EXCERPT_RADIUS);
    const to = Math.min(text.length, column - 1 + EXCERPT_RADIUS);
    const excerpt = `${from > 0 ? "…" : ""}${text.slice(from, to).trim()}${to < text.length ? "…" : ""}`;
    return { line, column, message, excerpt };
  }
}
