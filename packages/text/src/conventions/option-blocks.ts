import { labelKey, MAX_OPTION_DEPTH, readNoText, readOptionLabel, writeOptionPath } from "@accord/schema";
import type { ImportContext } from "../read/context.js";
import { labelForm } from "./conventions.js";
import type { Diagnostic } from "../diagnostics.js";
import type { InlineItem } from "../read/inline.js";
import { moveBracketedLabels, readBracketedLabel, writeLabelInBracket } from "./bracketed-labels.js";

// Option blocks (`Option 1:` … `Option 2: No text`, docs/text-format.md "Option blocks"): which blocks each option
// holds. The import reads a draft's blocks with `groupOptionBlocks`, and the export asks the same function whether
// what it writes reads back as the document it has (else it writes `(End of options)` where a group ends).

/** The line that ends the innermost option group where the draft's layout alone would not say so. */
export const END_OF_OPTIONS = "(End of options)";

/** True for a line that is only `(End of options)`. */
export function isEndOfOptions(line: string): boolean {
  return /^\s*\(\s*End of options?\s*\)\.?\s*$/i.test(line);
}

/** An option label that begins a block: its label as written, its key, the no-text form when it says it has none. */
export interface OptionStart {
  readonly label: string;
  readonly key: string;
  /** "" for an option with text; else how "No text" was written. */
  readonly noText: string;
  /** Where the label is in the text read, for diagnostics. */
  readonly offset: number;
  /**
   * Where the `[` the label was written inside (`[Option (a): text]`) stands
   * once moved after the label (`takeOptionStarts`); -1 for a label written
   * outside any bracket.
   */
  readonly bracketAt?: number;
}

/** What the grouping needs to know of one block: its kind, its own label, the options it begins (outermost first), and the `(End of options)` lines before it, each ending a group. */
export interface SkeletonBlock {
  readonly type: "heading" | "paragraph";
  readonly label: string;
  readonly starts: readonly OptionStart[];
  /** Where each `(End of options)` line between the block before and this one stands, in order. */
  readonly endsBefore: readonly number[];
  readonly offset: number;
}

/** One step of a block's place as the grouping reads it (the model's `OptionStep` without a state: what is read is open). */
export interface ReadStep {
  readonly group: string;
  readonly option: string;
  readonly label: string;
  readonly noText: string;
  /** Its label was written inside the bracket that opens its text (`[Option (a): text]`). */
  readonly labelInBracket?: boolean;
}

/** What the grouping found: each block's steps, the starts that made no group of two, the ends that ended none, guesses located by offset. */
export interface OptionGrouping {
  readonly paths: ReadStep[][];
  /** Starts that are no option (a group of one, too deep): block index, start and why, to be kept as text. */
  readonly lone: readonly { readonly block: number; readonly start: OptionStart; readonly problem: string }[];
  /** Where the `(End of options)` lines that found no group open stand, to be kept as text. */
  readonly strayEnds: readonly number[];
  readonly guesses: readonly { readonly offset: number; readonly message: string }[];
}

/** Why an `(End of options)` line is kept as text: it was read where no option group was open. */
export const STRAY_END = `‘${END_OF_OPTIONS}’ ends no option group (none is open where it stands); it is kept as text`;

/** A numbering style of option keys and the key it is under: `1A` is a letter under `1`, `1.2` a number under `1`. */
interface KeyShape {
  readonly style: string;
  readonly under: string;
}

function shapesOf(key: string): KeyShape[] {
  let m: RegExpExecArray | null;
  if (/^\d+$/.test(key)) return [{ style: "number", under: "" }];
  if ((m = /^(\d+(?:\.\d+)*)\.(\d+)$/.exec(key))) return [{ style: "number", under: m[1]! }];
  if ((m = /^(\d+(?:\.\d+)*)([A-Za-z])$/.exec(key))) return [{ style: "letter", under: m[1]! }];
  if (/^[IVXLC]$/.test(key)) return [{ style: "letter", under: "" }, { style: "roman", under: "" }];
  if (/^[IVXLC]+$/.test(key)) return [{ style: "roman", under: "" }];
  if (/^[A-Z]$/.test(key)) return [{ style: "letter", under: "" }];
  if (/^\(\d+\)$/.test(key)) return [{ style: "(number)", under: "" }];
  if (/^\([ivxlc]\)$/.test(key)) return [{ style: "(letter)", under: "" }, { style: "(roman)", under: "" }];
  if (/^\([ivxlc]+\)$/.test(key)) return [{ style: "(roman)", under: "" }];
  return [{ style: "(letter)", under: "" }];
}

