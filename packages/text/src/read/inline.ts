import { byChoice, MAX_NOTE_LENGTH } from "@accord/schema";
import { readAttribution, readProposalState, stripNotePrefix } from "../conventions/conventions.js";
import { readBracketAttribution, readTrailingAttributionGroup } from "./read-attributions.js";
import type { Bracket, SpanCarry } from "./bracket.js";
import type { ImportContext } from "./context.js";

/** One layer of bracket around a piece of text; `struck` text is a proposed deletion. */
export interface Layer {
  readonly bracket: Bracket;
  readonly struck: boolean;
}

/** A piece of a paragraph's content as read. */
export type InlineItem =
  | { readonly kind: "text"; readonly text: string; readonly layers: readonly Layer[] }
  | {
      readonly kind: "footnote";
      /** The number of the footnote text that answers it (a reference no text answers is read as text). */
      readonly number: number;
      /** The brackets around the reference: a whole-paragraph proposal must hold its references too. */
      readonly layers: readonly Layer[];
    };

/**
 * True for a character a backslash makes literal in the text format: the
 * syntax characters `\ [ ] ~ / ( :`, and letters and digits — `\AGREED …`
 * stays text rather than a status marker, `[EU\: text]` rather than a tag,
 * `1/\decision` is a footnote reference before a word.
 */
export function escapable(c: string | undefined): boolean {
  return c !== undefined && (ESCAPABLE_SYNTAX.has(c) || /^[\p{L}\p{N}]$/u.test(c));
}

const ESCAPABLE_SYNTAX = new Set(["\\", "[", "]", "~", "/", "(", ":"]);

/** Characters the reader must look at one by one; everything else is copied in runs. */
function isSpecial(code: number): boolean {
  return (
    code <= 0x20 || // space, tab, line end
    (code >= 0x2f && code <= 0x39) || // "/" and digits
    code === 0x5b || code === 0x5c || code === 0x5d || // [ \ ]
    code === 0x7e || // ~
    code === 0xa0
  );
}

const FOOTNOTE_REF = /^(\d{1,3})\/(?:(?=IDEM\b)|(?![\d/\p{L}]))(?:[ \t]*(IDEM)\b)?/u;
/** Words after which `N/` is the start of a document symbol (`decision 1/ CP.17`), never a footnote. */
const CITATION_WORD = /\b(?:decisions?|resolutions?|documents?|symbols?)\s*$/i;

/**
 * The footnote reference (`3/`, `2/ IDEM`) at `i` of `text`, or null where
 * `N/` is part of something else: a date (`04/19/12`, `2/08`), a decision or
 * resolution symbol (`2/CMA.3`, `1/CP.17`, `70/1`, `A/RES/75/1`, `decision 3/
 * CMP.1`). The exporter asks this to know which `N/` it must escape.
 */
export function footnoteRefAt(text: string, i: number, end = text.length): RegExpExecArray | null {
  const before = text[i - 1] ?? "";
  if (/[\d/]/.test(before)) return null;
  const m = FOOTNOTE_REF.exec(text.slice(i, Math.min(end, i + 12)));
  if (!m) return null;
  if (CITATION_WORD.test(text.slice(Math.max(0, i - 14), i))) return null;
  return m;
}

type LastEvent = "none" | "text" | "strikeClose" | "other";

/**
 * Reads the inline part of a paragraph — `text.slice(start, end)` of the
 * source — into text pieces wrapped in bracket layers and footnote references.
 * Whitespace runs become one space; the space after a bracket's tag and the
 * space between a struck and an inserted part of one bracket are syntax.
 * Damage is reported and kept: a stray `]` stays as text, an unclosed `[`
 * closes at the end of the paragraph, an unclosed `~~` at the end of its bracket.
 * With `carry`, a bracket spanning paragraphs (spanning.ts) goes on: the
 * brackets it holds open begin the paragraph, each as a part of its own, and
 * those `carry.spanning` names are left open at the end, in `carry.open`.
 */
