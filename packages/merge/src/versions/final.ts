import type { UnresolvedItem } from "./clean.js";

/**
 * Why a text is not final, as a person reads it: the count, then one line per
 * unresolved proposal and per paragraph not agreed, with its place.
 */
export function describeUnresolved(items: readonly UnresolvedItem[]): string {
  const proposals = items.filter((i) => i.kind !== "not-agreed");
  const paragraphs = items.filter((i) => i.kind === "not-agreed");
  const parts: string[] = [];
  if (proposals.length) parts.push(`${proposals.length} unresolved proposal${proposals.length === 1 ? "" : "s"}`);
  if (paragraphs.length) parts.push(`${paragraphs.length} paragraph${paragraphs.length === 1 ? "" : "s"} not agreed`);
  const lines = items.map((i) => `  ${i.where}: ${i.description}${i.kind === "not-agreed" ? "" : ` [${i.id}]`}`);
  return `not a final text: ${parts.join(" and ")}\n${lines.join("\n")}`;
}