const sameShape = (a: KeyShape, b: KeyShape) => a.style === b.style && a.under === b.under;

/** The shapes a group's first key gives it: those it comes earliest in (`Option I` begins Roman numerals, not letters at the ninth). */
function firstShapes(key: string): KeyShape[] {
  const shapes = shapesOf(key);
  const least = Math.min(...shapes.map((s) => ordinal(key, s.style)));
  return shapes.filter((s) => ordinal(key, s.style) === least);
}

const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/** Where a key stands in its numbering style: `3` → 3, `1B` → 2, `IV` → 4, `(c)` → 3. */
function ordinal(key: string, style: string): number {
  const core = key.replace(/[()]/g, "").toLowerCase();
  if (style.includes("roman")) {
    let value = 0;
    for (let k = 0; k < core.length; k++) {
      const here = ROMAN_VALUES[core[k]!] ?? 0;
      value += here < (ROMAN_VALUES[core[k + 1] ?? ""] ?? 0) ? -here : here;
    }
    return value;
  }
  if (style.includes("letter")) return core.charCodeAt(core.length - 1) - 96;
  return Number(/(\d+)$/.exec(core)?.[1] ?? 0);
}

/** Options numbered past the next one still continue their group (options taken out leave gaps), up to this many. */
const MAX_GAP = 3;

interface OpenGroup {
  readonly id: string;
  /** Its last option's key. */
  last: string;
  /** The shapes its keys share so far (`I` may be a letter or a Roman numeral until `II` or `B` says). */
  shapes: KeyShape[];
  readonly keys: Set<string>;
  /** Its options begin with a heading: they hold whole articles. */
  readonly holdsHeadings: boolean;
  options: number;
}

interface OpenOption {
  readonly id: string;
  readonly key: string;
  readonly label: string;
  readonly noText: string;
  readonly labelInBracket: boolean;
  /** The label of the last labelled paragraph it holds, whose numbering the next may continue. */
  lastLabel: string;
}

interface Level {
  group: OpenGroup;
  option: OpenOption;
}

type Placement = { kind: "sibling"; level: number } | { kind: "nested"; guess: boolean } | { kind: "restart"; level: number } | { kind: "top" };

/**
 * Where an option with `key` goes among the open levels: the next option of
 * the innermost group numbered alike whose last key it follows (`Option 2`
 * after `Option 1`, `Option 1B` after `Option 1A`, up to `MAX_GAP` on:
 * options taken out leave gaps; `Option I` after `Option B` is no letter of
 * that group); a group nested in the innermost option when its key is under
 * that option's (`Option 1A` in `Option 1`), or numbered otherwise (a guess:
 * `Option A` in `Option 2`); a new group in place of one numbered alike whose
 * last key it does not follow (`Option 1` again); else a group of its own.
 */
function place(stack: readonly Level[], key: string): Placement {
  const shapes = shapesOf(key);
  // How the key follows a group numbered alike: 1 right after (gaps allowed), 0 not, -1 at or before its last key.
  const follows = (group: OpenGroup): number => {
    let best = 0;
    for (const shape of shapes) {
      if (!group.shapes.some((g) => sameShape(shape, g))) continue;
      const step = ordinal(key, shape.style) - ordinal(group.last, shape.style);
      if (step >= 1 && step <= MAX_GAP && !group.keys.has(key)) return 1;
      if (step < 1) best = -1;
    }
    return best;
  };
  for (let level = stack.length - 1; level >= 0; level--) {
    if (follows(stack[level]!.group) === 1) return { kind: "sibling", level };
  }
  if (!stack.length) return { kind: "top" };
  const innermost = stack[stack.length - 1]!.option;
  if (!innermost.noText && shapes.some((s) => s.under && s.under === innermost.key)) return { kind: "nested", guess: false };
  for (let level = stack.length - 1; level >= 0; level--) {
    if (follows(stack[level]!.group) === -1) return { kind: "restart", level };
  }
  // Nothing nests in an option with no text: a group beside it.
  return innermost.noText ? { kind: "restart", level: stack.length - 1 } : { kind: "nested", guess: true };
}

