import type { Mark, Node } from "prosemirror-model";
import { choiceGroupProblems, type OptionFacts } from "../alternatives/choices.js";
import type { DelegationRegistry } from "../registries/delegations.js";
import { optionBlockFacts, optionProblems } from "../alternatives/options.js";
import type { ParagraphAttrs } from "./paragraph.js";
import { positionsProblem } from "../rules/position-rules.js";
import { spanPartFacts, spanProblems } from "../alternatives/spans.js";

/**
 * The rules a negotiation document keeps beyond its schema, as a list of
 * problems in words (empty when the document is sound):
 * block and footnote ids are present and unique, footnotes carry no marks,
 * the spans of one proposal agree on delegations, note and state and stay in
 * one block, an untagged
 * `bracket` names no delegation, positions name delegations of the registry
 * that do not sponsor the proposal (`positionsProblem`), alternatives point at another paragraph of
 * the document, choice groups keep their rules (`choiceGroupProblems`), so do
 * option blocks (`optionProblems`), so do brackets spanning paragraphs
 * (`spanProblems`), and every delegation code is in the registry.
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

  // One pass over all text: a proposal stays in one block, and its spans agree on
  // everything but op (the first span seen is the reference).
  const firstSeen = new Map<string, { block: number; mark: Mark; bracket: boolean }>();
  const options: OptionFacts[] = [];
  // Brackets spanning paragraphs are looked at closely only in a document that has one.
  let spans = false;
  doc.forEach((block, _offset, index) => {
    block.forEach((child) => {
      for (const mark of child.marks) {
        if (mark.type.name !== "proposal") continue;
        if (mark.attrs.span) spans = true;
        const id = mark.attrs.id as string;
        const first = firstSeen.get(id);
        const where = () => `proposal ${id || "(no id)"}`;
        if (!first) {
          firstSeen.set(id, { block: index, mark, bracket: mark.attrs.op === "bracket" });
          const choice = mark.attrs.choice as string;
          if (choice) options.push({ id, choice, style: mark.attrs.choiceStyle as string, state: mark.attrs.state as string, block: index });
          if (!id) problems.push(`${where()}: a proposal has no id`);
          for (const code of mark.attrs.by as string[]) if (!registry.get(code)) known(code, where());
          const positions = positionsProblem(mark.attrs.by as string[], mark.attrs.positions as string, registry);
          if (positions) problems.push(`${where()}: ${positions}`);
        } else {
          if (first.block !== index) problems.push(`proposal ${id} spans blocks ${first.block + 1} and ${index + 1}`);
          if (first.mark !== mark && !sameProposal(first.mark, mark)) problems.push(`${where()}: its spans disagree on delegations, note, state or choice group`);
          if (mark.attrs.op === "bracket") first.bracket = true;
        }
      }
    });
  });
  for (const [id, first] of firstSeen) {
    if (first.bracket && (first.mark.attrs.by as string[]).length > 0) {
      problems.push(`proposal ${id || "(no id)"}: an untagged bracket cannot name delegations`);
    }
  }
  problems.push(...choiceGroupProblems(options));
  problems.push(...optionProblems(optionBlockFacts(doc)));
  if (spans) problems.push(...spanProblems(spanPartFacts(doc)));
  return [...new Set(problems)];
}

function sameProposal(a: Mark, b: Mark): boolean {
  const byA = a.attrs.by as string[];
  const byB = b.attrs.by as string[];
  return (
    a.attrs.note === b.attrs.note &&
    a.attrs.state === b.attrs.state &&
    a.attrs.choice === b.attrs.choice &&
    a.attrs.choiceStyle === b.attrs.choiceStyle &&
    a.attrs.positions === b.attrs.positions &&
    a.attrs.span === b.attrs.span &&
    a.attrs.tag === b.attrs.tag &&
    byA.length === byB.length &&
    byA.every((code, i) => code === byB[i])
  );
}