export function readInline(text: string, start: number, end: number, ctx: ImportContext, carry?: SpanCarry): InlineItem[] {
  const items: InlineItem[] = [];
  const stack: Bracket[] = carry ? carry.open.map((open) => continueSpan(open, start, ctx)) : [];
  let buffer = "";
  let bufferLayers: readonly Layer[] = [];
  let pendingSpace: readonly Layer[] | null = null;
  let last: LastEvent = "none";
  let lastBracket: Bracket | undefined;
  let skipSpace = true;

  // The layers of the current position, rebuilt only when a bracket opens,
  // closes or changes strike (not for every character).
  let layersCache: Layer[] | null = stack.length ? null : [];
  const layersNow = (): Layer[] => (layersCache ??= stack.map((bracket) => ({ bracket, struck: bracket.struck })));
  const changed = () => {
    layersCache = null;
  };
  const sameLayers = (a: readonly Layer[], b: readonly Layer[]) =>
    a.length === b.length && a.every((l, i) => l.bracket === b[i]!.bracket && l.struck === b[i]!.struck);
  const flushBuffer = () => {
    if (buffer) items.push({ kind: "text", text: buffer, layers: bufferLayers });
    buffer = "";
  };
  const put = (s: string, layers: readonly Layer[]) => {
    if (buffer && !sameLayers(layers, bufferLayers)) flushBuffer();
    if (!buffer) bufferLayers = layers;
    buffer += s;
  };
  let lastChar = "";
  const flushSpace = () => {
    // One space, never two (`Parties [EU: ] Parties`); a bracket's text never starts with one: it goes before the bracket.
    // Nor does a strike's (`~~ 1/ Parties`, after a reference that opened it): it goes before the `~~`, as the export writes it.
    if (pendingSpace && lastChar !== " " && lastChar !== "") {
      let layers = pendingSpace;
      while (layers.length && !textIn.has(layers[layers.length - 1]!.bracket)) layers = layers.slice(0, -1);
      const top = layers[layers.length - 1];
      if (top?.struck && !struckTextIn.has(top.bracket)) layers = [...layers.slice(0, -1), { bracket: top.bracket, struck: false }];
      put(" ", layers);
      lastChar = " ";
    }
    pendingSpace = null;
  };
  // Brackets that hold text so far, and those whose open strike does.
  const textIn = new Set<Bracket>();
  // How many items were read when each bracket opened: one that closes with none after is empty.
  const openedAt = new Map<Bracket, number>();
  // Where each bracket's first item will stand (the text before its `[` still buffered is one item), and where its text starts (after its tags).
  const firstItemAt = new Map<Bracket, number>();
  const textStart = new Map<Bracket, number>();
  /**
   * A bracket holding footnote references and no text (`[G77: 1/]`) proposes
   * nothing a mark could hold: its `[` and tags are put back as text before
   * the references, outside it, and the references taken out of it.
   */
  // Opened by a `[` (not a slash option) and holding a footnote reference.
  const holdsReferences = (bracket: Bracket) => {
    const first = firstItemAt.get(bracket);
    return first !== undefined && items.slice(first).some((item) => item.kind === "footnote" && item.layers.some((layer) => layer.bracket === bracket));
  };
  const keepReferencesBracketAsText = (bracket: Bracket) => {
    flushBuffer();
    const first = firstItemAt.get(bracket)!;
    for (let k = first; k < items.length; k++) {
      const item = items[k]!;
      items[k] = { ...item, layers: item.layers.filter((layer) => layer.bracket !== bracket) } as InlineItem;
    }
    const opening = text.slice(bracket.offset, textStart.get(bracket)).replace(/\s+/g, " ").trimEnd();
    const layers = layersNow();
    items.splice(first, 0, { kind: "text", text: opening, layers });
    // The brackets around now hold text, as `emitText` counts it.
    for (const layer of layers) {
      textIn.add(layer.bracket);
      if (layer.struck) struckTextIn.add(layer.bracket);
    }
  };
  const struckTextIn = new Set<Bracket>();
  const emitText = (s: string) => {
    const top = stack[stack.length - 1];
    // The space between `~~old~~` and `new` in one bracket separates them; it is not text.
    if (pendingSpace && last === "strikeClose" && top && lastBracket === top && !top.struck) pendingSpace = null;
    flushSpace();
    const layers = layersNow();
    put(s, layers);
    for (const layer of layers) {
      textIn.add(layer.bracket);
      if (layer.struck) struckTextIn.add(layer.bracket);
    }
    lastChar = s[s.length - 1]!;
    last = "text";
    lastBracket = top;
    skipSpace = false;
  };

  // Options of slash groups as read; adjacent ones are found once the paragraph is read (`groupTouching`).
  const options: Bracket[] = [];
  const groupWith = (previous: Bracket, bracket: Bracket, style: "adjacent" | "slash") => {
    if (!previous.choice) {
      previous.choice = ctx.newChoice();
      previous.choiceStyle = style;
      // A bracket a settled group let go may join another: it is listed once, or it would count twice as an option.
      if (!options.includes(previous)) options.push(previous);
    }
    bracket.choice = previous.choice;
    bracket.choiceStyle = style;
    if (!options.includes(bracket)) options.push(bracket);
  };

  // A space the option before a ` / ` already ends in (given it before an empty bracket: `[a [] / b]`) is the separator's.
  const dropTrailingSpace = (bracket: Bracket) => {
    const endsIn = (layers: readonly Layer[]) => layers[layers.length - 1]?.bracket === bracket;
    if (buffer) {
      if (buffer.endsWith(" ") && endsIn(bufferLayers)) buffer = buffer.slice(0, -1);
      return;
    }
    const item = items[items.length - 1];
    if (item?.kind !== "text" || !item.text.endsWith(" ") || !endsIn(item.layers)) return;
    if (item.text.length > 1) items[items.length - 1] = { ...item, text: item.text.slice(0, -1) };
    else items.pop();
  };

  const pushFootnote = (number: number) => {
    pendingSpace = null; // a footnote mark attaches to the word before it
    flushBuffer();
    items.push({ kind: "footnote", number, layers: layersNow() });
    lastChar = "/";
    last = "other";
  };

  let i = start;
  while (i < end) {
    const c = text[i]!;
    if (stack.length && stack[stack.length - 1]!.dashAt === i) {
      // `[financial - G77; EU, US delete]`: the attribution was read when the bracket opened; its `]` is next.
      pendingSpace = null;
      i = stack[stack.length - 1]!.dashEnd!;
      continue;
    }
    if (c === " " || c === "\t" || c === "\n" || c === "\u00a0") {
      if (!skipSpace && !pendingSpace) pendingSpace = layersNow();
      i++;
      continue;
    }
    if (c === "\\" && i + 1 < end && escapable(text[i + 1])) {
      emitText(text[i + 1]!);
      i += 2;
      continue;
    }
    if (c === "/" && isLoneSlash(text, i, end)) {
      const number = ctx.answerReference(null, i, "/");
      // A mark no footnote text answers is text, read as any other.
      if (number === null) emitText("/");
      else pushFootnote(number);
      i++;
      continue;
    }
    if (c === "/" && text[i - 1] === " " && text[i + 1] === " ") {
      // `[agreed / made]`: options of one bracket, when the slash stands between text of the innermost bracket.
      const top = stack[stack.length - 1];
      // A bracket spanning paragraphs is one proposal, never options.
      const spans = top && (top.span || carry?.spanning.has(top.offset));
      if (top && !spans && !top.implicit && !top.struck && textIn.has(top) && (!top.choice || top.choiceStyle === "slash")) {
        pendingSpace = null;
        dropTrailingSpace(top);
        stack.pop();
        const bracket = ctx.newBracket(i);
        bracket.by = top.by;
        bracket.tagged = top.tagged;
        bracket.writtenTag = top.writtenTag;
        groupWith(top, bracket, "slash");
        stack.push(bracket);
        changed();
        last = "other";
        skipSpace = true;
        i++;
        continue;
      }
    }
    if (c >= "0" && c <= "9") {
      const m = footnoteRefAt(text, i, end);
      if (m) {
        const ref = { number: Number(m[1]), idem: m[2] !== undefined };
        const number = ctx.answerReference(ref, i, m[0].replace(/\s+/g, " "));
        if (number === null) {
          // Text as written: `N/` here, and what follows it (` IDEM`) as the text it is.
          emitText(`${m[1]}/`);
          i += m[1]!.length + 1;
          continue;
        }
        pushFootnote(number);
        skipSpace = false;
        i += m[0].length;
        continue;
      }
    }
    if (c === "~" && text[i + 1] === "~") {
      const top = stack[stack.length - 1];
      if (!top) {
        // Struck text outside any bracket: an untagged proposed deletion.
        flushSpace();
        const bracket = ctx.newBracket(i);
        bracket.struck = true;
        bracket.struckAt = i;
        bracket.implicit = true;
        stack.push(bracket);
        changed();
        last = "other";
        skipSpace = true; // as after `[`: the struck text starts at its first word
      } else if (top.implicit) {
        flushSpace();
        stack.pop();
        changed();
        last = "other";
        skipSpace = false;
      } else if (!top.struck) {
        // `new ~~old~~`: the space before the strike separates the two parts.
        if (pendingSpace && (last as LastEvent) === "text" && lastBracket === top) pendingSpace = null;
        // So does one the new part already ends in (`new [EU: ] ~~old~~`, an emptied bracket between): the export
        // writes a space there in any case, and text ending in one could not be told from it.
        if (buffer.length > 1 && buffer.endsWith(" ") && sameLayers(bufferLayers, layersNow())) {
          buffer = buffer.slice(0, -1);
          lastChar = buffer[buffer.length - 1]!;
          pendingSpace = null;
        }
        flushSpace();
        top.struck = true;
        changed();
        top.struckAt = i;
        last = "other";
        skipSpace = true;
      } else {
        flushSpace();
        top.struck = false;
        changed();
        last = "strikeClose";
        lastBracket = top;
        skipSpace = false;
      }
      i += 2;
      continue;
    }
    if (c === "[") {
      flushSpace();
      const bracket = ctx.newBracket(i);
      openedAt.set(bracket, items.length);
      firstItemAt.set(bracket, items.length + (buffer ? 1 : 0));
      const tagEnd = readTags(text, i + 1, end, bracket, ctx);
      textStart.set(bracket, tagEnd);
      if (!bracket.tagged) readBracketAttribution(text, tagEnd, end, bracket, ctx);
      stack.push(bracket);
      changed();
      last = "other";
      // Space right after `[` (or its tag) is not text: the exporter writes a bracketed text's leading space before the `[`.
      skipSpace = true;
      i = tagEnd;
      continue;
    }
    if (c === "]") {
      const top = stack[stack.length - 1];
      if (!top || top.implicit) {
        ctx.report(i, "‘]’ closes no bracket; it is kept as text");
        emitText("]");
        i++;
        continue;
      }
      if (!textIn.has(top) && !top.span && openedAt.get(top) === items.length) {
        // A bracket with nothing in it proposes nothing a mark could hold: its characters stay text, so no word is lost.
        stack.pop();
        changed();
        const written = text.slice(top.offset, i + 1).replace(/\s+/g, " ");
        ctx.report(top.offset, `the bracket ‘${written.length > 40 ? `${written.slice(0, 40)}…` : written}’ holds no text; it is kept as text`);
        emitText(written);
        i++;
        continue;
      }
      if (!textIn.has(top) && !top.span && holdsReferences(top)) {
        // References and no text: the bracket's characters stay text around them.
        stack.pop();
        changed();
        const written = text.slice(top.offset, i + 1).replace(/\s+/g, " ");
        ctx.report(top.offset, `the bracket ‘${written.length > 40 ? `${written.slice(0, 40)}…` : written}’ holds no text; it is kept as text`);
        keepReferencesBracketAsText(top);
        emitText("]");
        i++;
        continue;
      }
      stack.pop();
      changed();
      if (top.struck) ctx.report(top.struckAt, "struck text ‘~~’ is not closed before its bracket ends");
      flushSpace();
      top.struck = false;
      changed();
      i = readTrailingGroups(text, i + 1, end, top, ctx);
      last = "other";
      skipSpace = false;
      continue;
    }
    // A run of ordinary characters, single spaces included, goes out in one piece (up to a dash attribution).
    let j = i + 1;
    const dashAt = stack[stack.length - 1]?.dashAt;
    const runEnd = dashAt !== undefined && dashAt > i ? dashAt : end;
    for (;;) {
      while (j < runEnd && !isSpecial(text.charCodeAt(j))) j++;
      if (j + 1 < runEnd && text.charCodeAt(j) === 0x20 && !isSpecial(text.charCodeAt(j + 1))) j += 2;
      else break;
    }
    emitText(text.slice(i, j));
    i = j;
  }
  // A `[` left open at the paragraph's end with no text after it (`Parties [Uru:`, `[G77 and China:` alone) proposes
  // nothing a mark could hold: what is written from it on stays text, tag and all, as a `[Uru: ]` does.
  const empty = stack.findIndex((open) => !open.span && !open.implicit && !textIn.has(open) && openedAt.get(open) === items.length);
  if (empty >= 0) {
    const open = stack[empty]!;
    stack.length = empty;
    changed();
    const written = text.slice(open.offset, end).replace(/\s+/g, " ").trimEnd();
    ctx.report(open.offset, `‘${written.length > 40 ? `${written.slice(0, 40)}…` : written}’ opens a bracket that is never closed and holds no text; it is kept as text`);
    emitText(written);
  } else {
    // One holding only footnote references (`Parties [G77: 1/`): its `[` and tags stay text before them.
    const referencesOnly = stack.findIndex((open) => !open.span && !open.implicit && !textIn.has(open) && holdsReferences(open));
    if (referencesOnly >= 0) {
      const open = stack[referencesOnly]!;
      stack.length = referencesOnly;
      changed();
      const opening = text.slice(open.offset, textStart.get(open)).replace(/\s+/g, " ").trimEnd();
      ctx.report(open.offset, `‘${opening}’ opens a bracket that is never closed and holds no text; it is kept as text`);
      keepReferencesBracketAsText(open);
    }
  }
  const carried: Bracket[] = [];
  // Brackets nest: one goes on into the next paragraph only if every bracket around it does. One that opened here
  // goes on only with text here — a `[` at the paragraph's end (`Parties shall [`) is read as before.
  let goingOn = true;
  for (const open of stack) {
    goingOn &&= Boolean(carry && !open.implicit && (open.span || (carry.spanning.has(open.offset) && textIn.has(open))));
    if (goingOn) {
      // It closes in a later paragraph: a part of a bracket spanning paragraphs. A strike does not go on past the paragraph.
      open.span ??= { parts: [open] };
      if (open.struck) ctx.report(open.struckAt, "struck text ‘~~’ is not closed before its paragraph ends; it runs to the end of the paragraph");
      open.struck = false;
      carried.push(open);
      continue;
    }
    // A strike left open in a bracket ends with it, as at its `]`.
    if (open.struck && !open.implicit) {
      ctx.report(open.struckAt, "struck text ‘~~’ is not closed before its bracket ends");
      open.struck = false;
    }
    ctx.report(
      open.offset,
      open.implicit
        ? "struck text ‘~~’ is never closed; it runs to the end of the paragraph"
        : "‘[’ is never closed; the bracket runs to the end of the paragraph",
    );
  }
  if (carry) carry.open = carried;
  flushBuffer();
  // Slash groups first: a bracket left by one (`[a / ][b]`) may still touch the next.
  settleChoices(options, textIn, items, ctx);
  groupTouching(items, (previous, bracket) => groupWith(previous, bracket, "adjacent"));
  const spaced = new Set<string>();
  groupWholeParagraph(items, textIn, (previous, bracket) => {
    groupWith(previous, bracket, "adjacent");
    spaced.add(bracket.choice);
  });
  settleChoices(options, textIn, items, ctx, spaced);
  // A paragraph's text is trimmed, even where an empty bracket (`[Uru: ] Parties`) stood before its first space.
  trimEdge(items, 0, /^ /);
  trimEdge(items, items.length - 1, / $/);
  return items;
}