/** True when `label` numbers the paragraph after `previous` (`2.` after `1.`, `4.2` after `4.1`). */
function continuesNumbering(previous: string, label: string): boolean {
  const a = /^(.*?)(\d+)$/.exec(labelKey(previous));
  const b = /^(.*?)(\d+)$/.exec(labelKey(label));
  return Boolean(a && b && a[1] === b[1] && Number(b[2]) === Number(a[2]) + 1 && labelForm(previous) === labelForm(label));
}

/**
 * Whether the last option of a group holds `block` too. An option ends where
 * the next option of its group, or of a group around it, begins; the last one
 * has no such sign, so it holds what reads as its own: sub-paragraphs
 * (`(a)`, `(i)`), paragraphs that go on numbering its own (`2.` after its
 * `1.`), and, in options holding whole articles, the paragraphs of its
 * article. A heading, a paragraph numbered as the text around the group, or
 * an unlabelled paragraph ends it.
 */
function lastOptionHolds(level: Level, block: SkeletonBlock): boolean {
  if (level.option.noText) return false;
  if (block.type === "heading") return false;
  if (level.group.holdsHeadings) return true;
  if (!block.label) return false;
  const form = labelForm(block.label);
  if (form === "(a)" || form === "(i)") return true;
  return Boolean(level.option.lastLabel) && continuesNumbering(level.option.lastLabel, block.label);
}

/** How far ahead the grouping looks for the next option label. */
const LOOKAHEAD = 500;

/**
 * Reads which blocks each option holds (docs/text-format.md "Option
 * blocks"). Each block's starts open options where `place` puts them; a
 * block with none stays in every option whose group has another option
 * ahead (before an `(End of options)` line, or one that ends an enclosing
 * group), and in a last option only as far as `lastOptionHolds` says; an
 * `(End of options)` line ends the innermost group (`trailingEnds`, where
 * each stands, come after the last block); one with no group open is a
 * `strayEnd`, for the caller to keep as text. A group of one option,
 * or one deeper than `MAX_OPTION_DEPTH`, is none: its start is `lone`, for
 * the caller to keep as text. `newId` names groups (`og`) and options (`o`),
 * each a new name: groups named alike are counted as one. Never fails.
 */
