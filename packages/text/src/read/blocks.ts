import {
  endsWithConnective,
  endsWithTerminal,
  isHeadingText,
  isSectionHeading,
  readLabel,
  startsLowercase,
  splitObjective,
} from "../conventions/conventions.js";
import { readFootnoteBody } from "../conventions/footnotes.js";
import { optionLabelEnd } from "../conventions/bracketed-labels.js";
import { DEFAULT_DATE_STYLE, type DateStyle } from "@accord/schema";
import { readTrailingMarker } from "./markers.js";

/** A run of source lines that forms one heading, paragraph or footnote body. */
export interface RawBlock {
  readonly type: "heading" | "paragraph" | "footnote";
  /** Source offsets: the block is exactly `text.slice(start, end)`. */
  start: number;
  end: number;
  /** Set while a paragraph holds only its label (`1bis.`) and waits for its text. */
  awaitingText: boolean;
  /** The text of the block's last line, to decide whether the next one continues it. */
  lastLine: string;
  /** Open `[` and `(` so far, to keep a bracket broken over lines in one paragraph. */
  depth: number;
}

export type LineClass =
  | "blank"
  | "footnote"
  | "slash"
  | "marker"
  | "labelOnly"
  | "structured" // starts with a label, `//` or an escape: always a new paragraph
  | "objective"
  | "heading"
  | "text";

/** How a line reads on its own (dates in the document's `style`); the exporter asks this to know a line will read back as meant. */
export function classify(line: string, style: DateStyle = DEFAULT_DATE_STYLE): LineClass {
  const t = line.trim();
  return t ? classifyTrimmed(line, t, readTrailingMarker(t, style)) : "blank";
}

/** How a line reads, and whether it ends with a status marker (`readTrailingMarker` of the trimmed line). */
export interface LineReading {
  readonly cls: LineClass;
  readonly endsWithMarker: boolean;
}

/**
 * `classify` for one import: each distinct line is read once, however many
 * passes ask (the PDF pass, the block reader), and the marker read on the way
 * is kept. Never fails; holds every distinct line it was asked, so it lives
 * as long as the import.
 */
export class LineReader {
  private readonly readings = new Map<string, LineReading>();

  constructor(readonly style: DateStyle = DEFAULT_DATE_STYLE) {}

  /** How `line` reads, as `classify` and `readTrailingMarker` of it trimmed say. */
  read(line: string): LineReading {
    let reading = this.readings.get(line);
    if (!reading) {
      const t = line.trim();
      const marker = t ? readTrailingMarker(t, this.style) : null;
      reading = lineReading(t ? classifyTrimmed(line, t, marker) : "blank", marker?.kind === "marker");
      this.readings.set(line, reading);
    }
    return reading;
  }
}

// The few readings there are, made once: a document has tens of thousands of lines.
const READINGS = new Map<string, LineReading>();
function lineReading(cls: LineClass, endsWithMarker: boolean): LineReading {
  const key = `${cls}${endsWithMarker}`;
  let reading = READINGS.get(key);
  if (!reading) READINGS.set(key, (reading = Object.freeze({ cls, endsWithMarker })));
  return reading;
}

/** `classify` of a non-blank `line`, given it trimmed and the marker it ends with. */
function classifyTrimmed(line: string, t: string, marker: ReturnType<typeof readTrailingMarker>): LineClass {
  if (readFootnoteBody(line)) return "footnote";
  if (t === "/") return "slash";
  if (marker?.kind === "marker" && marker.start === 0) return "marker";
  if (t.startsWith("\\") || t.startsWith("//")) return "structured";
  // `Option 1:` (an option of an option block, `[Option 1:` in a bracket) begins a paragraph; alone on its line, its text follows.
  const option = optionLabelEnd(t);
  if (option !== null) return option === t.length ? "labelOnly" : "structured";
  // `I. Scope` starts like a label but is a section's title.
  if (isSectionHeading(marker?.kind === "marker" ? t.slice(0, marker.start) : t)) return "heading";
  const label = readLabel(t);
  if (label) return label.length === t.length ? "labelOnly" : "structured";
  if (splitObjective(t)) return "objective";
  const withoutMarker = marker?.kind === "marker" ? t.slice(0, marker.start) : t;
  if (isHeadingText(withoutMarker)) return "heading";
  return "text";
}