/** A part, in the paragraph read now, of the bracket spanning paragraphs `previous` is a part of: with its tags, linked to it. */
function continueSpan(previous: Bracket, offset: number, ctx: ImportContext): Bracket {
  const part = ctx.newBracket(offset);
  part.by = previous.by;
  part.tagged = previous.tagged;
  part.span = previous.span!;
  part.span.parts.push(part);
  return part;
}

/**
 * Brackets whose texts touch, at one depth, are alternatives (`[shall][should]`,
 * `[G77: scale up] (Note: …)[US: consider scaling up]`, `~~old~~[new]`): read
 * off the text as read, so that what the export writes touching — it writes
 * no space it was not given — reads back as the same group. A footnote
 * reference inside either keeps them touching (`[shall 3/][should]`); one
 * outside, or any text, keeps them apart (`[a] [b]`, `[a] 3/[b]`). Options
 * of a slash group are left as they are.
 */
function groupTouching(items: readonly InlineItem[], group: (previous: Bracket, bracket: Bracket) => void): void {
  let previous: readonly Layer[] | null = null;
  // The layers of the footnote references since the last text.
  // One array emptied after each text, not a new one for each (this runs over every item of the draft).
  const between: (readonly Layer[])[] = [];
  for (const item of items) {
    if (item.kind === "footnote") {
      between.push(item.layers);
      continue;
    }
    const layers = item.layers;
    if (previous) {
      let common = 0;
      while (common < previous.length && common < layers.length && previous[common]!.bracket === layers[common]!.bracket) common++;
      const a = previous[common]?.bracket;
      const b = layers[common]?.bracket;
      if (a && b && a !== b && !a.span && !b.span && (!a.choice || a.choiceStyle === "adjacent") && !b.choice && referencesIn(between, common, a, b)) group(a, b);
    }
    previous = layers;
    between.length = 0;
  }
}

