import type { Node } from "prosemirror-model";
import { bySpan, nameToWrite, proposerOf, readPositions, spanPartFacts, stanceRuns, type BracketSegment, type ChoiceStyle, type DelegationRegistry, type InlineSegment, type ProposalOp, type ProposalState, type TextSegment, writtenSpellings } from "@accord/schema";
import { escapeHtml } from "./escape.js";
import { joinInline, REFERENCE_SEPARATOR, type FootnoteList } from "./footnotes.js";

/** What rendering a block's inline content needs and records. */
export interface InlineContext {
  readonly registry: DelegationRegistry;
  readonly footnotes: FootnoteList;
  /** Delegation codes drawn so far, in order of first appearance (for the legend and the colour classes). */
  readonly seen: Set<string>;
  /**
   * The parts of brackets spanning paragraphs, by proposal id: whether each
   * writes the `[` and tags (the first) and the `]` and what follows it (the
   * last). A bracket not listed writes both.
   */
  readonly spans?: ReadonlyMap<string, { readonly opens: boolean; readonly closes: boolean }>;
}

/** The ends of each bracket spanning paragraphs in `doc`, as `InlineContext.spans` holds them. */
export function spanEnds(doc: Node): Map<string, { opens: boolean; closes: boolean }> {
  const ends = new Map<string, { opens: boolean; closes: boolean }>();
  for (const parts of bySpan(spanPartFacts(doc)).values()) parts.forEach((part, k) => ends.set(part.id, { opens: k === 0, closes: k === parts.length - 1 }));
  return ends;
}

/** The parts of a proposal a bracket shows. */
export interface BracketLook {
  readonly by: readonly string[];
  readonly note: string;
  readonly state: ProposalState;
  /** Its choice group, if an option of one, and how the group is written. */
  readonly choice?: string;
  readonly choiceStyle?: ChoiceStyle;
  /** Delegations' positions on it, as the mark stores them ("" or left out: none). */
  readonly positions?: string;
  /** Its id and the bracket spanning paragraphs it is a part of ("" or left out: none). */
  readonly id?: string;
  readonly span?: string;
  /** Its tag as written ("" or left out: none), shown while it names exactly `by` (written-tags.ts). */
  readonly tag?: string;
}

/** Options of a slash group that follow the one before (written ` / ` with no `[`) or are followed by the next (no `]`). */
const slashJoined = new WeakMap<BracketSegment, { after: boolean; before: boolean }>();

/** Records which brackets of `segments` are slash options joined to their neighbours: `[agreed / made]` is one set. */
function joinSlashOptions(segments: readonly InlineSegment[]): void {
  const sameSlashGroup = (a: InlineSegment | undefined, b: InlineSegment | undefined) =>
    a?.kind === "bracket" && b?.kind === "bracket" && !!a.proposal.choice && a.proposal.choiceStyle === "slash" && a.proposal.choice === b.proposal.choice;
  segments.forEach((segment, i) => {
    if (segment.kind !== "bracket") return;
    const after = sameSlashGroup(segments[i - 1], segment);
    const before = sameSlashGroup(segment, segments[i + 1]);
    if (after || before) slashJoined.set(segment, { after, before });
  });
}

/**
 * A block's bracket tree in the marked-up style: each bracket with its
 * delegations' tags in bold and in their colours (`[Uru: …]`; a group by its
 * name; an untagged bracket just `[ … ]`), insertions underlined, deletions
 * struck through, a space between the struck and the inserted part of a
 * replacement, nested brackets nested, and after each bracket its note and,
 * unless it is open, its state. Text is escaped. Never fails.
 */
export function markupInline(segments: readonly InlineSegment[], context: InlineContext): string {
  joinSlashOptions(segments);
  return joinInline(segments, (segment) => markupSegment(segment, context));
}

function markupSegment(segment: InlineSegment, context: InlineContext): string {
  if (segment.kind === "text") return textHtml(segment, segment.op);
  if (segment.kind === "footnote") {
    if (segment.attrs.kind === "reservation" && segment.attrs.delegation) context.seen.add(segment.attrs.delegation);
    return context.footnotes.reference(segment.attrs);
  }
  const html = bracketHtml(segment.proposal, bracketChildren(segment, context), context, "", slashJoined.get(segment));
  // A bracket inside text another bracket proposes to delete goes with that text: strike it all.
  return segment.op === "delete" ? `<del class="region">${html}</del>` : html;
}

/** The children of a bracket, with a space where a deletion meets what replaces it. */
function bracketChildren(bracket: BracketSegment, context: InlineContext): string {
  joinSlashOptions(bracket.children);
  let out = "";
  let previous: ProposalOp | null = null;
  let previousEndsWithSpace = true;
  let previousWasFootnote = false;
  for (const child of bracket.children) {
    if (child.kind === "footnote") {
      if (previousWasFootnote) out += REFERENCE_SEPARATOR;
      out += markupSegment(child, context);
      previousWasFootnote = true;
      continue;
    }
    previousWasFootnote = false;
    const op = child.op ?? "insert";
    const startsWithSpace = child.kind === "text" && /^\s/.test(child.text);
    if (previous !== null && previous !== op && (previous === "delete" || op === "delete") && !previousEndsWithSpace && !startsWithSpace) {
      out += " ";
    }
    out += markupSegment(child, context);
    previous = op;
    previousEndsWithSpace = child.kind === "text" && /\s$/.test(child.text);
  }
  return out;
}