export function groupOptionBlocks(blocks: readonly SkeletonBlock[], newId: (prefix: string) => string, trailingEnds: readonly number[] = []): OptionGrouping {
  const stack: Level[] = [];
  const paths: ReadStep[][] = [];
  const lone: { block: number; start: OptionStart; problem: string }[] = [];
  const guesses: { offset: number; message: string }[] = [];
  const strayEnds: number[] = [];
  const optionCount = new Map<string, number>();
  const startsOf = new Map<string, { block: number; start: OptionStart }>();

  /** The deepest level sure to go on past block `index`: the next label ahead is one of its group's, or nested in it. */
  const keptLevel = (index: number): number => {
    // `(End of options)` after the last block ends the groups still open there.
    if (trailingEnds.length && index + LOOKAHEAD >= blocks.length) {
      const next = blocks.slice(index + 1).findIndex((b) => b.endsBefore.length || b.starts.length);
      if (next < 0) return stack.length - 1;
    }
    for (let j = index + 1; j < blocks.length && j <= index + LOOKAHEAD; j++) {
      const ahead = blocks[j]!;
      if (ahead.endsBefore.length) return stack.length - 1;
      const start = ahead.starts[0];
      if (!start) continue;
      const placed = place(stack, start.key);
      if (placed.kind === "sibling") return placed.level;
      // A nested group known only by a guess says nothing of where the options around it end.
      if (placed.kind === "nested") return placed.guess ? -1 : stack.length - 1;
      if (placed.kind === "restart") return placed.level - 1;
      return -1;
    }
    return -1;
  };

  blocks.forEach((block, index) => {
    for (const end of block.endsBefore) {
      if (stack.length) stack.pop();
      else strayEnds.push(end);
    }
    if (block.starts.length) {
      const startedHere: string[] = [];
      for (const start of block.starts) {
        const placed = place(stack, start.key);
        if (placed.kind === "sibling") stack.length = placed.level + 1;
        else if (placed.kind === "restart") stack.length = placed.level;
        else if (placed.kind === "nested" && placed.guess) {
          guesses.push({ offset: start.offset, message: `‘${start.label}’ is read as an option nested in ‘${stack[stack.length - 1]!.option.label}’ (its numbering differs from that option's group)` });
        }
        if (placed.kind !== "sibling" && stack.length >= MAX_OPTION_DEPTH) {
          lone.push({ block: index, start, problem: `‘${start.label}’ nests options deeper than ${MAX_OPTION_DEPTH} levels; it is kept as text` });
          continue;
        }
        const option: OpenOption = { id: newId("o"), key: start.key, label: start.label, noText: start.noText, labelInBracket: (start.bracketAt ?? -1) >= 0, lastLabel: "" };
        if (placed.kind === "sibling") {
          const level = stack[placed.level]!;
          const shapes = shapesOf(start.key);
          level.group.shapes = level.group.shapes.filter((g) => shapes.some((s) => sameShape(s, g)));
          level.group.keys.add(start.key);
          level.group.last = start.key;
          level.group.options++;
          level.option = option;
        } else {
          const group: OpenGroup = { id: newId("og"), last: start.key, shapes: firstShapes(start.key), keys: new Set([start.key]), holdsHeadings: block.type === "heading" && start === block.starts[block.starts.length - 1], options: 1 };
          stack.push({ group, option });
        }
        startsOf.set(option.id, { block: index, start });
        startedHere.push(option.id);
      }
      // An option a later label of the same block took the place of holds no block: its label is text.
      const open = new Set(stack.map((level) => level.option.id));
      for (const id of startedHere) {
        if (open.has(id)) continue;
        const found = startsOf.get(id)!;
        startsOf.delete(id);
        lone.push({ ...found, problem: `‘${found.start.label}’ holds no text before the next option's label; it is kept as text` });
      }
    } else if (stack.length) {
      // An option of no text holds nothing: a block after it is past it, whatever comes next.
      const empty = stack.findIndex((level) => level.option.noText);
      if (empty >= 0) stack.length = empty;
      const kept = Math.min(keptLevel(index), stack.length - 1);
      while (stack.length - 1 > kept && !lastOptionHolds(stack[stack.length - 1]!, block)) {
        const ended = stack.pop()!;
        if (block.type === "paragraph" && !block.label && !ended.option.noText && !ended.group.holdsHeadings) {
          guesses.push({ offset: block.offset, message: `this paragraph is read as following the option group that ends with ‘${ended.option.label}’, not as part of that option` });
        }
      }
    }
    for (const level of stack) {
      if (block.type === "paragraph" && block.label) level.option.lastLabel = block.label;
      optionCount.set(level.group.id, level.group.options);
    }
    paths.push(stack.map(({ group, option }) => ({ group: group.id, option: option.id, label: option.label, noText: option.noText, ...(option.labelInBracket ? { labelInBracket: true } : {}) })));
  });

  for (const end of trailingEnds) {
    if (stack.length) stack.pop();
    else strayEnds.push(end);
  }

  // A group of one option is no group: its step goes, and its label is kept as text.
  const single = new Set([...optionCount].filter(([, n]) => n < 2).map(([group]) => group));
  if (single.size) {
    for (const [id, found] of startsOf) {
      const path = paths[found.block]!;
      const step = path.find((s) => s.option === id);
      if (!step || !single.has(step.group)) continue;
      lone.push({ ...found, problem: `‘${found.start.label}’ has no other option after it; it is kept as text` });
    }
    for (let k = 0; k < paths.length; k++) paths[k] = paths[k]!.filter((s) => !single.has(s.group));
  }
  return { paths, lone: lone.sort((a, b) => a.block - b.block), strayEnds, guesses };
}

/**
 * An option start read at the beginning of `text` (a block's text from
 * `offset`), and where the block's own text begins; null when there is none.
 * `bracketAt`: where the `[` of a label written inside it stands (`moveBracketedLabels`).
 */
export function readOptionStart(text: string, offset: number, bracketAt?: number): { start: OptionStart; rest: number } | null {
  const reading = readOptionLabel(text);
  if (!reading) return null;
  const noText = readNoText(text.slice(reading.rest)) ?? "";
  const start: OptionStart = { label: reading.label, key: reading.key, noText, offset, ...(bracketAt !== undefined && !noText ? { bracketAt } : {}) };
  return { start, rest: noText ? text.length : reading.rest };
}

/** Whether an option with `key` nests in the last of labels written alone one after another (`Option 1A` after `Option 1`). */
function nestsIn(pending: readonly OptionStart[], key: string): boolean {
  const stack: Level[] = pending.map((start) => ({
    group: { id: "", last: start.key, shapes: firstShapes(start.key), keys: new Set([start.key]), holdsHeadings: false, options: 1 },
    option: { id: "", key: start.key, label: start.label, noText: start.noText, labelInBracket: false, lastLabel: "" },
  }));
  return place(stack, key).kind === "nested";
}

