import { blockName } from "@accord/merge";
import { isProposer, type ParagraphAttrs, type ProposalAttrs } from "@accord/schema";
import type { Node } from "prosemirror-model";

/** A run of text the page showed that the server's document does not have, and where it was. */
export interface UnkeptText {
  /** The block as the record names it ("paragraph 4 under “Objective 1”"). */
  readonly where: string;
  readonly text: string;
}

/**
 * What of a member's own writing the page showed (`shown`) that `kept` (the
 * server's document, read after it refused an edit) does not have: for each
 * block of `shown` whose text differs from the block of the same id in
 * `kept` (or that `kept` lacks), the runs, in the part that differs, of text
 * the member could have typed there — the insertions of `delegation` and the
 * paragraphs it proposed, or any text when `delegation` is "" (the chair, or
 * the secretariat typing base text). In document order; runs of white space
 * only are left out. Someone else's text the server no longer has (a
 * proposal rejected meanwhile) is not the member's loss and is not listed.
 */
export function unkeptText(shown: Node, kept: Node, delegation: string): UnkeptText[] {
  const keptTexts = new Map<string, string>();
  kept.forEach((block) => keptTexts.set(block.attrs.id as string, block.textContent));
  const runs: UnkeptText[] = [];
  shown.forEach((block, _pos, index) => {
    const text = block.textContent;
    const other = keptTexts.get(block.attrs.id as string);
    if (other === text) return;
    const [from, to] = other === undefined ? [0, text.length] : differingPart(text, other);
    const wholeBlockOwn = delegation === "" || (block.attrs as ParagraphAttrs).proposedBy?.[0] === delegation;
    let run = "";
    const close = () => {
      if (run.trim()) runs.push({ where: blockName(block, index, shown), text: run });
      run = "";
    };
    let offset = 0;
    block.forEach((child) => {
      const length = child.textContent.length;
      const start = Math.max(from, offset);
      const end = Math.min(to, offset + length);
      if (end > start) {
        if (child.isText && (wholeBlockOwn || ownInsertion(child, delegation))) run += child.text!.slice(start - offset, end - offset);
        else close();
      } else if (offset >= to) close();
      offset += length;
    });
    close();
  });
  return runs;
}

/** Whether a text node is in an insertion that `delegation` proposed. */
function ownInsertion(node: Node, delegation: string): boolean {
  return node.marks.some((mark) => {
    if (mark.type.name !== "proposal") return false;
    const attrs = mark.attrs as ProposalAttrs;
    return attrs.op === "insert" && isProposer(attrs.by, delegation);
  });
}

/** The range of `a` that differs from `b`, after their common start and end (the end not overlapping the start). */
function differingPart(a: string, b: string): [number, number] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return [start, a.length - end];
}

/** One sentence listing the runs, for a notice: "paragraph 4: “locally”; heading “…”: “…”". */
export function describeUnkept(runs: readonly UnkeptText[]): string {
  return runs.map((run) => `${run.where}: “${run.text.trim()}”`).join("; ");
}