function depthChange(line: string): number {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") i++;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
  }
  return depth;
}

function endsWithMarker(line: string, style: DateStyle): boolean {
  return readTrailingMarker(line, style)?.kind === "marker";
}

function continues(block: RawBlock, line: string, cls: LineClass, blankRun: number, style: DateStyle): boolean {
  if (cls !== "text" && cls !== "heading") return false;
  if (line.trimStart().startsWith("# ") || line.trim() === "#") return false;
  if (block.type === "footnote") return cls === "text" && blankRun === 0;
  // A title broken over lines, even with blank lines between: "… TO CONSIDER THE" / "Draft …".
  if (block.type === "heading") return blankRun <= 2 && endsWithConnective(block.lastLine);
  // An option's label alone takes the line after it as its text, unless that line is a heading the option holds.
  if (block.awaitingText) return blankRun === 0 && !(cls === "heading" && optionLabelEnd(block.lastLine.trim()) !== null);
  if (block.depth > 0 && blankRun <= 1 && (blankRun === 0 || startsLowercase(line))) return true;
  if (blankRun > 0 || cls !== "text" || endsWithTerminal(block.lastLine) || endsWithMarker(block.lastLine, style)) return false;
  return startsLowercase(line) || endsWithConnective(block.lastLine);
}

/**
 * Splits source text (from `from`) into blocks, the way a reader of a Word
 * draft would: one paragraph per line unless the line is visibly unfinished
 * (no closing punctuation, an open bracket, a label alone, a title broken
 * after "of the"); a status marker or a lone `/` footnote mark on its own line
 * belongs to the block above; `Objective 3.4   To foster…` is a heading and a
 * paragraph; footnote bodies are blocks of their own. A line that reads as a
 * heading but starts at an offset `paragraphAt` holds (a paragraph in capitals
 * the PDF pass found, `unwrapText`) is read as a paragraph.
 */
export function splitBlocks(
  text: string,
  from: number,
  style: DateStyle = DEFAULT_DATE_STYLE,
  lines = new LineReader(style),
  paragraphAt: (offset: number) => boolean = () => false,
): RawBlock[] {
  const blocks: RawBlock[] = [];
  let current: RawBlock | null = null;
  let blankRun = 0;
  let lineStart = from;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    let cls = lines.read(line).cls;
    if (cls === "heading" && paragraphAt(lineStart + (line.length - line.trimStart().length))) cls = readLabel(line.trim()) ? "structured" : "text";
    const begin = (type: RawBlock["type"], start: number): RawBlock => {
      const block: RawBlock = { type, start, end: lineEnd, awaitingText: cls === "labelOnly", lastLine: line, depth: depthChange(line) };
      blocks.push(block);
      return block;
    };
    if (cls === "blank") {
      blankRun++;
    } else {
      const leading = lineStart + (line.length - line.trimStart().length);
      if (current && continues(current, line, cls, blankRun, style)) {
        current.end = lineEnd;
        current.lastLine = line;
        current.depth += depthChange(line);
        current.awaitingText = false;
      } else if ((cls === "slash" || cls === "marker") && current && current.type !== "footnote") {
        current.end = lineEnd;
        current.lastLine = line;
      } else if (cls === "footnote") {
        current = begin("footnote", leading);
      } else if (cls === "heading") {
        current = begin("heading", leading);
      } else if (cls === "objective") {
        const split = splitObjective(line)!;
        const restStart = lineStart + line.lastIndexOf(split.rest);
        blocks.push({ type: "heading", start: leading, end: leading + split.heading.length, awaitingText: false, lastLine: split.heading, depth: 0 });
        current = begin("paragraph", restStart);
      } else {
        current = begin("paragraph", leading);
      }
      blankRun = 0;
    }
    lineStart = lineEnd + 1;
  }
  return blocks;
}
