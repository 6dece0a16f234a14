import {
  inlineTree,
  proposerOf,
  writtenSpellings,
  type BracketSegment,
  type HeadingAttrs,
  type InlineSegment,
  type NegotiationDocument,
  type ParagraphAttrs,
} from "@accord/schema";
import { formatStatusMarker } from "@accord/text";
import {
  Bookmark,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Paragraph,
  TextRun,
  type FileChild,
  type ICommentOptions,
  type ParagraphChild,
} from "docx";
import type { Node } from "prosemirror-model";
import { bracketRuns, conventionRuns, inkOf, tagOf, WordFootnotes, type ConventionContext, type RunLook, type RunMaker } from "./convention.js";
import { RunStyles } from "./run-styles.js";
import { blockOptions, blockParagraph, pack, wordDocument } from "./word.js";

/** Options of `revisionsDocx`. */
export interface RevisionsDocxOptions {
  /** The time written on every revision (ISO 8601); default: the document's date, else now. */
  readonly date?: string;
}

/** The prefix of the bookmark around each tracked proposal: `accord_p_<proposal id>` (Word bookmark names are letters, digits and `_`). */
export const PROPOSAL_BOOKMARK = "accord_p_";

/**
 * The marked-up version as Word revisions: every open proposal of a
 * delegation is a tracked change whose author is its proposer's name, so a
 * reader steps through, filters by delegation, accepts and rejects in Word's
 * Review pane. A proposal's insertions are `w:ins`, its deletions `w:del`
 * (a replacement both), all inside one bookmark `accord_p_<id>`; a proposed
 * paragraph is inserted whole, its paragraph mark too. Every revision has
 * its own id. What Word cannot express is written in the bracket convention
 * inside or beside the revision: a proposal nested in another (Word's
 * revisions do not nest) is a tagged bracket inside the outer revision;
 * co-sponsors (a revision has one author) and a proposal's note are a Word
 * comment by the proposer on the revision; untagged brackets, decided
 * proposals and alternatives' links are written as the marked-up version
 * writes them. Never fails.
 */
export async function revisionsDocx(document: NegotiationDocument, options: RevisionsDocxOptions = {}): Promise<Uint8Array> {
  const date = options.date ?? (document.meta.date ? `${document.meta.date}T00:00:00Z` : new Date().toISOString().replace(/\.\d+Z$/, "Z"));
  const context: RevisionContext = { registry: document.registry, footnotes: new WordFootnotes(document.registry, true), styles: new RunStyles(), date, nextId: 1, comments: [] };
  const labels = new Map<string, string>();
  document.content.forEach((block) => labels.set(block.attrs.id as string, block.attrs.label as string));
  const body: FileChild[] = [];
  document.content.forEach((block) => body.push(paragraphOf(block, document, context, labels)));
  return pack(
    wordDocument({ document, versionName: "Marked-up version (revisions)", body, footnotes: context.footnotes.bodies, comments: context.comments, characterStyles: context.styles.definitions() }),
  );
}

interface RevisionContext extends ConventionContext {
  readonly date: string;
  nextId: number;
  readonly comments: ICommentOptions[];
}

/**
 * `children` inside a comment by `author` saying `words` (co-sponsors, a
 * note), or `children` alone when there is nothing to say.
 */
function commented(children: ParagraphChild[], author: string, words: readonly string[], context: RevisionContext): ParagraphChild[] {
  const said = words.filter(Boolean);
  if (!said.length) return children;
  const id = context.comments.length;
  context.comments.push({ id, author, date: new Date(context.date), children: said.map((text) => new Paragraph({ children: [new TextRun(text)] })) });
  return [new CommentRangeStart(id), ...children, new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })];
}

function coSponsors(by: readonly string[], context: ConventionContext): string {
  return by.length > 1 ? `Co-sponsored by ${by.slice(1).map((c) => nameOf(c, context)).join(", ")}.` : "";
}

function nameOf(code: string, context: ConventionContext): string {
  return context.registry.get(code)?.name ?? code;
}

function tracked(kind: "insert" | "delete", author: string, context: RevisionContext): RunMaker {
  const runs = context.styles.runs;
  return (text, options) => {
    const change = { id: context.nextId++, author, date: context.date };
    return kind === "insert" ? runs.inserted(text, options, change) : runs.deleted(text, options, change);
  };
}

const PLAIN = {};
const BOLD = { bold: true };
const ITALICS = { italics: true };