/**
 * A bracket around `inner` (HTML): the opening bracket and tag, the content,
 * the closing bracket, then the note and the state. Used for inline proposals
 * and for whole-paragraph proposals alike (`extraClass` tells them apart).
 */
export function bracketHtml(look: BracketLook, inner: string, context: InlineContext, extraClass = "", joined?: { after: boolean; before: boolean }): string {
  for (const code of look.by) context.seen.add(code);
  // A bracket wears its proposer's colour.
  const proposer = proposerOf(look.by);
  const colourClass = `${proposer === undefined ? "d-none" : `d-${proposer}`}${extraClass ? ` ${extraClass}` : ""}`;
  const tag = look.by.length ? `${tagHtml(look.by, context.registry, look.tag)} ` : "";
  const after: string[] = [];
  // Positions as the text export writes them after a bracket (`(EU, US: delete)`, `(Japan: reservation)`, a support named alone `(Mexico)`), each delegation in its colour.
  for (const group of positionGroups(look.positions ?? "", context.registry)) after.push(` <span class="positions" data-stance="${group.stance}">(${group.html}${group.word === null ? "" : `: ${group.word}`})</span>`);
  if (look.note) after.push(` <span class="br-note">(${escapeHtml(look.note)})</span>`);
  if (look.state !== "open") after.push(` <span class="br-state state-${look.state}">${look.state}</span>`);
  // An option of a choice group says so, so that its set reads as one: `[shall][should]`, `[agreed / made]`.
  const choice =
    (look.choice ? ` data-choice="${escapeHtml(look.choice)}" data-choice-style="${look.choiceStyle ?? "adjacent"}"` : "") +
    (look.positions ? ` data-positions="${escapeHtml(look.positions)}"` : "");
  // A part of a bracket spanning paragraphs: `[` and the tag on the first, `]` and what follows on the last.
  const ends = look.span && look.id ? context.spans?.get(look.id) : undefined;
  const span = look.span ? ` data-span="${escapeHtml(look.span)}"` : "";
  const open = ends && !ends.opens ? "" : joined?.after ? `<span class="bk"> / </span>` : `<span class="bk">[</span>${tag}`;
  const close = ends && !ends.closes ? "" : joined?.before ? "" : `<span class="bk">]</span>`;
  return (
    `<span class="br ${colourClass} state-${look.state}${look.choice ? " choice" : ""}" data-by="${escapeHtml(look.by.join(" "))}"${choice}${span}>` +
    `${open}${inner}${close}</span>${ends && !ends.closes ? "" : after.join("")}`
  );
}

/** Consecutive positions of one stance written alike as HTML (`EU, US` with each delegation in its colour, by its name as written while it names it: `nameToWrite`), in order, with the word written. */
function positionGroups(positions: string, registry: DelegationRegistry): { html: string; stance: string; word: string | null }[] {
  const read = positions ? readPositions(positions).positions : [];
  const written = new Map(read.map((p) => [p.delegation, p.written]));
  return stanceRuns(read).map(({ delegations, stance, word }) => ({
    stance,
    word,
    html: delegations.map((code) => `<span class="d-${code}">${escapeHtml(nameToWrite(code, written.get(code), registry))}</span>`).join(", "),
  }));
}

/**
 * `Uru:`, `Arg, Bra:` (each tag in its own delegation's colour), `Working
 * Group:` for a group; each delegation as `written` (the proposal's tag as
 * written) spells it, while that names exactly `by` (`writtenSpellings`).
 */
export function tagHtml(by: readonly string[], registry: DelegationRegistry, written = ""): string {
  const spelled = writtenSpellings(written, by, registry);
  const tags = by.map((code, i) => `<span class="d-${code}">${escapeHtml(tagText(code, registry, spelled?.[i]))}</span>`);
  return `<b class="tag">${tags.join(", ")}:</b>`;
}

/** The tag a delegation's brackets carry: its spelling as written if given, else its preferred tag; a group's name. */
export function tagText(code: string, registry: DelegationRegistry, written?: string): string {
  const entry = registry.get(code);
  return entry?.kind === "group" ? entry.name : (written ?? registry.preferredTag(code));
}

/**
 * A block's bracket tree as a clean text prints it: unresolved brackets as
 * plain `[ ]` with no tag, no colour and no underline, footnote references
 * kept. Text is escaped. Never fails.
 */
export function cleanInline(segments: readonly InlineSegment[], footnotes: FootnoteList): string {
  return joinInline(segments, (segment) => {
    if (segment.kind === "text") return textHtml(segment, null);
    if (segment.kind === "footnote") return footnotes.reference(segment.attrs);
    return `[${cleanInline(segment.children, footnotes)}]`;
  });
}

function textHtml(segment: TextSegment, op: ProposalOp | null): string {
  let html = escapeHtml(segment.text);
  for (const mark of segment.marks) {
    if (mark.type.name === "em") html = `<em>${html}</em>`;
    else if (mark.type.name === "strong") html = `<strong>${html}</strong>`;
  }
  if (op === "insert") return `<ins>${html}</ins>`;
  if (op === "delete") return `<del>${html}</del>`;
  return html;
}
