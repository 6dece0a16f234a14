import type { Node } from "prosemirror-model";
import { isUndecidedChoice } from "./choices.js";

/**
 * Where an option of an option block stands: open, chosen by the chair
 * (`accepted`), or gone with another's choice (`rejected`). Options are base
 * text offered as alternatives, not a delegation's proposals: none is
 * withdrawn.
 */
export type OptionState = "open" | "accepted" | "rejected";

/** Every option state. */
export const OPTION_STATES: readonly OptionState[] = Object.freeze(["open", "accepted", "rejected"]);

/** True when `value` names an option state. */
export function isOptionState(value: unknown): value is OptionState {
  return typeof value === "string" && (OPTION_STATES as readonly string[]).includes(value);
}

/**
 * One level of a block's place in option blocks (`Option 1:` … `Option 2:
 * No text`): the group, the option of it the block belongs to, the option's
 * label as written (`Option 1:`, `Option 1A.`, `Option (a)`), its state, and,
 * for the option of having nothing there, how that was written (`No text`,
 * `{No text required}`, `[No text]`; "" for an option with text). Every
 * block of an option carries the same step.
 */
export interface OptionStep {
  readonly group: string;
  readonly option: string;
  readonly label: string;
  readonly state: OptionState;
  readonly noText: string;
  /**
   * The label was written inside the bracket that opens the option's text
   * (`[Option (a): text,]`, UNFCCC style): the marked-up export writes it
   * there again where its first line opens with a bracket. Only an option
   * with text has it; absent (or false) otherwise.
   */
  readonly labelInBracket?: boolean;
}

/** How deep option blocks nest: `Option 1` › `Option 1A` › … four levels. */
export const MAX_OPTION_DEPTH = 4;
/** The longest id of an option group or option (as block ids). */
const MAX_OPTION_ID_LENGTH = 64;
/** The longest option label (`Option 1.2.3A:`). */
const MAX_OPTION_LABEL_LENGTH = 40;