/** True when each of the footnote references (by their layers) is inside `a` or `b`, at depth `depth`. */
function referencesIn(references: readonly (readonly Layer[])[], depth: number, a: Bracket, b: Bracket): boolean {
  return references.every((layers) => layers[depth] !== undefined && (layers[depth]!.bracket === a || layers[depth]!.bracket === b));
}

/**
 * A text written wholly as brackets a space apart (`[text A] [text B]`, as
 * UN compilation texts offer versions of a whole paragraph) offers them as
 * alternatives, like brackets that touch; the spaces between them stay base
 * text, so the export writes them back as they came. Brackets a space apart
 * in running text stay apart (`…(CICAD).] [Peru requests …]`), and so do a
 * text's brackets when any holds struck text or is already an option, or a
 * footnote reference stands between two.
 */
function groupWholeParagraph(items: readonly InlineItem[], withText: ReadonlySet<Bracket>, group: (previous: Bracket, bracket: Bracket) => void): void {
  const outermost: Bracket[] = [];
  let afterSpace = false;
  // Footnote references may follow the last version (a note on the whole paragraph), not stand between two.
  let afterReference = false;
  for (const item of items) {
    // Struck text is a deletion, however it is bracketed (`~~old~~`, `[~~old~~]`): no version of a paragraph.
    if (item.layers.some((layer) => layer.struck)) return;
    // A bracket that holds no text (`[EU: 3/]`) is not kept: what it holds stands outside the others.
    const bracket = withText.has(item.layers[0]?.bracket as Bracket) ? item.layers[0]!.bracket : undefined;
    if (!bracket) {
      if (item.kind === "footnote") afterReference = true;
      else if (item.text.trim()) return;
      afterSpace = true;
      continue;
    }
    if (afterReference) return;
    // Each version is one stretch of text: a bracket the space left out of (`[a 3/ b]` read as `a`, `3/`, ` `, `b`) is not one.
    if (bracket === outermost[outermost.length - 1] && !afterSpace) continue;
    if (outermost.includes(bracket)) return;
    outermost.push(bracket);
    afterSpace = false;
  }
  if (outermost.length < 2 || outermost.some((bracket) => bracket.implicit || bracket.struck || bracket.choice || bracket.span)) return;
  for (let k = 1; k < outermost.length; k++) group(outermost[k - 1]!, outermost[k]!);
}

