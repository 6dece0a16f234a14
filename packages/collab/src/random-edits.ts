import {
  acceptProposal,
  rejectProposal,
  reopenProposal,
  setStatus,
  supportProposal,
  withdrawProposal,
} from "@accord/merge";
import { collectProposals, newId, PARAGRAPH_STATUSES, schema, type NegotiationDocument } from "@accord/schema";
import type { Random } from "@accord/schema/generate";
import type { Node } from "prosemirror-model";
import { Transform } from "prosemirror-transform";

const WORDS = ["security", "cooperation", "member", "states", "shall", "promote", "regional", "programs", "the", "and", "victims"];
const DELEGATIONS = ["URY", "BRA", "MEX", "ARG", "PER", "CAN"];

/** What a random edit did, for a failing seed's story. */
export interface RandomEdit {
  readonly kind: string;
  readonly document: NegotiationDocument;
}

function textPositions(doc: Node): number[] {
  const positions: number[] = [];
  doc.forEach((block, offset) => {
    for (let p = 0; p <= block.content.size; p++) positions.push(offset + 1 + p);
  });
  return positions;
}

function words(rnd: Random): string {
  const n = rnd.int(1, 3);
  return Array.from({ length: n }, () => rnd.pick(WORDS)).join(" ");
}

/**
 * One random edit of the kinds a negotiation sees: a chair typing or deleting
 * base text, a delegation proposing an insertion or a deletion, a new
 * paragraph, deciding, reopening or supporting a proposal, setting a status.
 * Returns null when the chosen edit does not apply (nothing to decide yet).
 */
export function randomEdit(document: NegotiationDocument, rnd: Random): RandomEdit | null {
  const doc = document.content;
  const kind = rnd.pick([
    "type",
    "type",
    "propose-insert",
    "propose-insert",
    "propose-delete",
    "delete",
    "paragraph",
    "decide",
    "decide",
    "reopen",
    "support",
    "status",
  ] as const);
  const tr = new Transform(doc);
  const positions = textPositions(doc);
  switch (kind) {
    case "type": {
      tr.insert(rnd.pick(positions), schema.text(`${words(rnd)} `));
      break;
    }
    case "propose-insert": {
      const at = rnd.pick(positions);
      const text = words(rnd);
      const mark = schema.marks.proposal!.create({ id: newId("r"), op: "insert", by: [rnd.pick(DELEGATIONS)] });
      tr.insert(at, schema.text(text, [mark]));
      break;
    }
    case "propose-delete":
    case "delete": {
      const from = rnd.pick(positions);
      const $from = doc.resolve(from);
      const end = $from.end();
      if (end <= from) return null;
      const to = Math.min(end, from + rnd.int(1, 12));
      if (kind === "delete") tr.delete(from, to);
      else {
        const mark = schema.marks.proposal!.create({ id: newId("r"), op: "delete", by: [rnd.pick(DELEGATIONS)] });
        tr.addMark(from, to, mark);
        // A footnote marker carries no marks (the model's rule): the proposal spans the text around it.
        tr.doc.nodesBetween(from, to, (node, pos) => {
          if (node.type.name === "footnote") tr.removeNodeMark(pos, mark);
        });
      }
      break;
    }
    case "paragraph": {
      const index = rnd.int(0, doc.childCount - 1);
      let pos = 0;
      for (let i = 0; i <= index; i++) pos += doc.child(i).nodeSize;
      tr.insert(pos, schema.nodes.paragraph!.create({ id: newId("p") }, schema.text(words(rnd))));
      break;
    }
    case "decide":
    case "reopen":
    case "support": {
      const proposals = collectProposals(doc);
      if (!proposals.length) return null;
      const id = rnd.pick(proposals).id;
      const result =
        kind === "reopen"
          ? reopenProposal(document, id)
          : kind === "support"
            ? supportProposal(document, id, rnd.pick(DELEGATIONS))
            : rnd.pick([acceptProposal, rejectProposal, withdrawProposal])(document, id);
      return result.ok ? { kind, document: result.document } : null;
    }
    case "status": {
      const blocks: string[] = [];
      doc.forEach((b) => blocks.push(b.attrs.id as string));
      const result = setStatus(document, rnd.pick(blocks), rnd.pick(PARAGRAPH_STATUSES), { date: "2026-11-25" });
      return result.ok ? { kind, document: result.document } : null;
    }
  }
  if (!tr.docChanged) return null;
  return { kind, document: document.withContent(tr.doc) };
}
