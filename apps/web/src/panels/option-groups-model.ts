import { collectOptionGroups, isUndecidedOptionGroup } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { firstWords } from "./outline-model.js";

/** An undecided option group as the proposals panel lists it: a `ProposalItem` of kind `choice`. */
export interface OptionGroupItem {
  readonly target: { readonly block: string };
  readonly id: string;
  readonly kind: "choice";
  readonly by: readonly string[];
  readonly options: readonly { readonly id: string; readonly by: readonly string[]; readonly note: string; readonly text: string }[];
  readonly note: string;
  readonly blockId: string;
  readonly blockLabel: string;
  readonly blockExcerpt: string;
  readonly blockKind: "heading" | "paragraph";
  readonly excerpt: readonly { readonly op: "insert"; readonly text: string }[];
}

/**
 * The option groups (`Option 1:` … `Option 2: No text`) still to be decided,
 * each one item of the proposals panel where its first block stands (by that
 * block's index): a set of options, untagged (base text), each with its label
 * and first words or how "No text" was written — a Choose control on each for
 * a member who may choose, as for a choice group. Counted as
 * `negotiationStats` counts them (`isUndecidedOptionGroup`). Never fails on a
 * sound document. Items have the shape of the panel's `ProposalItem` (kind
 * `choice`), written out here so that the panel's model imports this file
 * and not the other way round.
 */
export function openOptionGroupItems(doc: Node): Map<number, OptionGroupItem[]> {
  const items = new Map<number, OptionGroupItem[]>();
  for (const group of collectOptionGroups(doc)) {
    if (!isUndecidedOptionGroup(group)) continue;
    const first = group.options[0]!.firstBlock;
    const block = doc.child(first);
    const options = group.options
      .filter((option) => option.state === "open")
      .map((option) => ({ id: option.id, by: [], note: "", text: `${option.label} ${option.noText || firstWords(doc.child(option.firstBlock).textContent, 8, 60)}` }));
    const item: OptionGroupItem = {
      target: { block: block.attrs.id as string },
      id: group.options[0]!.id,
      kind: "choice",
      by: [],
      options,
      note: "",
      blockId: block.attrs.id as string,
      blockLabel: (block.attrs.label as string | undefined) ?? "",
      blockExcerpt: firstWords(block.textContent, 5, 40),
      blockKind: block.type.name === "heading" ? "heading" : "paragraph",
      excerpt: [{ op: "insert", text: `Options: ${group.options.map((o) => o.label.replace(/[:.]$/, "")).join(" / ")}` }],
    };
    items.set(first, [...(items.get(first) ?? []), item]);
  }
  return items;
}