// `Option 1`, `Option A`, `Option II`, `Option 1.1`, `Option 1A`, `Option (a)`, `Option (2)`: the key after the word.
const OPTION_KEY = String.raw`(?:\d{1,3}(?:\.\d{1,3}){0,3}[A-Za-z]?|[IVXLC]{2,6}|[A-Z]|\([a-z]{1,4}\)|\(\d{1,3}\))`;
const OPTION_LABEL = new RegExp(String.raw`^(?:Option|OPTION)[ \t]+(${OPTION_KEY})(?:[ \t]*([:.]))?(?=\s|$)`);
// `No text`, `{No text}`, `{No text required}`, `[No text]`, `(No text)`, with a final full stop or not.
const NO_TEXT_START = /^\s*(?:no|[{[(])/i;
const NO_TEXT = /^(?:No text(?: required| needed)?|\{\s*No text(?: required| needed)?\s*\}|\[\s*No text(?: required| needed)?\s*\]|\(\s*No text(?: required| needed)?\s*\))\.?$/i;

/** An option label read at the start of a line: the label as written (spaces made single), its key (`1A`), and where its text begins. */
export interface OptionLabelReading {
  readonly label: string;
  readonly key: string;
  /** Offset in the text read of what follows the label (spaces skipped). */
  readonly rest: number;
}

/**
 * Reads an option label at the start of `text` (`Option 1:`, `Option A.`,
 * `Option 1.1`, `Option (a):`), or null. A label without `:` or `.` counts
 * only alone or before text that begins as a sentence does (a capital, a
 * digit, a bracket): `Option A is preferred by …` is text. The one grammar
 * of option labels the import, the export and the model's check use.
 */
export function readOptionLabel(text: string): OptionLabelReading | null {
  const found = OPTION_LABEL.exec(text);
  if (!found) return null;
  let rest = found[0].length;
  while (rest < text.length && /\s/.test(text[rest]!)) rest++;
  if (!found[2] && rest < text.length && !/^[\p{Lu}\d[{("“‘]/u.test(text.slice(rest))) return null;
  const label = found[0].replace(/\s+/g, " ");
  if (label.length > MAX_OPTION_LABEL_LENGTH) return null;
  return { label, key: found[1]!, rest };
}

/** True when `label` is an option label as the model stores it: one `readOptionLabel` reads whole. */
export function isOptionLabel(label: string): boolean {
  const reading = readOptionLabel(label);
  return reading !== null && reading.label === label && reading.rest === label.length;
}

/** The written form when `text` (trimmed) says an option has no text (`No text`, `{No text required}`, `[No text]`), else null. */
export function readNoText(text: string): string | null {
  // Every form starts with `No` or a bracket: most texts are told before they are copied.
  if (!NO_TEXT_START.test(text)) return null;
  const t = text.trim().replace(/\s+/g, " ");
  return t.length <= MAX_OPTION_LABEL_LENGTH && NO_TEXT.test(t) ? t : null;
}

/** "" when a step is sound, else what is wrong with it. */
function stepProblem(value: unknown): string {
  if (!Array.isArray(value) || (value.length !== 5 && value.length !== 6)) return "each step is [group, option, label, state, noText] or, for a label written inside a bracket, [group, option, label, state, noText, true]";
  const [group, option, label, state, noText, labelInBracket] = value as unknown[];
  for (const id of [group, option]) {
    if (typeof id !== "string" || !id || id.length > MAX_OPTION_ID_LENGTH) return `ids of groups and options are 1 to ${MAX_OPTION_ID_LENGTH} characters`;
  }
  if (typeof label !== "string" || !isOptionLabel(label)) return `“${String(label).slice(0, 40)}” is no option label (Option 1:, Option A, Option 1.1 …)`;
  if (!isOptionState(state)) return "an option's state is open, accepted or rejected";
  if (typeof noText !== "string" || (noText !== "" && readNoText(noText) !== noText)) return "noText is empty or how “No text” was written";
  if (value.length === 6 && labelInBracket !== true) return "a step's sixth entry, if any, is true: its label is written inside a bracket";
  if (labelInBracket === true && noText !== "") return "an option with no text has no bracket to write its label in";
  return "";
}

/**
 * Reads a block's `optionPath` attribute: the steps from the outermost group
 * to the innermost, or a sentence saying why it cannot be read. The
 * attribute is "" (in no option) or the JSON array of steps written as
 * `writeOptionPath` writes it, at most `MAX_OPTION_DEPTH` deep, with no group
 * or option twice — so equal paths are equal strings.
 */
export function parseOptionPath(value: unknown): readonly OptionStep[] | string {
  if (value === "") return [];
  if (typeof value !== "string") return "an option path is a string";
  if (value.length > 2_000) return "an option path is at most 2000 characters";
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return "an option path is a JSON array";
  }
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_OPTION_DEPTH) return `an option path has 1 to ${MAX_OPTION_DEPTH} steps`;
  for (const step of raw) {
    const problem = stepProblem(step);
    if (problem) return problem;
  }
  const path = raw.map(([group, option, label, state, noText, labelInBracket]: [string, string, string, string, string, boolean?]) =>
    (labelInBracket ? { group, option, label, state: state as OptionState, noText, labelInBracket } : { group, option, label, state: state as OptionState, noText }) as OptionStep,
  );
  if (new Set(path.map((s) => s.group)).size < path.length || new Set(path.map((s) => s.option)).size < path.length) return "a path names a group or an option twice";
  if (writeOptionPath(path) !== value) return "an option path is written as writeOptionPath writes it";
  return path;
}

/** The `optionPath` attribute for these steps: "" for none; `true` after a step's no-text form when its label is written inside a bracket. Never fails. */
export function writeOptionPath(path: readonly OptionStep[]): string {
  return path.length ? JSON.stringify(path.map((s) => (s.labelInBracket ? [s.group, s.option, s.label, s.state, s.noText, true] : [s.group, s.option, s.label, s.state, s.noText]))) : "";
}

/** A block's option path from its attributes; [] when it has none (or, in a document never validated, an unreadable one). */
export function optionPathOf(block: Node): readonly OptionStep[] {
  const value: unknown = block.attrs.optionPath ?? "";
  if (value === "") return NO_STEPS;
  // Attributes never change, and a copy of a block keeps its own: each is read once, however many passes ask.
  let path = pathsByAttrs.get(block.attrs);
  if (!path) {
    const read = readOptionPathOnce(value);
    path = typeof read === "string" ? NO_STEPS : read;
    pathsByAttrs.set(block.attrs, path);
  }
  return path;
}

/**
 * `parseOptionPath`, with the path of a sound value frozen and shared with every caller asking for the same value
 * (the schema's check of a new block, then `optionPathOf`): a value is read once while it is among the last ones read.
 */
export function readOptionPathOnce(value: unknown): readonly OptionStep[] | string {
  const known = typeof value === "string" ? pathsByValue.get(value) : undefined;
  if (known) return known;
  const read = parseOptionPath(value);
  if (typeof read === "string" || typeof value !== "string") return read;
  // Shared by every caller from now on: frozen, so that none can change another's.
  const path = Object.freeze(read);
  path.forEach((step) => Object.freeze(step));
  // Values come from every document a process reads: the cache forgets them all once it holds this many.
  if (pathsByValue.size >= MAX_REMEMBERED_PATHS) pathsByValue.clear();
  pathsByValue.set(value, path);
  return path;
}

const MAX_REMEMBERED_PATHS = 20_000;
const pathsByValue = new Map<string, readonly OptionStep[]>();

const NO_STEPS: readonly OptionStep[] = Object.freeze([]);
const pathsByAttrs = new WeakMap<object, readonly OptionStep[]>();

/** What the rules of option blocks need to know of one block. */
export interface OptionBlockFacts {
  readonly path: readonly OptionStep[];
  /** A paragraph with no content: what an option with no text holds. */
  readonly emptyParagraph: boolean;
}

/** The facts of every block of a document, in order. */
export function optionBlockFacts(doc: Node): OptionBlockFacts[] {
  const facts: OptionBlockFacts[] = [];
  doc.forEach((block) => facts.push({ path: optionPathOf(block), emptyParagraph: block.type.name === "paragraph" && block.childCount === 0 }));
  return facts;
}

const stepKey = (s: OptionStep) => `${s.group}\u0000${s.label}\u0000${s.state}\u0000${s.noText}\u0000${s.labelInBracket ? 1 : 0}`;

/**
 * The rules of option blocks, as problems in words (empty when sound): an
 * option is a run of consecutive blocks, so is a group, whose options follow
 * one another; every block of an option agrees on its label, state,
 * no-text form and bracketed label, and on where the option lies (the path above it); a group
 * offers two options or more and at most one is chosen (accepted); an option
 * with no text is one empty paragraph, with nothing nested in it.
 */
export function optionProblems(blocks: readonly OptionBlockFacts[]): string[] {
  const problems: string[] = [];
  const options = new Map<string, { key: string; above: string; blocks: number[] }>();
  const groups = new Map<string, { above: string; options: string[]; accepted: string[] }>();
  const closedOptions = new Set<string>();
  const closedGroups = new Set<string>();
  let previous: readonly OptionStep[] = [];
  blocks.forEach(({ path }, index) => {
    const here = index + 1;
    // What the block before was in and this one is not is over.
    for (const step of previous) {
      if (!path.some((s) => s.option === step.option)) closedOptions.add(step.option);
      if (!path.some((s) => s.group === step.group)) closedGroups.add(step.group);
    }
    path.forEach((step, depth) => {
      const above = path.slice(0, depth).map((s) => s.option).join("/");
      const option = options.get(step.option);
      if (!option) {
        if (closedOptions.has(step.option)) problems.push(`option ${step.option} (${step.label}) comes back at block ${here}; an option's blocks are consecutive`);
        options.set(step.option, { key: stepKey(step), above, blocks: [index] });
        let group = groups.get(step.group);
        if (closedGroups.has(step.group)) problems.push(`option group ${step.group} comes back at block ${here}; a group's blocks are consecutive`);
        if (!group) groups.set(step.group, (group = { above, options: [], accepted: [] }));
        else if (group.above !== above) problems.push(`option group ${step.group} has options in different places (block ${here})`);
        group.options.push(step.option);
        if (step.state === "accepted") group.accepted.push(step.option);
        return;
      }
      if (closedOptions.has(step.option)) problems.push(`option ${step.option} (${step.label}) comes back at block ${here}; an option's blocks are consecutive`);
      if (option.key !== stepKey(step)) problems.push(`the blocks of option ${step.option} disagree on its group, label, state, “No text” or bracketed label (block ${here})`);
      if (option.above !== above) problems.push(`option ${step.option} lies in different places (block ${here})`);
      option.blocks.push(index);
    });
    previous = path;
  });
  for (const [id, group] of groups) {
    if (group.options.length < 2) problems.push(`option group ${id} has one option; a group offers two or more`);
    if (group.accepted.length > 1) problems.push(`option group ${id} has ${group.accepted.length} chosen options (${group.accepted.join(", ")}); at most one is chosen`);
  }
  for (const [id, option] of options) {
    const [first] = option.blocks;
    const step = blocks[first!]!.path.find((s) => s.option === id)!;
    if (!step.noText) continue;
    const holds = option.blocks.length === 1 && blocks[first!]!.emptyParagraph && blocks[first!]!.path[blocks[first!]!.path.length - 1]!.option === id;
    if (!holds) problems.push(`option ${id} (${step.label} ${step.noText}) has no text, so it is one empty paragraph with nothing nested in it`);
  }
  return [...new Set(problems)];
}

const STATE_RANK: Record<OptionState, number> = { open: 0, accepted: 1, rejected: 2 };

/**
 * Option paths that keep `optionProblems`' rules, made from any: what
 * concurrent edits leave (a block moved out of its option, an option chosen
 * by two people at once) is read the same way by every replica. A step that
 * comes back after its option or group was over, or lies somewhere else
 * than before, is cut off with the steps below it; an option's blocks take
 * the group, label and no-text form of its first block, and its state the
 * strongest any block has (rejected over accepted over open: the safer
 * reading, less goes in); a group left with one option is no group (its
 * step goes from every block); of two chosen options the first stays chosen
 * and the others are rejected; an option with no text that holds anything
 * has text. Sound paths come back unchanged. Never fails.
 */
export function repairOptionPaths(blocks: readonly OptionBlockFacts[]): OptionStep[][] {
  const first = new Map<string, { step: OptionStep; above: string; state: OptionState }>();
  const groupAbove = new Map<string, string>();
  let previous: readonly OptionStep[] = [];
  const cut: OptionStep[][] = blocks.map(({ path }) => {
    const kept: OptionStep[] = [];
    for (const step of path) {
      const depth = kept.length;
      const above = kept.map((s) => s.option).join("/");
      const known = first.get(step.option);
      if (known) {
        // An option goes on only straight from the block before, in the same place.
        if (previous[depth]?.option !== step.option || known.above !== above) break;
        if (STATE_RANK[step.state] > STATE_RANK[known.state]) known.state = step.state;
        kept.push(known.step);
        continue;
      }
      // A new option: of a new group, or the next one of the group the block before was in, at this depth and place.
      if (groupAbove.has(step.group) && (previous[depth]?.group !== step.group || groupAbove.get(step.group) !== above)) break;
      groupAbove.set(step.group, above);
      first.set(step.option, { step, above, state: step.state });
      kept.push(step);
    }
    previous = kept;
    return kept;
  });

  // Options per group in order, and how many blocks each option holds.
  const groupOptions = new Map<string, string[]>();
  const blockCount = new Map<string, number>();
  for (const path of cut) {
    for (const step of path) {
      const list = groupOptions.get(step.group) ?? [];
      if (!list.includes(step.option)) list.push(step.option);
      groupOptions.set(step.group, list);
      blockCount.set(step.option, (blockCount.get(step.option) ?? 0) + 1);
    }
  }
  const lonely = new Set([...groupOptions].filter(([, list]) => list.length < 2).map(([group]) => group));
  const finalState = new Map<string, OptionState>();
  for (const list of groupOptions.values()) {
    let chosen = false;
    for (const option of list) {
      let state = first.get(option)!.state;
      if (state === "accepted") {
        if (chosen) state = "rejected";
        chosen = true;
      }
      finalState.set(option, state);
    }
  }
  return cut.map((path, index) =>
    path
      .filter((step) => !lonely.has(step.group))
      .map((step, depth, kept) => {
        const noText = step.noText && blockCount.get(step.option) === 1 && blocks[index]!.emptyParagraph && depth === kept.length - 1 ? step.noText : "";
        const state = finalState.get(step.option)!;
        return state === step.state && noText === step.noText ? step : { ...step, state, noText };
      }),
  );
}

/** One option of an option group, as `collectOptionGroups` finds it. */
export interface BlockOption {
  readonly id: string;
  readonly label: string;
  readonly state: OptionState;
  /** How "No text" was written, for the option of having nothing there; "" for an option with text. */
  readonly noText: string;
  /** Indexes of its first and last block in the document. */
  readonly firstBlock: number;
  readonly lastBlock: number;
}

/** An option group: options of whole blocks (`Option 1:` … `Option 2: No text`), one of which the chair may choose. */
export interface OptionGroup {
  readonly id: string;
  /** 0 for a group in no option; 1 inside an option of another group … */
  readonly depth: number;
  /** The option it lies in, "" for none. */
  readonly parentOption: string;
  readonly options: readonly BlockOption[];
  /** The accepted option, if one is chosen. */
  readonly chosen: BlockOption | undefined;
  /** True when it lies in an option that was not chosen (rejected): it goes with it, undecided or not. */
  readonly moot: boolean;
}

/**
 * Every option group of the document, in order of its first block. Assumes a
 * sound document (`modelProblems`).
 */
export function collectOptionGroups(doc: Node): OptionGroup[] {
  const groups = new Map<string, { depth: number; parentOption: string; options: Map<string, BlockOption & { lastBlock: number }>; moot: boolean }>();
  doc.forEach((block, _offset, index) => {
    const path = optionPathOf(block);
    path.forEach((step, depth) => {
      let group = groups.get(step.group);
      if (!group) {
        const moot = path.slice(0, depth).some((s) => s.state === "rejected");
        groups.set(step.group, (group = { depth, parentOption: depth ? path[depth - 1]!.option : "", options: new Map(), moot }));
      }
      const option = group.options.get(step.option);
      if (option) group.options.set(step.option, { ...option, lastBlock: index });
      else group.options.set(step.option, { id: step.option, label: step.label, state: step.state, noText: step.noText, firstBlock: index, lastBlock: index });
    });
  });
  return [...groups].map(([id, group]) => {
    const options = [...group.options.values()];
    return { id, depth: group.depth, parentOption: group.parentOption, options, chosen: options.find((o) => o.state === "accepted"), moot: group.moot };
  });
}

/**
 * Whether an option group is still to be decided: none of its options is
 * chosen, and it does not lie in an option that was rejected. Such a group
 * counts once among the open proposals, as a choice group does
 * (`isUndecidedChoice`).
 */
export function isUndecidedOptionGroup(group: OptionGroup): boolean {
  return !group.moot && isUndecidedChoice(group.options);
}

/** Option groups counted: each once, `open` while undecided, `chosen` once one option is accepted; options, those with no text, and groups inside an option. */
export interface OptionGroupCounts {
  readonly total: number;
  readonly open: number;
  readonly chosen: number;
  readonly options: number;
  readonly noText: number;
  readonly nested: number;
}

/** Counts the option groups of a list (`collectOptionGroups`). Never fails. */
export function countOptionGroups(groups: readonly OptionGroup[]): OptionGroupCounts {
  return {
    total: groups.length,
    open: groups.filter(isUndecidedOptionGroup).length,
    chosen: groups.filter((g) => g.chosen).length,
    options: groups.reduce((n, g) => n + g.options.length, 0),
    noText: groups.reduce((n, g) => n + g.options.filter((o) => o.noText).length, 0),
    nested: groups.filter((g) => g.depth > 0).length,
  };
}

/**
 * The DOM attributes that show a block's place in option blocks (the editor's
 * CSS reads them): its innermost option's label, state and group, how deep it
 * nests, and `data-option-notext` for the option of having nothing there.
 * None for a block in no option. Never fails.
 */
export function optionDomAttrs(block: Node): Record<string, string> {
  const path = optionPathOf(block);
  const step = path[path.length - 1];
  if (!step) return {};
  return {
    "data-option": step.label,
    "data-option-group": step.group,
    "data-option-state": step.state,
    "data-option-depth": String(path.length),
    ...(step.noText ? { "data-option-notext": step.noText } : {}),
  };
}

/**
 * The blocks with option paths that keep the rules (`repairOptionPaths`), the
 * blocks whose path was sound returned as they are: what the clean version
 * leaves of a group, or what a reading of damaged text made, is a sound
 * document. Never fails.
 */
export function withSoundOptionPaths(blocks: readonly Node[]): Node[] {
  if (!blocks.some((block) => block.attrs.optionPath)) return [...blocks];
  const repaired = repairOptionPaths(blocks.map((block) => ({ path: optionPathOf(block), emptyParagraph: block.type.name === "paragraph" && block.childCount === 0 })));
  return blocks.map((block, i) => {
    // Steps the repair kept as they were read write the attribute they were read from: no need to write it to know.
    const path = repaired[i]!;
    const read = optionPathOf(block);
    if (path.length === read.length && path.every((step, k) => step === read[k])) return block;
    const optionPath = writeOptionPath(path);
    return optionPath === block.attrs.optionPath ? block : block.type.create({ ...block.attrs, optionPath }, block.content, block.marks);
  });
}

/**
 * The first place at or after `at` (a block index, `blocks.length` for the
 * end) where a block put there stands inside no option group: after the
 * group's last block when the blocks on either side of `at` share one. Where
 * a delegation's paragraph goes (the trust rule refuses one inside a group).
 * Never fails.
 */
export function placeOutsideOptionGroups(blocks: readonly Node[], at: number): number {
  let place = at;
  for (;;) {
    if (place <= 0 || place >= blocks.length) return place;
    const before = optionPathOf(blocks[place - 1]!);
    const after = optionPathOf(blocks[place]!);
    if (!before.length || !after.length || before[0]!.group !== after[0]!.group) return place;
    place++;
  }
}

/**
 * The place in option blocks a block made between `before` and `after`
 * takes (Enter at the end of a paragraph, a paste): the options both are in;
 * between two options of one group, the option before (a block never stands
 * in a group outside its options), unless that option has no text, which
 * holds nothing. "" outside any group. Never fails.
 */
export function optionPathBetween(before: Node | undefined, after: Node | undefined): string {
  const previous = before ? optionPathOf(before) : [];
  const next = after ? optionPathOf(after) : [];
  let depth = 0;
  while (depth < previous.length && depth < next.length && previous[depth]!.option === next[depth]!.option) depth++;
  const joinsBefore = depth < previous.length && depth < next.length && previous[depth]!.group === next[depth]!.group;
  let path = joinsBefore ? previous : previous.slice(0, depth);
  while (path.length && path[path.length - 1]!.noText) path = path.slice(0, -1);
  return writeOptionPath(path);
}
