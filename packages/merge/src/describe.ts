import type { DelegationRegistry, ParagraphAttrs } from "@accord/schema";
import type { Node } from "prosemirror-model";

/** "Uruguay", "Argentina and Brazil", "Chile, Peru and Mexico"; "an untagged bracket" for none. */
export function delegationNames(by: readonly string[], registry: DelegationRegistry): string {
  const names = by.map((code) => registry.get(code)?.name ?? code);
  if (names.length === 0) return "untagged";
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** How the record names a block: "paragraph 5 bis", "heading “Objective 1.2”", "the paragraph “In addition, and…”". */
export function blockName(block: Node, _index?: number): string {
  if (block.type.name === "heading") return `heading “${excerpt(block.textContent, 6)}”`;
  const label = (block.attrs as ParagraphAttrs).label;
  return label ? `paragraph ${label.replace(/[.)]$/, "")}` : `the paragraph “${excerpt(block.textContent, 5)}”`;
}

/** The first words of a text, for messages. */
export function excerpt(text: string, words = 8): string {
  const all = text.trim().split(/\s+/);
  return all.length > words ? `${all.slice(0, words).join(" ")}…` : all.join(" ");
}
