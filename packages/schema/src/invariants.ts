import type { Node } from "prosemirror-model";
import type { DelegationRegistry } from "./delegations.js";
import { collectProposals } from "./proposals.js";
import type { ParagraphAttrs } from "./paragraph.js";

/**
 * The rules a negotiation document keeps beyond its schema, as a list of
 * problems in words (empty when the document is sound):
 * block and footnote ids are present and unique, footnotes carry no marks,
 * the spans of one proposal agree on delegations, note and state and stay in
 * one block, an untagged
 * `bracket` names no delegation, alternatives point at another paragraph of
 * the document, and every delegation code is in the registry.
 */
export function modelProblems(doc: Node, registry: DelegationRegistry): string[] {
  const problems: string[] = [];
  const blockIds = new Set<string>();
  const paragraphIds = new Set<string>();
  const footnoteIds = new Set<string>();
  const known = (code: string, where: string) => {
    if (!registry.get(code)) problems.push(`${where}: delegation ${code} is not in the registry`);
  };

  doc.forEach((block, _offset, index) => {
    const id = block.attrs.id as string;
    const where = `${block.type.name} ${index + 1}`;
    if (!id) problems.push(`${where} has no id`);
    else if (blockIds.has(id)) problems.push(`${where} repeats id ${id}`);
    blockIds.add(id);
    if (block.type.name === "paragraph") {
      paragraphIds.add(id);
      const attrs = block.attrs as ParagraphAttrs;
      attrs.proposedBy.forEach((code) => known(code, where));
    }
    block.forEach((child) => {
      if (child.type.name !== "footnote") return;
      const fid = child.attrs.id as string;
      if (!fid) problems.push(`${where}: a footnote has no id`);
      else if (footnoteIds.has(fid)) problems.push(`${where}: footnote id ${fid} repeats`);
      footnoteIds.add(fid);
      if (child.marks.length) problems.push(`${where}: footnote ${fid || "(no id)"} carries marks`);
      if (child.attrs.delegation) known(child.attrs.delegation as string, where);
    });
  });

  doc.forEach((block, _offset, index) => {
    if (block.type.name !== "paragraph") return;
    const target = block.attrs.alternativeTo as string;
    if (!target) return;
    if (target === block.attrs.id) problems.push(`paragraph ${index + 1} is an alternative to itself`);
    else if (!blockIds.has(target)) problems.push(`paragraph ${index + 1} is an alternative to missing paragraph ${target}`);
    else if (!paragraphIds.has(target)) problems.push(`paragraph ${index + 1} is an alternative to ${target}, which is not a paragraph`);
  });

  const seenInBlock = new Map<string, number>();
  doc.forEach((block, _offset, index) => {
    block.forEach((child) => {
      for (const mark of child.marks) {
        if (mark.type.name !== "proposal") continue;
        const id = mark.attrs.id as string;
        const first = seenInBlock.get(id);
        if (first === undefined) seenInBlock.set(id, index);
        else if (first !== index) problems.push(`proposal ${id} spans blocks ${first + 1} and ${index + 1}`);
      }
    });
  });

  for (const proposal of collectProposals(doc)) {
    const where = `proposal ${proposal.id || "(no id)"}`;
    if (!proposal.id) problems.push(`${where}: a proposal has no id`);
    proposal.by.forEach((code) => known(code, where));
    // Spans of one id must agree on everything but op.
    doc.nodesBetween(proposal.from, proposal.to, (node) => {
      for (const mark of node.marks) {
        if (mark.type.name !== "proposal" || mark.attrs.id !== proposal.id) continue;
        if (
          mark.attrs.note !== proposal.note ||
          mark.attrs.state !== proposal.state ||
          (mark.attrs.by as string[]).join() !== proposal.by.join()
        ) {
          problems.push(`${where}: its spans disagree on delegations, note or state`);
          return false;
        }
      }
      return true;
    });
    if (proposal.spans.some((s) => s.op === "bracket") && proposal.by.length > 0) {
      problems.push(`${where}: an untagged bracket cannot name delegations`);
    }
  }
  return [...new Set(problems)];
}
