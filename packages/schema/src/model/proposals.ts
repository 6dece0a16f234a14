import type { Mark, Node } from "prosemirror-model";
import type { ChoiceStyle, ProposalAttrs, ProposalOp, ProposalState } from "./proposal.js";

/** One span of a proposal: a run of text carrying its mark. */
export interface ProposalSpan {
  readonly op: ProposalOp;
  /** Document positions of the span. */
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** A proposal (one bracket) gathered from the document with all its spans. */
export interface ProposalInfo {
  readonly id: string;
  readonly by: readonly string[];
  readonly note: string;
  readonly state: ProposalState;
  /** Its choice group ("" when none) and how that group is written. */
  readonly choice: string;
  readonly choiceStyle: ChoiceStyle;
  /** Delegations' positions and the attribution's form, as stored (`readPositions` reads it). */
  readonly positions: string;
  /** The bracket spanning paragraphs it is a part of (its first part's id), "" for none (spans.ts). */
  readonly span: string;
  /** Id of the block holding the proposal. */
  readonly blockId: string;
  /** Index of that block in the document. */
  readonly blockIndex: number;
  /** Spans in document order. */
  readonly spans: readonly ProposalSpan[];
  /** Start of the first span and end of the last one. */
  readonly from: number;
  readonly to: number;
}

/** The `proposal` marks of a text node, outermost (first added) first. */
export function proposalMarks(marks: readonly Mark[]): Mark[] {
  return marks.filter((m) => m.type.name === "proposal");
}

/** A proposal mark's attributes, typed. */
export function proposalAttrs(mark: Mark): ProposalAttrs {
  return mark.attrs as ProposalAttrs;
}

/**
 * Every inline proposal in the document, in order of first appearance. Spans
 * of one id may lie apart (a nested bracket or a footnote between them); a
 * proposal never spans two blocks — the importer and the editor keep it so.
 */
export function collectProposals(doc: Node): ProposalInfo[] {
  const byId = new Map<string, { info: Omit<ProposalInfo, "spans" | "from" | "to">; spans: ProposalSpan[] }>();
  doc.forEach((block, offset, blockIndex) => {
    block.forEach((child, childOffset) => {
      if (!child.isText) return;
      const from = offset + 1 + childOffset;
      for (const mark of proposalMarks(child.marks)) {
        const attrs = proposalAttrs(mark);
        let entry = byId.get(attrs.id);
        if (!entry) {
          entry = {
            info: { id: attrs.id, by: attrs.by, note: attrs.note, state: attrs.state, choice: attrs.choice, choiceStyle: attrs.choiceStyle, positions: attrs.positions, span: attrs.span, blockId: block.attrs.id as string, blockIndex },
            spans: [],
          };
          byId.set(attrs.id, entry);
        }
        const last = entry.spans[entry.spans.length - 1];
        if (last && last.to === from && last.op === attrs.op) {
          entry.spans[entry.spans.length - 1] = { ...last, to: from + child.nodeSize, text: last.text + child.text };
        } else {
          entry.spans.push({ op: attrs.op, from, to: from + child.nodeSize, text: child.text ?? "" });
        }
      }
    });
  });
  return [...byId.values()].map(({ info, spans }) => ({
    ...info,
    spans,
    from: spans[0]!.from,
    to: spans[spans.length - 1]!.to,
  }));
}