/** The raw blocks with option labels taken off their starts, and what they begin (see `takeOptionStarts`). */
export interface OptionRaws<R> {
  /** The text the blocks are read from: the one given, with the `[` of each label written inside one moved after it (`moveBracketedLabels`). */
  readonly text: string;
  /** Maps an offset of `text` to the text given, for diagnostics. */
  readonly origin: (offset: number) => number;
  readonly raws: R[];
  readonly starts: Map<R, OptionStart[]>;
  /** Where the `(End of options)` lines before a block stand (only blocks with one). */
  readonly endsBefore: Map<R, number[]>;
  /** Where the `(End of options)` lines after the last block stand. */
  readonly trailingEnds: number[];
}

/**
 * Takes option labels off the start of paragraphs (`Option 1: Each Party …`
 * begins at `Each`); a label alone on its line (`Option 2:`) begins the block
 * after it, and `No text` after a label (on its line or the next) leaves an
 * empty paragraph for the option of having nothing there. An `(End of
 * options)` line after an option's label is taken out and counted, where it
 * stands, against the block after it (labels alone before it keep an empty
 * paragraph there, as a label with no block after it does); one at an offset
 * in `notEnds` stays a paragraph. Never fails.
 */
export function takeOptionStarts<R extends { type: string; start: number; end: number }>(
  given: string,
  givenRaws: readonly R[],
  notOptions: ReadonlySet<number> = new Set(),
  notEnds: ReadonlySet<number> = new Set(),
): OptionRaws<R> {
  // `[Option (a): text]` is read as `Option (a): [text]`, its option keeping that its label was written in the bracket.
  const { text, raws, bracketAt, origin } = moveBracketedLabels(given, givenRaws, notOptions);
  const kept: R[] = [];
  const starts = new Map<R, OptionStart[]>();
  const endsBefore = new Map<R, number[]>();
  let pending: OptionStart[] = [];
  // The ends read since the last block kept: all stand before `pending`'s labels.
  let ends: number[] = [];
  /** Keeps the labels alone so far as the starts of an empty paragraph right after the last of them, the ends before them before it. */
  const keepPendingEmpty = (like: R) => {
    const last = pending[pending.length - 1]!;
    const at = last.offset + last.label.length;
    const empty = { ...like, type: "paragraph", start: at, end: at } as R;
    starts.set(empty, pending);
    if (ends.length) endsBefore.set(empty, ends);
    ends = [];
    pending = [];
    kept.push(empty);
  };
  for (const raw of raws) {
    const written = text.slice(raw.start, raw.end);
    // Only after an option's label is `(End of options)` the end of a group; before any, it is a remark like another.
    if (raw.type === "paragraph" && isEndOfOptions(written) && !notEnds.has(raw.start) && (starts.size > 0 || pending.length > 0)) {
      // Labels alone before it begin nothing after it: they hold an empty paragraph, which it stands after.
      if (pending.length) keepPendingEmpty(raw);
      ends.push(raw.start);
      continue;
    }
    let block = raw;
    let own: OptionStart[] = [];
    const read = raw.type === "paragraph" && !notOptions.has(raw.start) ? readOptionStart(written, raw.start, bracketAt.get(raw.start)) : null;
    // Labels alone before a label that is no option nested in them (`Option 1:` then `Option 2:`) hold an empty paragraph.
    if (read && pending.length && !nestsIn(pending, read.start.key)) keepPendingEmpty(raw);
    if (read) {
      if (!read.start.noText && raw.start + read.rest >= raw.end) {
        pending.push(read.start);
        continue;
      }
      block = { ...raw, start: raw.start + read.rest };
      own = [read.start];
    } else if (pending.length && raw.type === "paragraph") {
      const noText = readNoText(written);
      if (noText) {
        pending[pending.length - 1] = { ...pending[pending.length - 1]!, noText };
        block = { ...raw, start: raw.end };
      }
    }
    const all = [...pending, ...own];
    pending = [];
    if (all.length) starts.set(block, all);
    if (ends.length) endsBefore.set(block, ends);
    ends = [];
    kept.push(block);
  }
  // Labels alone at the end hold an empty paragraph, the ends before them before it.
  if (pending.length) keepPendingEmpty(raws[raws.length - 1]!);
  return { text, origin, raws: kept, starts, endsBefore, trailingEnds: ends };
}