/**
 * Keeps only the groups the model can hold and the export can write: two
 * options or more with text (`[shall][]` is a bracket and an empty one), no
 * text outside them between them (`[a][3/ b]` leaves the space after the
 * reference outside), and at most one accepted (`[a] (accepted)[b]
 * (accepted)` is reported and read as two brackets).
 */
function settleChoices(
  options: readonly Bracket[],
  withText: ReadonlySet<Bracket>,
  items: readonly InlineItem[],
  ctx: ImportContext,
  spaced: ReadonlySet<string> = new Set(),
): void {
  if (!options.length) return;
  const apart = new Set<string>();
  const lastText = new Map<string, number>();
  items.forEach((item, index) => {
    if (item.kind !== "text") return;
    for (const layer of item.layers) if (layer.bracket.choice) lastText.set(layer.bracket.choice, index);
  });
  const firstText = new Map<string, number>();
  items.forEach((item, index) => {
    if (item.kind !== "text") return;
    const inGroup = new Set(item.layers.map((layer) => layer.bracket.choice).filter(Boolean));
    for (const choice of inGroup) if (!firstText.has(choice)) firstText.set(choice, index);
    // The spaces between the versions of a paragraph written wholly as brackets are no text between them (`groupWholeParagraph`).
    const blank = !item.layers.length && !item.text.trim();
    for (const [choice, first] of firstText) {
      if (first < index && index < lastText.get(choice)! && !inGroup.has(choice) && !(blank && spaced.has(choice))) apart.add(choice);
    }
  });
  for (const group of byChoice(options).values()) {
    const accepted = group.filter((option) => option.state === "accepted").length;
    if (accepted > 1) ctx.report(group[0]!.offset, `${accepted} of these alternatives are accepted, where one is chosen; they are read as separate brackets`);
    const withOptions = group.filter((option) => withText.has(option)).length;
    // A slash option without text began at its ` / `, which is then dropped.
    if (withOptions < 2 && group[0]!.choiceStyle === "slash") {
      ctx.report(group.find((option) => !withText.has(option))?.offset ?? group[0]!.offset, "‘/’ separates no two alternatives with text; it is dropped");
    }
    if (accepted > 1 || apart.has(group[0]!.choice) || withOptions < 2) {
      for (const option of group) Object.assign(option, { choice: "", choiceStyle: "adjacent" });
    }
  }
}

