import { collectProposals, schema, type ProposalOp } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { firstWords } from "./outline-model.js";

/** A piece of a proposal's text: what it inserts, deletes or brackets. */
export interface ExcerptPiece {
  readonly op: ProposalOp;
  readonly text: string;
}

/** An open proposal as the proposals panel lists it. */
export interface ProposalItem {
  /** What `scrollTo` takes: `{ proposal: id }` for a bracket, `{ block: id }` for a whole paragraph. */
  readonly target: { readonly proposal: string } | { readonly block: string };
  /** The proposal's id (a bracket's id, or the paragraph's id for a whole-paragraph proposal). */
  readonly id: string;
  readonly kind: "inline" | "paragraph" | "alternative";
  /** Sponsors, first the delegation that made it; empty for disputed base text. */
  readonly by: readonly string[];
  readonly note: string;
  readonly blockId: string;
  /** The label of the block it stands in ("5 bis"), or empty. */
  readonly blockLabel: string;
  /** The first words of that block, to name it when it has no label. */
  readonly blockExcerpt: string;
  readonly blockKind: "heading" | "paragraph";
  /** The proposal's text, shortened; deletions and insertions kept apart. */
  readonly excerpt: readonly ExcerptPiece[];
}

/** The open proposals of one delegation (`code` "" for untagged brackets), in document order. */
export interface ProposalGroup {
  readonly code: string;
  readonly items: readonly ProposalItem[];
}

const EXCERPT_CHARS = 90;
const NO_ITEMS: readonly ProposalItem[] = Object.freeze([]);

// Kept per block node (immutable, and kept by y-prosemirror when untouched),
// so that a keystroke re-reads one block, not the document.
const itemsOfBlock = new WeakMap<Node, readonly ProposalItem[]>();

/** The open proposals in one heading or paragraph node, bracketed ones first in order of appearance; never fails on a valid block. */
export function openProposalsIn(block: Node): readonly ProposalItem[] {
  const cached = itemsOfBlock.get(block);
  if (cached) return cached;
  const blockId = block.attrs.id as string;
  const blockLabel = (block.attrs.label as string | undefined) ?? "";
  const blockExcerpt = firstWords(block.textContent, 5, 40);
  const blockKind = block.type.name === "heading" ? "heading" : "paragraph";
  const where = { blockId, blockLabel, blockExcerpt, blockKind } as const;
  const items: ProposalItem[] = [];

  // Within one block, document positions do not matter: read it as a one-block document.
  const decided = decidedIds(block);
  for (const proposal of collectProposals(schema.topNodeType.create(null, block))) {
    if (proposal.state !== "open" || decided.has(proposal.id)) continue;
    items.push({
      target: { proposal: proposal.id },
      id: proposal.id,
      kind: "inline",
      by: proposal.by,
      note: proposal.note,
      ...where,
      excerpt: shorten(proposal.spans.map((span) => ({ op: span.op, text: span.text }))),
    });
  }
  const proposedBy = (block.attrs.proposedBy as readonly string[] | undefined) ?? [];
  const alternativeTo = (block.attrs.alternativeTo as string | undefined) ?? "";
  if (blockKind === "paragraph" && (proposedBy.length || alternativeTo) && block.attrs.proposalState === "open") {
    items.unshift({
      target: { block: blockId },
      id: blockId,
      kind: alternativeTo ? "alternative" : "paragraph",
      by: proposedBy,
      note: "",
      ...where,
      excerpt: [{ op: "insert", text: firstWords(block.textContent, 14, EXCERPT_CHARS) }],
    });
  }
  const result = items.length ? Object.freeze(items) : NO_ITEMS;
  itemsOfBlock.set(block, result);
  return result;
}

/** Ids of which some mark is decided: concurrent edits can leave two marks of one proposal, and reading reconciles them so that a decision wins. */
function decidedIds(block: Node): Set<string> {
  const decided = new Set<string>();
  block.forEach((child) => {
    for (const mark of child.marks) if (mark.type.name === "proposal" && mark.attrs.state !== "open") decided.add(mark.attrs.id as string);
  });
  return decided;
}

/** Cuts the pieces to about EXCERPT_CHARS characters in all, marking the cut with "…". */
function shorten(pieces: readonly ExcerptPiece[]): ExcerptPiece[] {
  const out: ExcerptPiece[] = [];
  let left = EXCERPT_CHARS;
  for (const piece of pieces) {
    if (left <= 0) break;
    const text = piece.text.length > left ? `${piece.text.slice(0, left).trimEnd()}…` : piece.text;
    left -= piece.text.length;
    out.push({ op: piece.op, text });
  }
  return out;
}

/** Every open proposal of a document, in document order. */
export function openProposals(doc: Node): ProposalItem[] {
  const all: ProposalItem[] = [];
  doc.forEach((block) => {
    for (const item of openProposalsIn(block)) all.push(item);
  });
  return all;
}

/**
 * Open proposals grouped by delegation: a co-sponsored proposal is listed
 * under each of its sponsors, untagged brackets under "". Groups come in the
 * order of `nameOf(code)` (by default the code), untagged last; items in
 * document order.
 */
export function groupByDelegation(items: readonly ProposalItem[], nameOf: (code: string) => string = (code) => code): ProposalGroup[] {
  const groups = new Map<string, ProposalItem[]>();
  for (const item of items) {
    for (const code of item.by.length ? item.by : [""]) {
      let list = groups.get(code);
      if (!list) groups.set(code, (list = []));
      list.push(item);
    }
  }
  const collator = new Intl.Collator(undefined, { sensitivity: "base" });
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : collator.compare(nameOf(a), nameOf(b)) || collator.compare(a, b)))
    .map(([code, list]) => ({ code, items: list }));
}
