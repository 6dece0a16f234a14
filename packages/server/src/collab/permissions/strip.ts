import { canonicalContent, schema } from "@accord/schema";
import { Node } from "prosemirror-model";
import type { NodeJSON } from "./y-json.js";

/** A proposal mark's delegations, from JSON attributes. */
function byOf(attrs: Record<string, unknown> | undefined): string[] {
  return Array.isArray(attrs?.by) ? (attrs!.by as string[]) : [];
}

/** A proposal is its first delegation's own; the others support it. */
const ownedBy = (by: readonly string[], code: string) => by[0] === code;

/**
 * strip_X of design.md §4 for one block: the block with delegation `code`'s
 * own proposals taken out — those it made (it is first among their
 * delegations): its inserted text dropped, its deletions unmarked — and
 * `code` removed from the proposals it supports, as a canonical value. A
 * paragraph that `code` proposed strips to null. So the proposer may go on
 * editing and may withdraw its proposal after others supported it; a
 * supporter may only add or take back its support. Two versions of a
 * block that strip to the same value differ only by what `code` may change.
 * Throws a RangeError when the JSON is not a valid block.
 */
export function stripDelegation(block: NodeJSON, code: string): string | null {
  const attrs = { ...(block.attrs ?? {}) };
  const proposedBy = byOf({ by: attrs.proposedBy });
  if (block.type === "paragraph" && ownedBy(proposedBy, code)) return null;
  if (proposedBy.includes(code)) attrs.proposedBy = proposedBy.filter((c) => c !== code);

  const content: NodeJSON[] = [];
  for (const child of block.content ?? []) {
    if (child.type !== "text") {
      content.push(child);
      continue;
    }
    const marks = child.marks ?? [];
    // Text `code` proposes to insert is not base text: it goes.
    if (marks.some((m) => m.type === "proposal" && m.attrs?.op === "insert" && ownedBy(byOf(m.attrs), code))) continue;
    const kept = marks.flatMap((m) => {
      if (m.type !== "proposal") return [m];
      const by = byOf(m.attrs);
      if (ownedBy(by, code)) return []; // its own proposal: unmarked
      return by.includes(code) ? [{ ...m, attrs: { ...m.attrs, by: by.filter((c) => c !== code) } }] : [m];
    });
    content.push({ ...child, marks: kept });
  }
  const node = Node.fromJSON(schema, { type: block.type, attrs, content: content.length ? content : undefined });
  node.check();
  return JSON.stringify(canonicalContent(schema.topNodeType.create(null, [node])));
}

/** The block as a checked node; throws a RangeError when it is not valid. */
export function checkBlock(block: NodeJSON): Node {
  const node = Node.fromJSON(schema, block);
  if (node.type.name !== "paragraph" && node.type.name !== "heading") throw new RangeError(`a ${node.type.name} cannot stand in the document`);
  node.check();
  return node;
}

/**
 * The states of what delegation `code` proposed in a block — its
 * bracketed proposals by id, and the block itself (`""`) when `code` proposed the
 * whole paragraph — with the paragraph's status for the latter.
 * strip_X hides these, so they are checked apart: a delegate may propose and
 * withdraw, never decide.
 */
export function ownStates(block: NodeJSON, code: string): Map<string, string> {
  const states = new Map<string, string>();
  if (block.type === "paragraph" && ownedBy(byOf({ by: block.attrs?.proposedBy }), code)) {
    states.set("", `${String(block.attrs?.proposalState ?? "open")}/${String(block.attrs?.status ?? "open")}`);
  }
  for (const child of block.content ?? []) {
    for (const mark of child.marks ?? []) {
      if (mark.type === "proposal" && ownedBy(byOf(mark.attrs), code)) states.set(String(mark.attrs?.id ?? ""), String(mark.attrs?.state ?? "open"));
    }
  }
  return states;
}
