import { byChoice, collectOptionGroups, isNegotiatedParagraph, isUndecidedChoice, isUndecidedOptionGroup, PARAGRAPH_STATUSES, type ParagraphKind, type ParagraphStatus } from "@accord/schema";
import type { Node } from "prosemirror-model";

/** One line of the outline: a heading or a paragraph, as the outline and the progress count read it. */
export interface OutlineEntry {
  readonly kind: "heading" | "paragraph";
  readonly id: string;
  /** The negotiating number ("5 bis alt."), or empty. */
  readonly label: string;
  /** The first words of the block's text. */
  readonly excerpt: string;
  readonly status: ParagraphStatus;
  readonly statusDate: string;
  readonly statusBody: string;
  /** Open proposals in the block: its open brackets, and the block itself when it is an open whole-paragraph proposal or alternative. */
  readonly openProposals: number;
  /** Delegations proposing the whole paragraph; empty for base text. */
  readonly proposedBy: readonly string[];
  /** The paragraph this one is an alternative to, or empty. */
  readonly alternativeTo: string;
  /** A negotiated paragraph (not a heading, not a note such as "(Prepared by the Chair …)"): what the progress counts. */
  readonly negotiated: boolean;
}

/** Where the negotiation stands, counted as `GET /api/documents` counts it. */
export interface OutlineProgress {
  readonly paragraphs: number;
  /** Agreed informally, agreed ad referendum or approved. */
  readonly agreed: number;
  /** Deleted informally or ad referendum. */
  readonly deleted: number;
  /** Open proposals in the whole document, each counted once. */
  readonly openProposals: number;
  /** Paragraphs (not headings) by status. */
  readonly byStatus: Readonly<Record<ParagraphStatus, number>>;
}

/** The outline of a document: its blocks in order and the progress of the negotiation. */
export interface Outline {
  readonly entries: readonly OutlineEntry[];
  readonly progress: OutlineProgress;
}

/** The statuses that count as agreed in the progress bar and the documents list. */
export function isAgreedStatus(status: ParagraphStatus): boolean {
  return status === "agreed-informally" || status === "agreed-ad-referendum" || status === "approved";
}

const EXCERPT_WORDS = 10;
const EXCERPT_CHARS = 80;

/** The first words of a text, cut at a word and marked with "…" when shortened; never fails. */
export function firstWords(text: string, words = EXCERPT_WORDS, chars = EXCERPT_CHARS): string {
  const all = text.trim().split(/\s+/).filter(Boolean);
  let excerpt = all.slice(0, words).join(" ");
  let cut = all.length > words;
  if (excerpt.length > chars) {
    const at = excerpt.lastIndexOf(" ", chars);
    excerpt = excerpt.slice(0, at > chars / 2 ? at : chars);
    cut = true;
  }
  return cut ? `${excerpt}…` : excerpt;
}

// ProseMirror nodes are immutable and y-prosemirror keeps the nodes of blocks
// a change did not touch, so an entry computed once per node makes every
// later outline cost a lookup per block.
const entries = new WeakMap<Node, OutlineEntry>();

/** The outline entry of a heading or paragraph node; throws a TypeError for any other node (a caller's bug). */
export function outlineEntry(block: Node): OutlineEntry {
  let entry = entries.get(block);
  if (entry) return entry;
  const type = block.type.name;
  if (type !== "heading" && type !== "paragraph") throw new TypeError(`a ${type} is not a block of the outline`);
  const attrs = block.attrs;
  const proposedBy = (attrs.proposedBy as readonly string[] | undefined) ?? [];
  const alternativeTo = (attrs.alternativeTo as string | undefined) ?? "";
  const wholeParagraphOpen = type === "paragraph" && (proposedBy.length > 0 || alternativeTo !== "") && attrs.proposalState === "open";
  entry = Object.freeze({
    kind: type,
    id: attrs.id as string,
    label: (attrs.label as string | undefined) ?? "",
    excerpt: firstWords(block.textContent),
    status: attrs.status as ParagraphStatus,
    statusDate: attrs.statusDate as string,
    statusBody: attrs.statusBody as string,
    openProposals: openBracketsIn(block) + (wholeParagraphOpen ? 1 : 0),
    proposedBy,
    alternativeTo,
    negotiated: type === "paragraph" && isNegotiatedParagraph({ kind: attrs.kind as ParagraphKind }),
  });
  entries.set(block, entry);
  return entry;
}

/**
 * Distinct open bracketed proposals in a block; a proposal some variant of
 * which is decided counts as decided, as reading the document reconciles it.
 * A group of alternatives (`[shall][should]`) counts once, open while none of
 * its options is accepted and one is open, as `negotiationStats` counts it.
 */
function openBracketsIn(block: Node): number {
  const proposals = new Map<string, { readonly choice: string; state: string }>();
  block.forEach((child) => {
    for (const mark of child.marks) {
      if (mark.type.name !== "proposal") continue;
      const id = mark.attrs.id as string;
      const known = proposals.get(id);
      // A proposal is open while every variant is; accepted when one is.
      const state = mark.attrs.state as string;
      if (!known) proposals.set(id, { choice: (mark.attrs.choice as string | undefined) ?? "", state });
      else if (known.state === "open" || state === "accepted") known.state = state;
    }
  });
  let count = 0;
  for (const proposal of proposals.values()) if (!proposal.choice && proposal.state === "open") count++;
  for (const options of byChoice(proposals.values()).values()) if (isUndecidedChoice(options)) count++;
  return count;
}

/**
 * The outline of a document: an entry per block and the progress counts
 * (the same as the server's documents list). Cheap on a document whose
 * blocks were mostly seen before (entries are kept per node).
 */
export function buildOutline(doc: Node): Outline {
  const list: OutlineEntry[] = [];
  const byStatus = Object.fromEntries(PARAGRAPH_STATUSES.map((s) => [s, 0])) as Record<ParagraphStatus, number>;
  let paragraphs = 0;
  // An option group still undecided is one open proposal, as negotiationStats counts it.
  let openProposals = collectOptionGroups(doc).filter(isUndecidedOptionGroup).length;
  doc.forEach((block) => {
    const entry = outlineEntry(block);
    list.push(entry);
    openProposals += entry.openProposals;
    if (!entry.negotiated) return;
    paragraphs++;
    byStatus[entry.status]++;
  });
  return {
    entries: list,
    progress: {
      paragraphs,
      agreed: byStatus["agreed-informally"] + byStatus["agreed-ad-referendum"] + byStatus.approved,
      deleted: byStatus["deleted-informally"] + byStatus["deleted-ad-referendum"],
      openProposals,
      byStatus,
    },
  };
}