function trimEdge(items: InlineItem[], index: number, space: RegExp): void {
  const item = items[index];
  if (item?.kind !== "text" || !space.test(item.text)) return;
  const text = item.text.replace(space, "");
  if (text) items[index] = { ...item, text };
  else items.splice(index, 1);
}

function isLoneSlash(text: string, i: number, end: number): boolean {
  let a = i - 1;
  while (a >= 0 && (text[a] === " " || text[a] === "\t")) a--;
  if (a >= 0 && text[a] !== "\n") return false;
  let b = i + 1;
  while (b < end && (text[b] === " " || text[b] === "\t")) b++;
  return b >= end || text[b] === "\n";
}

/**
 * Reads `Uru:` or `Arg, Bra:` after an opening bracket. Returns where the
 * bracket's text starts: after the colon for a tag list, or right after the
 * `[` when what precedes a colon is not a list of delegations.
 */
function readTags(text: string, from: number, end: number, bracket: Bracket, ctx: ImportContext): number {
  const limit = Math.min(end, from + 80);
  let colon = -1;
  for (let k = from; k < limit; k++) {
    const c = text[k];
    if (c === ":") {
      colon = k;
      break;
    }
    if (c === "[" || c === "]" || c === "(" || c === ")" || c === "\n" || c === "~" || c === "\\") break;
  }
  if (colon < 0) return from;
  const candidate = text.slice(from, colon).trim();
  const codes = ctx.resolveTagList(candidate, from);
  // A list that names nobody (`[; : text`) is text: a bracket tagged by no one could not be written back.
  if (!codes || codes.length === 0) return from;
  bracket.by = codes;
  bracket.tagged = true;
  bracket.writtenTag = candidate;
  return colon + 1;
}

