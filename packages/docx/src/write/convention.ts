import { delegationColour } from "@accord/merge";
import { proposerOf, type DelegationRegistry, type FootnoteAttrs, type InlineSegment, type ProposalOp, type TextSegment, writtenSpellings } from "@accord/schema";
import { FootnoteReferenceRun, TextRun, type ParagraphChild } from "docx";
import type { PreparedRunOptions } from "./prepared.js";
import type { ConventionLook, RunStyles } from "./run-styles.js";
import { wordColour, type FootnoteBody } from "./word.js";

/** How a run looks, before it is made a Word run (plain, inserted or deleted): ink, bold, underline, strike, italics. */
export type RunLook = ConventionLook;

/** Makes a run of text with its options (see RunStyles): a tracked insertion or deletion (the convention's runs are plain without one). */
export type RunMaker = (text: string, options: PreparedRunOptions) => ParagraphChild;

/** Word footnotes of one export, numbered by Word id as they are referenced. */
export class WordFootnotes {
  readonly bodies = new Map<number, FootnoteBody>();

  constructor(
    private readonly registry: DelegationRegistry,
    private readonly labels: boolean,
  ) {}

  /** A reference run to a new footnote holding `attrs`' text (with "Reservation of …:" before a reservation's text when labelled). */
  reference(attrs: Pick<FootnoteAttrs, "kind" | "delegation" | "text">): ParagraphChild {
    const id = this.bodies.size + 1;
    const runs: ParagraphChild[] = [];
    if (this.labels && attrs.kind === "reservation") {
      const name = attrs.delegation ? (this.registry.get(attrs.delegation)?.name ?? attrs.delegation) : "a delegation";
      runs.push(new TextRun({ text: `Reservation of ${name}: `, italics: true }));
    } else if (this.labels && attrs.kind === "procedural") runs.push(new TextRun({ text: "Procedural: ", italics: true }));
    runs.push(new TextRun(attrs.text));
    this.bodies.set(id, runs);
    return new FootnoteReferenceRun(id);
  }
}

/** What the convention renderer needs. */
export interface ConventionContext {
  readonly registry: DelegationRegistry;
  readonly footnotes: WordFootnotes;
  /** The export's character styles, which the runs' looks become. */
  readonly styles: RunStyles;
}

/** The tag a delegation's brackets carry: its spelling as written if given, else its preferred tag; a group's name. */
export function tagOf(code: string, registry: DelegationRegistry, written?: string): string {
  const entry = registry.get(code);
  return entry?.kind === "group" ? entry.name : (written ?? registry.preferredTag(code));
}

/** The Word colour of a delegation's ink. */
export function inkOf(code: string | undefined): RunLook {
  return code ? { color: wordColour(delegationColour(code).ink) } : {};
}

/** Emphasis of a text segment as Word run properties. */
function emphasis(segment: TextSegment): RunLook {
  const look: { italics?: boolean; bold?: boolean } = {};
  for (const mark of segment.marks) {
    if (mark.type.name === "em") look.italics = true;
    else if (mark.type.name === "strong") look.bold = true;
  }
  return look;
}

/**
 * Inline segments in the bracket convention: each bracket with its tags in
 * bold, the bracket in its proposer's colour, insertions underlined,
 * deletions struck through, the note and (unless open) the state after it.
 * `make` makes them part of a tracked change; without it they are plain.
 * Never fails.
 */
export function conventionRuns(
  segments: readonly InlineSegment[],
  context: ConventionContext,
  make?: RunMaker,
  inherited: RunLook = {},
  tagged = false,
): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  for (const segment of segments) {
    if (segment.kind === "footnote") runs.push(context.footnotes.reference(segment.attrs));
    else if (segment.kind === "text") runs.push(styledRun(segment.text, { ...inherited, ...emphasis(segment), ...opLook(segment.op, tagged) }, context, make));
    else runs.push(...bracketRuns(segment.proposal, segment.children, context, make, segment.op === "delete" ? { ...inherited, strike: true } : inherited));
  }
  return runs;
}

/** A run of `text` looking as `look`, made by `make`, else plain. */
function styledRun(text: string, look: RunLook, context: ConventionContext, make: RunMaker | undefined): ParagraphChild {
  return make ? make(text, context.styles.options(look)) : context.styles.run(text, look);
}

function opLook(op: ProposalOp | null, tagged: boolean): RunLook {
  if (op === "delete") return { strike: true };
  if (op === "insert" && tagged) return { underline: {} };
  return {};
}

/** One bracket in the convention, around `children`. */
export function bracketRuns(
  proposal: { readonly by: readonly string[]; readonly note: string; readonly state: string; readonly tag?: string },
  children: readonly InlineSegment[],
  context: ConventionContext,
  make?: RunMaker,
  inherited: RunLook = {},
): ParagraphChild[] {
  const proposer = proposerOf(proposal.by);
  const ink = inkOf(proposer);
  const outer = { ...inherited, ...ink };
  const style = (text: string, look: RunLook) => styledRun(text, look, context, make);
  const runs: ParagraphChild[] = [];
  // The bracket, its tags and the space after them are one bold run (a bold space looks the same).
  // Each delegation as the proposal's tag as written spells it, while that names exactly its delegations (written-tags.ts).
  const spelled = writtenSpellings(proposal.tag ?? "", proposal.by, context.registry);
  const tags = proposal.by.length ? `${proposal.by.map((code, i) => tagOf(code, context.registry, spelled?.[i])).join(", ")}: ` : "";
  runs.push(style(`[${tags}`, { ...outer, bold: true }));
  runs.push(...conventionRuns(children, context, make, outer, proposal.by.length > 0));
  runs.push(style("]", { ...outer, bold: true }));
  if (proposal.note) runs.push(style(` (${proposal.note})`, { ...inherited, italics: true }));
  if (proposal.state !== "open") runs.push(style(` ${proposal.state}`, { ...inherited, bold: true }));
  return runs;
}
