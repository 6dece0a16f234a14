import { optionPathOf, type ParagraphAttrs } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { headingPath } from "../describe.js";

/** One line of the concordance table: a numbered paragraph's old label and new number. */
export interface ConcordanceRow {
  /** Paragraph id. */
  readonly id: string;
  /** The label as negotiated: `1bis.`, `5 bis alt.`. */
  readonly old: string;
  /** The label in the clean version, or "" when the paragraph was deleted or moved. */
  readonly new: string;
  readonly change: "unchanged" | "renumbered" | "new" | "deleted" | "moved";
  /** Where it stood, for labels that repeat: “Objective 1.2 › Actions”. */
  readonly section: string;
}

const NUMBERED = /^\(?(\d+)(.*?)([.)]?)$/;

/** The number and form of a label: `1bis.` → 1, "bis", "."; `(3)` → 3, "", ")" with an opening "(". */
function parseLabel(label: string): { base: number; suffix: string; open: string; close: string } | null {
  const m = NUMBERED.exec(label.trim());
  if (!m) return null;
  return { base: Number(m[1]), suffix: m[2]!.trim(), open: label.trim().startsWith("(") ? "(" : "", close: m[3] ?? "" };
}

/**
 * Gives the kept operative paragraphs the numbers 1, 2, 3 … in the form their
 * labels were written (`1.`, `1)`, `(1)`), starting again where the negotiated
 * numbering starts again (an objective's actions, a new part) — read from the
 * original labels, so `1bis.` before `1.` starts no new series. A proposed
 * paragraph still open keeps its label and takes no number. `original` is the
 * document before cleaning, to see the numbering as negotiated.
 */
export function renumber(original: Node, kept: readonly Node[]): { blocks: Node[]; concordance: ConcordanceRow[] } {
  // Where the negotiated numbering starts again, by paragraph id.
  const startsSeries = new Set<string>();
  let previous: { base: number; suffix: string } | null = null;
  original.forEach((block) => {
    if (block.type.name !== "paragraph") return;
    const attrs = block.attrs as ParagraphAttrs;
    if (attrs.kind !== "operative") return;
    // An option's paragraphs number themselves (`Option 2:` `1.` `2.`): they start no series of the text's.
    if (attrs.optionPath) return;
    const parsed = parseLabel(attrs.label);
    if (!parsed) return;
    // Numbering starts again at 1 (an objective's actions): "1." or "1bis." after a higher
    // number, or "1." again after "1.". "1." after "1bis." does not, nor does a paragraph
    // moved out of order ("4." after "5 bis.").
    const restarts =
      !previous ||
      (parsed.base === 1 && (previous.base > 1 || (!parsed.suffix && !previous.suffix)));
    if (restarts) startsSeries.add(attrs.id);
    previous = parsed;
  });

  const keptIds = new Set(kept.map((b) => b.attrs.id as string));

  const concordance: ConcordanceRow[] = [];
  const newLabels = new Map<string, string>();
  let next = 0;
  original.forEach((block, _offset, index) => {
    if (block.type.name !== "paragraph") return;
    const attrs = block.attrs as ParagraphAttrs;
    if (attrs.kind !== "operative") return;
    // Paragraphs of an option not chosen (undecided, or gone with another's choice) keep the numbers they have in it;
    // those of a chosen option are the text's and take its numbers.
    if (optionPathOf(block).some((step) => step.state !== "accepted")) return;
    const parsed = parseLabel(attrs.label);
    if (startsSeries.has(attrs.id)) next = 0;
    if (!parsed) return;
    const section = headingPath(original, index).join(" › ");
    if (!keptIds.has(attrs.id)) {
      // "4. (This paragraph was moved to …)": a place-holder left behind, not a deletion.
      const moved = block.content.size === 0 && /\bmoved\b/i.test(attrs.note);
      concordance.push({ id: attrs.id, old: attrs.label, new: "", change: moved ? "moved" : "deleted", section });
      return;
    }
    const stillProposed = (attrs.proposedBy.length > 0 || attrs.alternativeTo !== "") && attrs.proposalState === "open";
    if (stillProposed) return;
    next++;
    const label = `${parsed.open}${next}${parsed.close || "."}`;
    newLabels.set(attrs.id, label);
    const change = parsed.suffix ? "new" : parsed.base === next && label === attrs.label ? "unchanged" : "renumbered";
    concordance.push({ id: attrs.id, old: attrs.label, new: label, change, section });
  });

  const blocks = kept.map((block) => {
    const label = newLabels.get(block.attrs.id as string);
    return label === undefined ? block : block.type.create({ ...block.attrs, label }, block.content);
  });
  return { blocks, concordance };
}