/**
 * After a closing `]`: `(accepted)`, `(Proposal by the Working Group)` or a
 * note naming a delegation (`(Brazil is opposed to including this reference)`)
 * belong to the bracket. Returns where reading goes on.
 */
function readTrailingGroups(text: string, from: number, end: number, bracket: Bracket, ctx: ImportContext): number {
  let i = from;
  // Attributions (`(G77)`, `(EU, US: delete)`) come in any number; three other groups at most.
  for (let round = 0; round < 3; round++) {
    let j = i;
    while (j < end && (text[j] === " " || text[j] === "\t")) j++;
    if (text[j] !== "(") return i;
    const close = matchingParen(text, j, end);
    if (close < 0) return i;
    const inner = text.slice(j + 1, close).replace(/\s+/g, " ").trim();
    if (readTrailingAttributionGroup(inner, j + 1, bracket, ctx)) {
      i = close + 1;
      round--;
      continue;
    }
    const state = readProposalState(inner);
    const attribution = readAttribution(inner);
    if (state && bracket.state === "open") {
      bracket.state = state;
    } else if (attribution && !bracket.tagged) {
      bracket.by = [ctx.delegationNamed(attribution, j + 1)];
      bracket.tagged = true;
    } else if (!bracket.note && inner.length <= MAX_NOTE_LENGTH && (/^note:/i.test(inner) || ctx.namesDelegation(inner))) {
      bracket.note = stripNotePrefix(inner);
    } else {
      return i;
    }
    i = close + 1;
  }
  return i;
}

/** The `)` matching the `(` at `open`, or -1. */
export function matchingParen(text: string, open: number, end: number): number {
  let depth = 0;
  for (let k = open; k < end; k++) {
    const c = text[k];
    if (c === "\\") k++;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return k;
  }
  return -1;
}
