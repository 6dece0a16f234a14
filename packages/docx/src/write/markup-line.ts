import { proposerOf, type DelegationRegistry } from "@accord/schema";
import { footnoteRefAt } from "@accord/text";

/** A piece of a marked-up line as Word draws it. */
export type LinePiece =
  | {
      readonly kind: "text";
      readonly text: string;
      readonly bold: boolean;
      readonly underline: boolean;
      readonly strike: boolean;
      /** Delegation code whose colour the text takes; "" for none. */
      readonly colour: string;
    }
  | { readonly kind: "footnote"; readonly number: number; readonly idem: boolean; readonly strike: boolean };

interface Bracket {
  readonly tagged: boolean;
  readonly proposer: string;
}

/** Footnote numbering seen so far across lines: the next number a new reference must have. */
export interface FootnoteCounter {
  next: number;
}

/**
 * Reads one line of the marked-up text export (`exportMarkupText`) into the
 * pieces Word draws: brackets and their tags (bold) in the colour of the
 * bracket's proposer, text in a tagged bracket underlined (proposed), text
 * between `~~` struck through (`~~` itself dropped), and footnote references
 * (`3/`, `3/ IDEM`) as footnotes. Escapes (`\[`) stay as written, so the
 * line's text reads back exactly. A reference is recognised only where the
 * text import reads one (`footnoteRefAt`: not in a date or a citation such
 * as `decision 1/CP.21`) and only when it is the next new number (or an
 * earlier one with IDEM), as the exporter numbers them. Never fails.
 */
export function readMarkupLine(line: string, registry: DelegationRegistry, counter: FootnoteCounter): LinePiece[] {
  const pieces: LinePiece[] = [];
  const stack: Bracket[] = [];
  let strike = false;
  // Plain text is read as slices of the line, from where it starts to the syntax that ends it (an escape stays in it).
  let textStart = 0;
  const flush = (end: number) => {
    if (end <= textStart) return;
    const inner = stack[stack.length - 1];
    pieces.push({ kind: "text", text: line.slice(textStart, end), bold: false, underline: Boolean(inner?.tagged) && !strike, strike, colour: inner?.proposer ?? "" });
  };
  const emit = (text: string, bold: boolean, colour: string) => pieces.push({ kind: "text", text, bold, underline: false, strike, colour });

  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === "\\" && i + 1 < line.length) {
      i += 2;
      continue;
    }
    if (c === "~" && line[i + 1] === "~") {
      flush(i);
      strike = !strike;
      i += 2;
      textStart = i;
      continue;
    }
    if (c === "[") {
      flush(i);
      TAG.lastIndex = i;
      const tag = TAG.exec(line);
      const codes = tag ? tagCodes(tag[1]!, registry) : null;
      const proposer = codes ? (proposerOf(codes) ?? "") : (stack[stack.length - 1]?.proposer ?? "");
      emit("[", true, proposer);
      if (tag && codes) {
        // The space after the tag in bold too (it looks the same): the bracket, its tags and the space are one run.
        emit(`${tag[1]}: `, true, proposer);
        i += tag[0].length;
      } else i += 1;
      stack.push({ tagged: codes !== null, proposer });
      textStart = i;
      continue;
    }
    if (c === "]") {
      flush(i);
      emit("]", true, stack[stack.length - 1]?.proposer ?? "");
      stack.pop();
      i += 1;
      textStart = i;
      continue;
    }
    if (c >= "0" && c <= "9") {
      // What the text import reads as a reference, nothing else: a citation (`decision 1/CP.21`) or a date stays text.
      const reference = footnoteRefAt(line, i);
      if (reference) {
        const number = Number(reference[1]);
        const idem = reference[2] !== undefined;
        if ((idem && number >= 1 && number < counter.next) || (!idem && number === counter.next)) {
          flush(i);
          if (!idem) counter.next++;
          pieces.push({ kind: "footnote", number, idem, strike });
          i += reference[0].length;
          textStart = i;
          continue;
        }
      }
    }
    i += 1;
  }
  flush(line.length);
  return merged(pieces);
}

/** A bracket's tag list at the read position (sticky: `lastIndex` is where the `[` is). */
const TAG = /\[([^[\]\\~:]{1,200}?): /y;

/** Neighbouring text pieces that look the same as one: fewer Word runs (the export's cost is per run). */
function merged(pieces: readonly LinePiece[]): LinePiece[] {
  const out: LinePiece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (
      piece.kind === "text" && last?.kind === "text" &&
      last.bold === piece.bold && last.underline === piece.underline && last.strike === piece.strike && last.colour === piece.colour
    ) out[out.length - 1] = { ...last, text: last.text + piece.text };
    else out.push(piece);
  }
  return out;
}

/** The codes of a tag list (`Arg, Bra`), or null when one of them is not a delegation the registry knows. */
function tagCodes(list: string, registry: DelegationRegistry): string[] | null {
  const codes: string[] = [];
  for (const tag of list.split(/\s*[,/;]\s*/)) {
    const found = registry.find(tag.trim());
    if (!found.ok) return null;
    codes.push(found.delegation.code);
  }
  return codes.length ? codes : null;
}
