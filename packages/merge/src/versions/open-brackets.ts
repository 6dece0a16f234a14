import type { DelegationRegistry, ParagraphAttrs, ProposalAttrs } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { delegationNames, excerpt } from "../describe.js";

/** An open bracket of a block, as a warning lists it. */
export interface OpenBracket {
  /** The proposal's id (`b4`), or the paragraph's id for the paragraph itself proposed. */
  readonly id: string;
  /** Its delegation codes; empty for an untagged bracket. */
  readonly by: readonly string[];
  /** "Uruguay’s proposal b4 “while”", "Colombia and Ecuador’s proposed paragraph …". */
  readonly description: string;
}

/**
 * The open brackets of a paragraph or heading, in order: the paragraph itself
 * when it is an open proposed paragraph or alternative, then each open
 * proposal of its text, once. What a chair is warned of, on the page and in
 * the API's answer, when recording a status that settles the paragraph.
 * Reads only that block; never fails.
 */
export function openBracketsOf(node: Node, registry: DelegationRegistry): OpenBracket[] {
  const out: OpenBracket[] = [];
  if (node.type.name === "paragraph") {
    const attrs = node.attrs as ParagraphAttrs;
    if ((attrs.proposedBy.length || attrs.alternativeTo) && attrs.proposalState === "open") {
      const who = attrs.proposedBy.length ? `${delegationNames(attrs.proposedBy, registry)}’s proposed paragraph` : "the alternative paragraph";
      out.push({ id: attrs.id, by: attrs.proposedBy, description: `${who} “${excerpt(node.textContent)}”` });
    }
  }
  const texts = new Map<string, { attrs: ProposalAttrs; text: string }>();
  node.forEach((child) => {
    for (const mark of child.marks) {
      if (mark.type.name !== "proposal" || mark.attrs.state !== "open") continue;
      const attrs = mark.attrs as ProposalAttrs;
      const seen = texts.get(attrs.id);
      const text = child.text ?? "";
      if (seen) seen.text += text;
      else texts.set(attrs.id, { attrs, text });
    }
  });
  for (const { attrs, text } of texts.values()) {
    const who = attrs.by.length ? `${delegationNames(attrs.by, registry)}’s proposal` : "untagged bracket";
    out.push({ id: attrs.id, by: attrs.by, description: `${who} ${attrs.id} “${excerpt(text)}”` });
  }
  return out;
}