function paragraphOf(block: Node, document: NegotiationDocument, context: RevisionContext, labels: ReadonlyMap<string, string>): FileChild {
  const heading = block.type.name === "heading";
  const attrs = block.attrs as ParagraphAttrs & HeadingAttrs;
  const segments = inlineTree(block);
  const whole = !heading && attrs.proposedBy.length > 0;
  const proposer = whole ? proposerOf(attrs.proposedBy) : undefined;
  const runs: ParagraphChild[] = [];
  let wholeAuthor: string | undefined;
  // The text around the convention (labels, markers, notes) carries its bold or italics itself, not a character style.
  const direct = context.styles.runs;

  if (!heading && attrs.alternativeTo && !attrs.label) runs.push(direct.text("// ", PLAIN));
  if (!heading && attrs.label) runs.push(direct.text(attrs.label, PLAIN), direct.text("\t", PLAIN));

  if (whole && attrs.proposalState === "open" && proposer) {
    wholeAuthor = nameOf(proposer, context);
    const make = tracked("insert", wholeAuthor, context);
    const inner = conventionRuns(segments, context, make, { ...inkOf(proposer), underline: {} }, true);
    runs.push(...commented([new Bookmark({ id: `${PROPOSAL_BOOKMARK}${bookmarkSafe(attrs.id)}`, children: inner })], wholeAuthor, [coSponsors(attrs.proposedBy, context)], context));
  } else if (whole) {
    // A decided proposed paragraph is bracketed as the marked-up version writes it; open proposals inside are still revisions.
    const ink = inkOf(proposer);
    // Each delegation as its proposal's tag as written spells it, while that names exactly its proposers (written-tags.ts).
    const spelled = writtenSpellings(attrs.proposedTag, attrs.proposedBy, context.registry);
    const tags = attrs.proposedBy.map((code, i) => tagOf(code, context.registry, spelled?.[i])).join(", ");
    runs.push(context.styles.run(`[${tags}: `, { ...ink, bold: true }), ...revisionRuns(segments, context), context.styles.run("]", { ...ink, bold: true }));
    runs.push(direct.text(` (paragraph ${attrs.proposalState})`, BOLD));
  } else {
    runs.push(...revisionRuns(segments, context));
  }
  if (!heading && attrs.alternativeTo) {
    const target = labels.get(attrs.alternativeTo);
    runs.push(direct.text(` (alternative${target ? ` to ${target.replace(/[.)]\s*$/, "")}` : ""}${attrs.proposalState !== "open" && !whole ? `, ${attrs.proposalState}` : ""})`, ITALICS));
  }
  const marker = formatStatusMarker(attrs.status, attrs.statusDate, attrs.statusBody, { dateStyle: document.meta.dateStyle, ...(heading ? { subject: "Section", parenthesize: true } : {}) });
  if (marker) runs.push(direct.text(` ${marker}`, BOLD));
  if (attrs.statusFootnote) runs.push(context.footnotes.reference({ kind: "procedural", delegation: "", text: attrs.statusFootnote }));
  if (!heading && attrs.note) runs.push(direct.text(` (${attrs.note})`, ITALICS));
  const kind = heading ? "heading" : "paragraph";
  const labelled = !heading && Boolean(attrs.label);
  // A proposed paragraph's mark is inserted too, with a revision id of its own: its properties are its own.
  if (wholeAuthor) {
    return new Paragraph({ ...blockOptions(kind, labelled), run: { insertion: { id: context.nextId++, author: wholeAuthor, date: context.date } }, children: direct.joined(runs) });
  }
  return blockParagraph(kind, labelled, direct.joined(runs));
}

/** Top-level inline content: open tagged proposals as revisions, everything else in the convention. */
function revisionRuns(segments: readonly InlineSegment[], context: RevisionContext): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  for (const segment of segments) {
    if (segment.kind === "bracket" && segment.proposal.state === "open" && segment.proposal.by.length > 0) runs.push(...trackedProposal(segment, context));
    else if (segment.kind === "bracket" && segment.proposal.by.length === 0) {
      // An untagged bracket is disputed base text; the proposals inside it are still revisions.
      runs.push(context.styles.run("[", { bold: true }), ...revisionRuns(segment.children, context), context.styles.run("]", { bold: true }));
      if (segment.proposal.note) runs.push(context.styles.run(` (${segment.proposal.note})`, { italics: true }));
      if (segment.proposal.state !== "open") runs.push(context.styles.run(` ${segment.proposal.state}`, { bold: true }));
    } else runs.push(...conventionRuns([segment], context));
  }
  return runs;
}

/** One open proposal: its insertions and deletions as revisions by its proposer, in one bookmark. */
function trackedProposal(segment: BracketSegment, context: RevisionContext): ParagraphChild[] {
  const proposal = segment.proposal;
  const proposer = proposerOf(proposal.by)!;
  const author = nameOf(proposer, context);
  const ink: RunLook = inkOf(proposer);
  const children: ParagraphChild[] = [];
  for (const child of segment.children) {
    const op = child.kind !== "footnote" && child.op === "delete" ? "delete" : "insert";
    const make = tracked(op, author, context);
    const look: RunLook = { ...ink, ...(op === "delete" ? { strike: true } : { underline: {} }) };
    if (child.kind === "footnote") children.push(context.footnotes.reference(child.attrs));
    else if (child.kind === "text") {
      const emphasis = conventionRuns([child], context, make, look, true);
      children.push(...emphasis);
    } else children.push(...bracketRuns(child.proposal, child.children, context, make, op === "delete" ? { strike: true } : {}));
  }
  const bookmark = new Bookmark({ id: `${PROPOSAL_BOOKMARK}${bookmarkSafe(proposal.id)}`, children });
  return commented([bookmark], author, [coSponsors(proposal.by, context), proposal.note], context);
}

/** An id as a bookmark name may hold it (letters, digits, `_`), cut so the name stays within Word's 40 characters. */
function bookmarkSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 40 - PROPOSAL_BOOKMARK.length);
}

