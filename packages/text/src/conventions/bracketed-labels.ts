import { readNoText, readOptionLabel } from "@accord/schema";

// Option labels written inside the bracket that opens their option's text (`[Option (a): Being guided …,]`, as UNFCCC
// negotiating texts write an option in dispute; docs/text-format.md "Option blocks"). The import moves each such `[`
// to just after its label (`Option (a): [Being guided …,]`), so the label is read as any other and the bracket as a
// bracket of the option's text; the option keeps that it was written so (`labelInBracket`), and the export writes
// the label back inside the bracket (`writeLabelInBracket`).

/**
 * The option label `written` (a block's text) begins with inside a bracket
 * (`[Option 1: text`): the label as written (spaces made single) and where
 * the text after it begins in `written` (its spaces skipped; `written.length`
 * when the label stands alone), or null. `[Option 2: No text]` reads
 * `Option 2: [No text]`: the option of having nothing there. Never fails.
 */
export function readBracketedLabel(written: string): { label: string; rest: number } | null {
  if (written[0] !== "[") return null;
  const reading = readOptionLabel(written.slice(1));
  return reading && { label: reading.label, rest: reading.rest + 1 };
}

/**
 * Where the text after an option label at the start of `line` begins, the
 * label written bare (`Option 1:`) or inside a bracket (`[Option 1:`);
 * `line.length` for a label alone, null for no label. How the block reader
 * tells such a line from text (blocks.ts). Never fails.
 */
export function optionLabelEnd(line: string): number | null {
  return readOptionLabel(line)?.rest ?? readBracketedLabel(line)?.rest ?? null;
}

/**
 * The line a block's own line (`line`, as the export writes it) becomes with
 * `label` written inside the bracket it opens with (`[text]` → `[Option 1:
 * text]`), or null where that would not read back as the label of a bracket
 * opening the text (the line opens with no bracket, or with text the label
 * would not end before, or reads as `[No text]`). Never fails.
 */
export function writeLabelInBracket(label: string, line: string): string | null {
  if (line[0] !== "[" || readNoText(line) !== null) return null;
  const written = `[${label} ${line.slice(1)}`;
  const reading = readBracketedLabel(written);
  return reading && reading.label === label && reading.rest === label.length + 2 ? written : null;
}

/** The text with option labels moved out of the brackets they were written in, the blocks as they are in it, and where each such `[` now stands. */
export interface MovedLabels<R> {
  readonly text: string;
  readonly raws: readonly R[];
  /** Offset of each moved label (where its `[` stood) → offset of its `[` now. */
  readonly bracketAt: ReadonlyMap<number, number>;
  /** Maps an offset of the new text to the same character's offset in the text given, for diagnostics. */
  readonly origin: (offset: number) => number;
}

/**
 * Moves the `[` before each option label at the start of a paragraph
 * (`readBracketedLabel`) to just after the label and its spaces, so that it
 * opens the option's text: `[Option (a): text]` reads `Option (a): [text]`.
 * A label alone on its line (`[Option 2:` then the option's first paragraph)
 * gives its `[` to the paragraph after it, when that is a paragraph with no
 * label of an option of its own. The text keeps its length and characters,
 * only the `[` moves; blocks keep their text. Labels at the offsets in
 * `notOptions` (read as no option) are left as they are. Never fails.
 */
export function moveBracketedLabels<R extends { type: string; start: number; end: number }>(text: string, raws: readonly R[], notOptions: ReadonlySet<number> = new Set()): MovedLabels<R> {
  // Each move takes the `[` at `from` to `to - 1`, the characters between one place to the left.
  const moves: { from: number; to: number }[] = [];
  const moved: R[] = [...raws];
  for (let k = 0; k < moved.length; k++) {
    const raw = moved[k]!;
    if (raw.type !== "paragraph" || text[raw.start] !== "[" || notOptions.has(raw.start)) continue;
    const written = text.slice(raw.start, raw.end);
    const reading = readBracketedLabel(written);
    if (!reading) continue;
    if (reading.rest < written.length) {
      moves.push({ from: raw.start, to: raw.start + reading.rest });
      continue;
    }
    const next = moved[k + 1];
    const following = next ? text.slice(next.start, next.end) : "";
    if (next?.type !== "paragraph" || readOptionLabel(following) || readBracketedLabel(following) || following[0] === "\\") continue;
    moves.push({ from: raw.start, to: next.start });
    moved[k] = { ...raw, end: raw.end - 1 };
    moved[k + 1] = { ...next, start: next.start - 1 };
  }
  if (!moves.length) return { text, raws, bracketAt: new Map(), origin: (offset) => offset };
  const out = joinMoves(text, moves);
  const origin = (offset: number): number => {
    for (const { from, to } of moves) {
      if (offset < from || offset >= to) continue;
      return offset === to - 1 ? from : offset + 1;
    }
    return offset;
  };
  return { text: out, raws: moved, bracketAt: new Map(moves.map(({ from, to }) => [from, to - 1])), origin };
}

/** The text with each move made: the `[` at `from` put at `to - 1`. */
function joinMoves(text: string, moves: readonly { from: number; to: number }[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const { from, to } of moves) {
    pieces.push(text.slice(at, from), text.slice(from + 1, to), "[");
    at = to;
  }
  pieces.push(text.slice(at));
  return pieces.join("");
}
