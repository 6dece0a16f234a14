import type { DelegationRegistry, ParagraphAttrs } from "@accord/schema";
import type { Node } from "prosemirror-model";

/** "Uruguay", "Argentina and Brazil", "Chile, Peru and Mexico"; "untagged" for none. */
export function delegationNames(by: readonly string[], registry: DelegationRegistry): string {
  const names = by.map((code) => registry.get(code)?.name ?? code);
  if (names.length === 0) return "untagged";
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * How the record names a block: "paragraph 5 bis under “Objective 1.2” / “Actions”",
 * "heading “Objective 1.2”", "the paragraph “In addition, and…”". Numbering
 * restarts under each objective, so a label alone does not say which paragraph.
 */
export function blockName(block: Node, index?: number, doc?: Node): string {
  if (block.type.name === "heading") return `heading “${excerpt(block.textContent, 6)}”`;
  const label = (block.attrs as ParagraphAttrs).label;
  const name = label ? `paragraph ${label.replace(/[.)]$/, "")}` : `the paragraph “${excerpt(block.textContent, 5)}”`;
  if (!label || !doc || index === undefined) return name;
  const path = headingPath(doc, index);
  return path.length ? `${name} under ${path.map((h) => `“${h}”`).join(" / ")}` : name;
}

const GENERIC_HEADING = /^(?:actions|activities|operative paragraphs|preamble)\b/i;

/**
 * The headings that say where block `index` is: the nearest heading, preceded
 * by the one above it when the nearest is a generic one ("Objective 1.2" /
 * "Actions").
 */
export function headingPath(doc: Node, index: number): string[] {
  let nearest: string | null = null;
  for (let k = index - 1; k >= 0; k--) {
    const block = doc.child(k);
    if (block.type.name !== "heading") continue;
    const text = excerpt(block.textContent, 6);
    if (nearest === null) {
      nearest = text;
      if (!GENERIC_HEADING.test(block.textContent.trim())) return [text];
    } else if (!GENERIC_HEADING.test(block.textContent.trim())) {
      return [text, nearest];
    }
  }
  return nearest === null ? [] : [nearest];
}

/** The first words of a text, for messages. */
export function excerpt(text: string, words = 8): string {
  const all = text.trim().split(/\s+/);
  return all.length > words ? `${all.slice(0, words).join(" ")}…` : all.join(" ");
}