/**
 * `takeOptionStarts`, with every start that makes no option (a group of one,
 * too deep: `groupOptionBlocks`'s `lone`) left in its block's text, reported:
 * the blocks are then read with the label as the text it is, so what is read
 * from a paragraph's whole text (an attribution after it, versions of it
 * written as brackets, its kind) covers the label too, as it will when the
 * export writes the label back as text. `labelOf` gives a raw block's own
 * paragraph label, as the block reader will read it in `text` (the text the
 * blocks are read from, `OptionRaws.text`). The labels written inside a
 * bracket at the offsets in `asText` (ones the export would not write back
 * so) stay text in their bracket, each reported. So does every `(End of
 * options)` line read after a label that in the end finds no group open
 * (`strayEnds`, or the labels before it were kept as text): it is a
 * paragraph, reported at its line. Never fails.
 */
export function takeOptionStartsKeepingLone<R extends { type: string; start: number; end: number }>(
  text: string,
  raws: readonly R[],
  labelOf: (raw: R, text: string) => string,
  ctx: ImportContext,
  asText: ReadonlySet<number> = new Set(),
): OptionRaws<R> {
  const notOptions = new Set<number>(asText);
  for (const offset of asText) {
    const label = readBracketedLabel(text.slice(offset).split("\n")[0]!)?.label ?? "";
    ctx.report(offset, `‘[’ before ‘${label}’ would not be written back around the option's text (what follows the label does not read back as it does here); the label is read as text inside its bracket`);
  }
  const notEnds = new Set<number>();
  // Every end read as one in some round: those not read so in the last are kept as text, and said why.
  const readAsEnds = new Set<number>();
  const keepingStrayEnds = (taken: OptionRaws<R>): OptionRaws<R> => {
    for (const end of [...taken.endsBefore.values(), taken.trailingEnds].flat()) readAsEnds.delete(end);
    for (const end of [...readAsEnds].sort((a, b) => a - b)) ctx.report(end, STRAY_END);
    return taken;
  };
  for (;;) {
    const taken = takeOptionStarts(text, raws, notOptions, notEnds);
    for (const end of [...taken.endsBefore.values(), taken.trailingEnds].flat()) readAsEnds.add(end);
    if (!taken.starts.size) return keepingStrayEnds(taken);
    const skeleton: SkeletonBlock[] = taken.raws.map((raw) => ({
      type: raw.type === "heading" ? "heading" : "paragraph",
      label: labelOf(raw, taken.text),
      starts: taken.starts.get(raw) ?? [],
      endsBefore: taken.endsBefore.get(raw) ?? [],
      offset: raw.start,
    }));
    // Distinct ids: groups are counted by id, and groups named alike would count as one (a nested group of one not lone).
    let n = 0;
    const { lone, strayEnds } = groupOptionBlocks(skeleton, (prefix) => `${prefix}${++n}`, taken.trailingEnds);
    // Each round keeps at least one more start or end as text, so the rounds end.
    if (!lone.length && !strayEnds.length) return keepingStrayEnds(taken);
    for (const { start, problem } of lone) {
      notOptions.add(start.offset);
      ctx.report(start.offset, problem);
    }
    for (const end of strayEnds) notEnds.add(end);
  }
}

/** How the inline reader says a `[` it ran to its paragraph's end; a bracketed label's is said in the option's words. */
const NEVER_CLOSED = "‘[’ is never closed; the bracket runs to the end of the paragraph";

/**
 * A start whose label was written inside a bracket, as its block was read:
 * it keeps that only where the bracket opens the block's text (an empty `[]`
 * is text, so the export could not write the label in it).
 */
function bracketAsRead(start: OptionStart, items: readonly InlineItem[]): OptionStart {
  if (start.bracketAt === undefined || items[0]?.layers[0]?.bracket.offset === start.bracketAt) return start;
  const { bracketAt: _, ...plain } = start;
  return plain;
}

/** An option's bracket that ran to its paragraph's end is reported as what it is: one around several options, which is not read. */
function explainUnclosed(start: OptionStart, ctx: ImportContext): void {
  if (start.bracketAt === undefined) return;
  const at = ctx.source.diagnostic(start.bracketAt, NEVER_CLOSED);
  const unclosed = ctx.diagnostics.findIndex((d) => d.line === at.line && d.column === at.column && d.message === NEVER_CLOSED);
  if (unclosed >= 0) {
    ctx.diagnostics[unclosed] = {
      ...at,
      message: `‘[’ before ‘${start.label}’ does not close within its option: a bracket around several options is not read; it is read as closing at the end of this paragraph, and a ‘]’ closing it further on stays text`,
    };
  }
}

