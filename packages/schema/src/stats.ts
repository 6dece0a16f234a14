import type { Node } from "prosemirror-model";
import { isNegotiatedParagraph, type ParagraphAttrs } from "./model/paragraph.js";
import { collectChoices, isUndecidedChoice } from "./alternatives/choices.js";
import { countPositions, type PositionCounts } from "./model/positions.js";
import { collectProposals } from "./model/proposals.js";
import { collectOptionGroups, countOptionGroups, isUndecidedOptionGroup, type OptionGroupCounts } from "./alternatives/options.js";
import { PARAGRAPH_STATUSES, type ParagraphStatus } from "./model/status.js";

/**
 * Where a negotiation stands: paragraphs by status and open proposals by
 * delegation. Scripts depend on this shape (`accord stats --json`).
 */
export interface NegotiationStats {
  readonly paragraphs: {
    readonly total: number;
    readonly byStatus: Readonly<Record<ParagraphStatus, number>>;
  };
  readonly headings: {
    readonly total: number;
  };
  /** Notes that are not negotiated ("(Prepared by the Chair …)"): not among `paragraphs`. */
  readonly notes: {
    readonly total: number;
  };
  readonly proposals: {
    /** Open proposals, each counted once. */
    readonly open: number;
    /** Open proposals per delegation code; `""` for untagged brackets. A co-sponsored proposal counts under each sponsor. */
    readonly byDelegation: Readonly<Record<string, number>>;
    /** Every proposal whatever its state, each counted once. */
    readonly total: number;
  };
  /**
   * Choice groups (`[shall][should]`): each is one proposal above, not one per option — open while none of its
   * options is accepted and one is still open, under each delegation with an open option (`""` for untagged ones).
   */
  readonly choices: {
    readonly total: number;
    /** Not chosen yet, with an open option. */
    readonly open: number;
    /** One option accepted. */
    readonly chosen: number;
  };
  /**
   * Option groups (`Option 1:` … `Option 2: No text`): each is one proposal above, untagged (`""`), open while
   * undecided (`isUndecidedOptionGroup`); with their options, those with no text and the groups nested in an option.
   */
  readonly optionGroups: OptionGroupCounts;
  /** Delegations' positions on proposals (`[text - G77; EU delete]`), whatever the proposal's state. */
  readonly positions: PositionCounts;
}

/**
 * Counts a document. A whole-paragraph proposal counts as one proposal of its
 * delegations; an alternative with no delegation counts under `""`. Notes are
 * counted apart from paragraphs (their brackets, if any, still count). A
 * choice group counts as one proposal, open while it is not chosen and one
 * of its options is open; so does a bracket spanning paragraphs, whatever
 * the number of its parts.
 */
export function negotiationStats(doc: Node): NegotiationStats {
  const byStatus = Object.fromEntries(PARAGRAPH_STATUSES.map((s) => [s, 0])) as Record<ParagraphStatus, number>;
  const byDelegation: Record<string, number> = {};
  let paragraphs = 0;
  let headings = 0;
  let notes = 0;
  let open = 0;
  let total = 0;
  const count = (by: readonly string[]) => {
    open++;
    for (const code of by.length ? by : [""]) byDelegation[code] = (byDelegation[code] ?? 0) + 1;
  };

  doc.forEach((block) => {
    if (block.type.name === "heading") {
      headings++;
      return;
    }
    const attrs = block.attrs as ParagraphAttrs;
    if (!isNegotiatedParagraph(attrs)) notes++;
    else {
      paragraphs++;
      byStatus[attrs.status]++;
    }
    if (attrs.proposedBy.length || attrs.alternativeTo) {
      total++;
      if (attrs.proposalState === "open") count(attrs.proposedBy);
    }
  });
  const proposals = collectProposals(doc);
  // A bracket spanning paragraphs is one proposal, its first part (spans.ts): its other parts count nowhere.
  const counted = proposals.filter((proposal) => !proposal.span || proposal.span === proposal.id);
  for (const proposal of counted) {
    if (proposal.choice) continue;
    total++;
    if (proposal.state === "open") count(proposal.by);
  }
  const choices = { total: 0, open: 0, chosen: 0 };
  for (const group of collectChoices(doc, proposals)) {
    total++;
    choices.total++;
    if (group.chosen) choices.chosen++;
    else if (isUndecidedChoice(group.options)) {
      choices.open++;
      // Each delegation with an open option once, untagged options under "".
      const open = group.options.filter((option) => option.state === "open");
      count([...new Set(open.flatMap((option) => (option.by.length ? option.by : [""])))]);
    }
  }
  const optionGroups = collectOptionGroups(doc);
  for (const group of optionGroups) {
    total++;
    if (isUndecidedOptionGroup(group)) count([]);
  }
  // Most open proposals first, then by code, so reports and JSON read the same every time.
  const sorted = Object.fromEntries(
    Object.entries(byDelegation).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)),
  );
  const positions = countPositions(counted.map((proposal) => proposal.positions));
  return { paragraphs: { total: paragraphs, byStatus }, headings: { total: headings }, notes: { total: notes }, proposals: { open, byDelegation: sorted, total }, choices, optionGroups: countOptionGroups(optionGroups), positions };
}

/** Where a negotiation stands, in four numbers, for the list of documents. */
export interface NegotiationProgress {
  readonly paragraphs: number;
  /** Agreed informally, agreed ad referendum or approved. */
  readonly agreed: number;
  /** Deleted informally or ad referendum. */
  readonly deleted: number;
  readonly openProposals: number;
}

/** Where a negotiation stands, from its statistics: the one count of "agreed" for every view (API, outline). */
export function negotiationProgress(stats: NegotiationStats): NegotiationProgress {
  const s = stats.paragraphs.byStatus;
  return {
    paragraphs: stats.paragraphs.total,
    agreed: s["agreed-informally"] + s["agreed-ad-referendum"] + s.approved,
    deleted: s["deleted-informally"] + s["deleted-ad-referendum"],
    openProposals: stats.proposals.open,
  };
}
