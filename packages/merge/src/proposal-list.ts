import {
  bySpan,
  collectProposals,
  type NegotiationDocument,
  type ParagraphAttrs,
  type ParagraphStatus,
  type ProposalOp,
  type ProposalState,
  readPositions,
  type Stance,
  type StatusAttrs,
} from "@accord/schema";

/**
 * One proposal of a document, as `GET /api/documents/:id/proposals` returns it
 * and `accord proposals --json` prints it. Clients and scripts depend on this
 * shape: add keys, never rename or remove them.
 */
export interface ProposalEntry {
  /** What the operations take: the bracket's id (`b4`), or the paragraph's id for a whole paragraph. */
  readonly id: string;
  /** A bracket in the text, a proposed paragraph, or an alternative to another paragraph. */
  readonly kind: "inline" | "paragraph" | "alternative";
  readonly state: ProposalState;
  /** The proposing delegations, with their names from the registry (the code when it has none); empty for an untagged bracket. */
  readonly by: readonly { readonly code: string; readonly name: string }[];
  /** A bracket's operations in order (`delete`, `insert` for a replacement); empty for a paragraph. */
  readonly ops: readonly ProposalOp[];
  /** For an alternative, the id of the paragraph it is an alternative to; otherwise "". */
  readonly alternativeTo: string;
  /** The block holding the proposal (the paragraph itself for a whole paragraph), its label ("" for a heading) and its status. */
  readonly block: { readonly id: string; readonly type: "paragraph" | "heading"; readonly label: string; readonly status: ParagraphStatus };
  /** The nearest heading above that block, on one line, or "". */
  readonly heading: string;
  /**
   * The whole text of the proposal: a paragraph's text, or a bracket's spans
   * with deletions written `~~like this~~` and a replacement as the
   * convention writes it, `~~old~~ new`; a bracket spanning paragraphs, its
   * parts' texts joined by ` ¶ `.
   */
  readonly text: string;
  /** The note after the bracket or on the paragraph, or "". */
  readonly note: string;
  /** Delegations' positions on a bracket in the order stated (`delete`, `retain`, `reserve`, `oppose`, `support`: the stance, however the draft spelled it), named as `by` is; empty for a paragraph. */
  readonly positions: readonly { readonly code: string; readonly name: string; readonly stance: Stance }[];
}

/**
 * Every proposal of a document in document order, a proposed paragraph
 * before the brackets inside it, a bracket spanning paragraphs once (its
 * parts' texts joined by ` ¶ `): the bracketed proposals (`collectProposals`)
 * and the paragraphs proposed by a delegation or offered as an alternative to
 * another, each with its delegations, operations, block and the heading above.
 * Never fails: a document without proposals gives [], and a delegation code
 * missing from the registry is named by its code.
 */
export function listProposals(document: NegotiationDocument): ProposalEntry[] {
  const places: { block: ProposalEntry["block"]; heading: string }[] = [];
  let heading = "";
  document.content.forEach((node) => {
    const type = node.type.name === "heading" ? "heading" : "paragraph";
    const label = type === "paragraph" ? (node.attrs as ParagraphAttrs).label : "";
    places.push({ block: { id: node.attrs.id as string, type, label, status: (node.attrs as StatusAttrs).status }, heading });
    if (type === "heading") heading = node.textContent.replace(/\s+/g, " ").trim();
  });
  const who = (codes: readonly string[]) => codes.map((code) => ({ code, name: document.registry.get(code)?.name ?? code }));

  const entries: { order: [number, number]; entry: ProposalEntry }[] = [];
  document.content.forEach((node, _pos, index) => {
    if (node.type.name !== "paragraph") return;
    const attrs = node.attrs as ParagraphAttrs;
    if (!attrs.proposedBy.length && !attrs.alternativeTo) return;
    entries.push({
      order: [index, -1],
      entry: {
        id: attrs.id,
        kind: attrs.alternativeTo ? "alternative" : "paragraph",
        state: attrs.proposalState,
        by: who(attrs.proposedBy),
        ops: [],
        alternativeTo: attrs.alternativeTo,
        ...places[index]!,
        text: node.textContent,
        note: attrs.note,
        positions: [],
      },
    });
  });
  const proposals = collectProposals(document.content);
  const spans = bySpan(proposals);
  proposals.forEach((proposal, n) => {
    // A bracket spanning paragraphs is one entry, at its first part, its parts' texts a paragraph sign apart.
    if (proposal.span && proposal.span !== proposal.id) return;
    const ops: ProposalOp[] = [];
    const texts: string[] = [];
    for (const part of spans.get(proposal.span) ?? [proposal]) {
      let text = "";
      let previous: ProposalOp | null = null;
      for (const span of part.spans) {
        if (!ops.includes(span.op)) ops.push(span.op);
        // A replacement reads as the convention writes it: `~~old~~ new`.
        if (previous !== null && previous !== span.op) text += " ";
        text += span.op === "delete" ? `~~${span.text}~~` : span.text;
        previous = span.op;
      }
      texts.push(text);
    }
    const text = texts.join(" ¶ ");
    entries.push({
      order: [proposal.blockIndex, n],
      entry: {
        id: proposal.id,
        kind: "inline",
        state: proposal.state,
        by: who(proposal.by),
        ops,
        alternativeTo: "",
        ...places[proposal.blockIndex]!,
        text,
        note: proposal.note,
        positions: readPositions(proposal.positions).positions.map(({ delegation, stance }) => ({ ...who([delegation])[0]!, stance })),
      },
    });
  });
  entries.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  return entries.map((e) => e.entry);
}
