import type { Node } from "prosemirror-model";
import { collectProposals, type ProposalInfo } from "../model/proposals.js";
import type { ChoiceStyle } from "../model/proposal.js";
import { groupByKey } from "./group-by.js";

/**
 * A group of alternatives for one place in the text (`[shall][should][may]`,
 * `[agreed / made]`): proposals sharing a `choice` id, one of which the chair
 * will choose (accepted) and the others go (rejected).
 */
export interface ChoiceGroup {
  /** The `choice` id its options share. */
  readonly id: string;
  readonly style: ChoiceStyle;
  /** Id and index of the paragraph holding it. */
  readonly blockId: string;
  readonly blockIndex: number;
  /** Its options in document order. */
  readonly options: readonly ProposalInfo[];
  /** The accepted option, if one is chosen. */
  readonly chosen: ProposalInfo | undefined;
}

/**
 * Every choice group of the document, in order of its first option. Assumes
 * a sound document (`modelProblems`): a group's options are in one block.
 */
export function collectChoices(doc: Node, proposals: readonly ProposalInfo[] = collectProposals(doc)): ChoiceGroup[] {
  return [...byChoice(proposals)].map(([id, options]) => ({
    id,
    style: options[0]!.choiceStyle,
    blockId: options[0]!.blockId,
    blockIndex: options[0]!.blockIndex,
    options,
    chosen: options.find((option) => option.state === "accepted"),
  }));
}

/**
 * Options grouped by their `choice` id, groups in order of their first
 * option, options in the order given; what has no `choice` is passed over.
 * How the model, the rules and the text import group options.
 */
export function byChoice<T extends { readonly choice: string }>(options: Iterable<T>): Map<string, T[]> {
  return groupByKey(options, (option) => option.choice);
}

/**
 * Whether a choice group is still to be decided: none of its options is
 * accepted and one is open (`isOpen`, the option's own state by default).
 * Such a group counts once among the open proposals — in the stats, the
 * proposals panel and the outline alike.
 */
export function isUndecidedChoice<T extends { readonly state: string }>(options: readonly T[], isOpen: (option: T) => boolean = (option) => option.state === "open"): boolean {
  return !options.some((option) => option.state === "accepted") && options.some(isOpen);
}

/** What the group rules need to know of one option: its proposal, group, style, state and block (index). */
export interface OptionFacts {
  readonly id: string;
  readonly choice: string;
  readonly style: string;
  readonly state: string;
  readonly block: number;
}

/**
 * The rules of choice groups, as problems in words (empty when sound): a
 * group offers two options or more, all in one paragraph, written one way
 * (`choiceStyle`), and at most one of them is accepted. `options` holds each
 * proposal once; those with no `choice` are passed over.
 */
export function choiceGroupProblems(options: Iterable<OptionFacts>): string[] {
  const problems: string[] = [];
  for (const [id, group] of byChoice(options)) {
    const name = `choice group ${id}`;
    if (group.length < 2) problems.push(`${name} has one option (proposal ${group[0]!.id}); a group offers two or more`);
    const blocks = [...new Set(group.map((o) => o.block + 1))];
    if (blocks.length > 1) problems.push(`${name} has options in paragraphs ${blocks.join(" and ")}; a group's options are in one paragraph`);
    if (new Set(group.map((o) => o.style)).size > 1) problems.push(`${name} mixes adjacent and slash options; a group is written one way`);
    const accepted = group.filter((o) => o.state === "accepted").map((o) => o.id);
    if (accepted.length > 1) problems.push(`${name} has ${accepted.length} accepted options (${accepted.join(", ")}); at most one is chosen`);
  }
  return problems;
}
