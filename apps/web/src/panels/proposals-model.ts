import { collectChoices, collectProposals, isUndecidedChoice, mayAct, schema, type Member, type ParagraphStatus, type Position, type ProposalInfo, type ProposalOp } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { firstWords } from "./outline-model.js";
import { positionsOf } from "./positions-model.js";
import { openOptionGroupItems } from "./option-groups-model.js";

/** A piece of a proposal's text: what it inserts, deletes or brackets. */
export interface ExcerptPiece {
  readonly op: ProposalOp;
  readonly text: string;
}

/** One option of a choice group as the panel lists it: its proposal, sponsors, note and text. */
export interface ChoiceOptionItem {
  readonly id: string;
  readonly by: readonly string[];
  readonly note: string;
  readonly text: string;
}

/** An open proposal, or an open choice group or option group (one item for all its options), as the proposals panel lists it. */
export interface ProposalItem {
  /** What `scrollTo` takes: `{ proposal: id }` for a bracket, `{ block: id }` for a whole paragraph. */
  readonly target: { readonly proposal: string } | { readonly block: string };
  /** The proposal's id (a bracket's id, the paragraph's id for a whole-paragraph proposal, its first option's id for a choice group). */
  readonly id: string;
  readonly kind: "inline" | "paragraph" | "alternative" | "choice";
  /** Sponsors, first the delegation that made it; empty for disputed base text. For a choice group, every sponsor of an open option. */
  readonly by: readonly string[];
  /** A choice group's open options in document order (two or more); empty for any other item. */
  readonly options: readonly ChoiceOptionItem[];
  readonly note: string;
  readonly blockId: string;
  /** The label of the block it stands in ("5 bis"), or empty. */
  readonly blockLabel: string;
  /** The first words of that block, to name it when it has no label. */
  readonly blockExcerpt: string;
  readonly blockKind: "heading" | "paragraph";
  /** The proposal's text, shortened; deletions and insertions kept apart. */
  readonly excerpt: readonly ExcerptPiece[];
  /** Delegations' positions on a bracket, in the order stated; left out for other items. */
  readonly positions?: readonly Position[];
  /** The status of the paragraph a bracket stands in (what `mayAct` asks before a position is offered). */
  readonly blockStatus?: ParagraphStatus;
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
  const isOpen = (proposal: ProposalInfo) => proposal.state === "open" && !decided.has(proposal.id);
  const oneBlock = schema.topNodeType.create(null, block);
  const proposals = collectProposals(oneBlock);
  // A group is one item, where its first option stands; open while none of its options is accepted and one is open (as negotiationStats counts it).
  const choiceAt = new Map<string, ProposalItem>();
  for (const group of collectChoices(oneBlock, proposals)) {
    if (!isUndecidedChoice(group.options, isOpen)) continue;
    const open = group.options.filter(isOpen);
    const options = open.map((o) => ({ id: o.id, by: o.by, note: o.note, text: o.spans.map((span) => span.text).join("") }));
    choiceAt.set(open[0]!.id, {
      target: { proposal: open[0]!.id },
      id: open[0]!.id,
      kind: "choice",
      by: [...new Set(open.flatMap((o) => o.by))],
      options,
      note: "",
      ...where,
      excerpt: shorten([{ op: "insert", text: `Choice: ${options.map((o) => o.text).join(" / ")}` }]),
    });
  }
  for (const proposal of proposals) {
    if (proposal.choice) {
      const choice = choiceAt.get(proposal.id);
      if (choice) items.push(choice);
      continue;
    }
    if (!isOpen(proposal)) continue;
    items.push({
      target: { proposal: proposal.id },
      id: proposal.id,
      kind: "inline",
      by: proposal.by,
      options: [],
      note: proposal.note,
      ...where,
      excerpt: shorten(proposal.spans.map((span) => ({ op: span.op, text: span.text }))),
      positions: positionsOf(proposal.positions),
      blockStatus: (block.attrs.status as ParagraphStatus | undefined) ?? "open",
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
      options: [],
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

/** Every open proposal of a document, in document order; an option group still undecided where its first block stands. */
export function openProposals(doc: Node): ProposalItem[] {
  const all: ProposalItem[] = [];
  const optionGroups = openOptionGroupItems(doc);
  doc.forEach((block, _offset, index) => {
    for (const item of optionGroups.get(index) ?? []) all.push(item);
    for (const item of openProposalsIn(block)) all.push(item);
  });
  return all;
}

/** True when the panel offers this member a Choose control on a choice group's options: `mayAct`'s answer for choosing (the server decides again). No member, no control. */
export function offersChoice(member: Member | undefined): boolean {
  return member !== undefined && mayAct(member, "choose").ok;
}

/** The delegations an item is listed under: its sponsors, or "" when untagged; a choice group under each delegation with an open option, and "" when one of them is untagged. */
export function listedUnder(item: ProposalItem): readonly string[] {
  if (item.kind === "choice") return [...new Set(item.options.flatMap((o) => (o.by.length ? o.by : [""])))];
  return item.by.length ? item.by : [""];
}

/**
 * Open proposals grouped by delegation: a co-sponsored proposal is listed
 * under each of its sponsors, untagged brackets under "" (`listedUnder`). Groups come in the
 * order of `nameOf(code)` (by default the code), untagged last; items in
 * document order.
 */
export function groupByDelegation(items: readonly ProposalItem[], nameOf: (code: string) => string = (code) => code): ProposalGroup[] {
  const groups = new Map<string, ProposalItem[]>();
  for (const item of items) {
    for (const code of listedUnder(item)) {
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