/** A parsed block as `readOptionPaths` needs it: its kind, label, where it is, and its inline items (a lone label is put back into them). */
interface ParsedLike {
  readonly type: "heading" | "paragraph";
  readonly label: string;
  readonly offset: number;
  items: InlineItem[];
}

/**
 * Each parsed block's `optionPath` (as the model writes it), read from the
 * starts `takeOptionStarts` took off (`blocks[i]` parsed from `raws.raws[i]`):
 * problems are reported to `ctx` and guesses returned located; a label that
 * makes no option is put back at the start of its block's text, so no word
 * is lost.
 */
export function readOptionPaths<R>(blocks: readonly ParsedLike[], raws: OptionRaws<R>, ctx: ImportContext): { paths: string[]; guesses: Diagnostic[] } {
  const skeleton: SkeletonBlock[] = blocks.map((block, i) => ({
    type: block.type,
    label: block.label,
    starts: (raws.starts.get(raws.raws[i]!) ?? []).map((start) => bracketAsRead(start, block.items)),
    endsBefore: raws.endsBefore.get(raws.raws[i]!) ?? [],
    offset: block.offset,
  }));
  if (!skeleton.some((b) => b.starts.length || b.endsBefore.length) && !raws.trailingEnds.length) return { paths: blocks.map(() => ""), guesses: [] };
  const grouping = groupOptionBlocks(skeleton, (prefix) => ctx.ids.next(prefix), raws.trailingEnds);
  const lone = new Set(grouping.lone.map(({ start }) => start));
  for (const block of skeleton) for (const start of block.starts) if (!lone.has(start)) explainUnclosed(start, ctx);
  // `takeOptionStartsKeepingLone` left none: only a block read otherwise than it was weighed there could make one, and its words would be lost.
  for (const end of grouping.strayEnds) ctx.report(end, `‘${END_OF_OPTIONS}’ ends no option group; it is dropped`);
  // `takeOptionStartsKeepingLone` left none; a lone start here is put back at its block's start.
  for (const { block, start, problem } of [...grouping.lone].reverse()) {
    ctx.report(start.offset, problem);
    const words = `${start.label}${start.noText ? ` ${start.noText}` : ""}`;
    const items = blocks[block]!.items;
    // A label written inside the bracket that opens the text goes back inside it, where it was.
    const first = items[0];
    if (start.bracketAt !== undefined && first?.kind === "text") items[0] = { ...first, text: `${words} ${first.text}` };
    else items.unshift({ kind: "text", text: items.length ? `${words} ` : words, layers: [] });
  }
  const paths = grouping.paths.map((path) => writeOptionPath(path.map((s) => ({ ...s, state: "open" as const }))));
  return { paths, guesses: grouping.guesses.map((g) => ctx.source.diagnostic(g.offset, g.message)) };
}

/** What the export writes of option blocks around one block: lines before it, and the label its own line begins with. */
export interface OptionWriting {
  /** `(End of options)` lines, then labels alone on their lines (outer options first). */
  readonly before: readonly string[];
  /** `(End of options)` lines after the block (the last block only). */
  readonly after: readonly string[];
  /** The label and a space when the block's text follows its option's label on one line; "". */
  readonly inline: string;
  /** The label of the option the block begins when it was written inside the bracket the block's text opens with (`[Option (a): text]`); "". Written by `withOptionLabel`. */
  readonly inBracket: string;
  /** For the option of having nothing there, the whole line (`Option 3: {No text required}`), which stands for the block. */
  readonly noText: string;
}

/** A block's path as its structure: per step, where its group and option begin, its label and no-text form. */
function structureOf(paths: readonly (readonly ReadStep[])[]): string[] {
  const firstOf = new Map<string, number>();
  return paths.map((path, index) =>
    JSON.stringify(
      path.map((step) => {
        if (!firstOf.has(step.group)) firstOf.set(step.group, index);
        if (!firstOf.has(step.option)) firstOf.set(step.option, index);
        return [firstOf.get(step.group), firstOf.get(step.option), step.label, step.noText];
      }),
    ),
  );
}

/** At most this many `(End of options)` lines are weighed one by one; beyond, every group end is written. */
const MAX_WEIGHED_ENDS = 200;

