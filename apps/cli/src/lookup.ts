import { describeTagProblem, labelKey, type DelegationRegistry, type NegotiationDocument, type ParagraphAttrs } from "@accord/schema";
import { CliError } from "./cli.js";

/** A ProseMirror node of a document (the CLI does not depend on prosemirror-model itself). */
type Node = NegotiationDocument["content"];

/** A block of a document, where it is, and the heading above it. */
export interface LocatedBlock {
  readonly node: Node;
  readonly index: number;
  /** The id the operations take. */
  readonly id: string;
  /** The nearest heading before the block, as text, or "" when there is none. */
  readonly heading: string;
}

/** The first `max` characters of a text on one line, with `…` when cut. */
export function shorten(text: string, max = 60): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

// Labels compare by the one rule the importer and the editor use: `1bis` = `1bis.`, `(3)` = `3`, `2.bis` = `2bis`.
export { labelKey };

/** Every block of the document with its index and the heading above it, in order. */
export function locateBlocks(document: NegotiationDocument): LocatedBlock[] {
  const blocks: LocatedBlock[] = [];
  let heading = "";
  document.content.forEach((node, _pos, index) => {
    blocks.push({ node, index, id: node.attrs.id as string, heading });
    if (node.type.name === "heading") heading = node.textContent.replace(/\s+/g, " ").trim();
  });
  return blocks;
}

/** How a listing names a block: `paragraph 1bis. under “Objective 1.1”`, `heading “Objective 1.2”`. */
export function describeBlock(block: LocatedBlock): string {
  if (block.node.type.name === "heading") return `heading “${shorten(block.node.textContent, 50)}”`;
  const label = (block.node.attrs as ParagraphAttrs).label;
  const name = label ? `paragraph ${label}` : `unnumbered paragraph ${block.id}`;
  return block.heading ? `${name} under “${shorten(block.heading, 50)}”` : name;
}

/** The paragraphs whose label is `label` as `labelKey` compares them. */
export function paragraphsLabelled(blocks: readonly LocatedBlock[], label: string): LocatedBlock[] {
  const key = labelKey(label);
  if (!key) return [];
  return blocks.filter((b) => b.node.type.name === "paragraph" && labelKey((b.node.attrs as ParagraphAttrs).label) === key);
}

/**
 * The block `target` names: a paragraph or heading by id, else a paragraph by
 * its label (see `labelKey`). A `CliError` when nothing matches, and when a
 * label matches several paragraphs (numbering starts again under each
 * objective): the message lists each candidate with its id, the heading above
 * it and its first words, and asks for the id.
 */
export function findTarget(document: NegotiationDocument, target: string, file: string): LocatedBlock {
  const blocks = locateBlocks(document);
  const byId = blocks.find((b) => b.id === target);
  if (byId) return byId;
  const matches = paragraphsLabelled(blocks, target);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new CliError(`${file}: no paragraph has the label '${target}', and no paragraph or heading has that id`);
  }
  const lines = matches.map((b) => {
    const label = (b.node.attrs as ParagraphAttrs).label;
    const under = b.heading ? `under “${shorten(b.heading, 50)}”` : "before any heading";
    return `  ${b.id}  ${label} ${under}: “${shorten(b.node.textContent, 50)}”`;
  });
  throw new CliError(`label '${target}' matches ${matches.length} paragraphs in ${file}; pass the id of the one you mean:\n${lines.join("\n")}`);
}

/**
 * The delegation code for what a person typed: a code (`URY`), or any tag or
 * name the document's registry resolves (`Uru`, `uruguay`) — the registry's
 * `find`. A `CliError` naming the delegation when it is unknown (with a hint
 * of what to type), or listing the candidates when it is ambiguous.
 */
export function delegationCode(registry: DelegationRegistry, typed: string): string {
  const found = registry.find(typed);
  if (found.ok) return found.delegation.code;
  const hint = found.reason === "unknown" ? " (give a code such as URY, or a tag such as Uru)" : "";
  throw new CliError(`${describeTagProblem(typed, found)}${hint}`);
}