/**
 * How the marked-up export writes the option blocks of a document, block by
 * block (its kind, paragraph label, steps, and whether it is empty): each
 * option's label before its first block — on the line of an unlabelled
 * paragraph when the label ends in `:` or `.`, alone on a line otherwise —
 * an option with no text as `label noText`,
 * and `(End of options)` only where `groupOptionBlocks` would otherwise read
 * the groups' ends differently. Never fails.
 */
export function writeOptionBlocks(
  blocks: readonly { readonly type: "heading" | "paragraph"; readonly label: string; readonly path: readonly ReadStep[]; readonly empty: boolean }[],
): OptionWriting[] {
  const paths = blocks.map((b) => b.path);
  if (!paths.some((p) => p.length)) return blocks.map(() => ({ before: [], after: [], inline: "", inBracket: "", noText: "" }));
  const startsAt = (index: number): ReadStep[] => {
    const previous = paths[index - 1] ?? [];
    const path = paths[index]!;
    const from = path.findIndex((step, depth) => previous[depth]?.option !== step.option);
    return from < 0 ? [] : path.slice(from);
  };
  const skeleton = (ends: readonly number[]): SkeletonBlock[] =>
    blocks.map((block, index) => ({
      type: block.type,
      label: block.label,
      starts: startsAt(index).map((step) => ({ label: step.label, key: readOptionLabel(step.label)?.key ?? "", noText: step.noText, offset: 0 })),
      endsBefore: new Array<number>(ends[index] ?? 0).fill(0),
      offset: 0,
    }));
  const wanted = structureOf(paths);
  const readsBack = (ends: readonly number[]) => {
    let n = 0;
    const grouping = groupOptionBlocks(skeleton(ends), (prefix) => `${prefix}${++n}`, new Array<number>(ends[blocks.length] ?? 0).fill(0));
    if (grouping.lone.length) return false;
    const got = structureOf(grouping.paths);
    return got.every((s, i) => s === wanted[i]);
  };
  // Every group that ends before a block, as a candidate `(End of options)`; then each left out where it is not needed.
  // ends[i]: before block i; ends[blocks.length]: after the last.
  const ends = [...paths, []].map((path, index) => (index === 0 ? 0 : (paths[index - 1] ?? []).filter((step, depth) => path[depth]?.group !== step.group).length));
  if (readsBack(ends.map(() => 0))) ends.fill(0);
  else if (ends.filter(Boolean).length <= MAX_WEIGHED_ENDS) {
    for (let index = 0; index < ends.length; index++) {
      while (ends[index]! > 0) {
        ends[index]!--;
        if (!readsBack(ends)) {
          ends[index]!++;
          break;
        }
      }
    }
  }
  return blocks.map((block, index) => {
    const before: string[] = Array.from({ length: ends[index]! }, () => END_OF_OPTIONS);
    const after: string[] = index === blocks.length - 1 ? Array.from({ length: ends[blocks.length]! }, () => END_OF_OPTIONS) : [];
    const starting = startsAt(index);
    const innermost = starting[starting.length - 1];
    if (innermost?.noText && block.empty) {
      for (const step of starting.slice(0, -1)) before.push(step.label);
      return { before, after, inline: "", inBracket: "", noText: `${innermost.label} ${innermost.noText}` };
    }
    let inline = "";
    // Without `:` or `.`, a label reads on a line of text only before a capital: such a label stands alone.
    if (innermost && block.type === "paragraph" && !block.label && /[:.]$/.test(innermost.label)) inline = `${innermost.label} `;
    const inBracket = innermost?.labelInBracket && block.type === "paragraph" && !block.label ? innermost.label : "";
    for (const step of inline || inBracket ? starting.slice(0, -1) : starting) before.push(step.label);
    return { before, after, inline, inBracket, noText: "" };
  });
}

/**
 * The lines a block's own line (`line`, as written) becomes with the label
 * `writing` puts on it: inside the bracket the line opens with, where the
 * label was written so and reads back so (`[Option (a): text]`); else before
 * its text (`Option 1: text`), or alone before it for a label without `:` or
 * `.`. The marked-up export and the clean version write labels with it. Never fails.
 */
export function withOptionLabel(writing: OptionWriting, line: string): string[] {
  if (!writing.inBracket) return [writing.inline + line];
  const inside = writeLabelInBracket(writing.inBracket, line);
  if (inside !== null) return [inside];
  return writing.inline ? [writing.inline + line] : [writing.inBracket, line];
}
