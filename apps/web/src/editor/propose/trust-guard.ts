import { reconcileContent } from "@accord/collab";
import { checkBlock, delegateEditProblem, rememberedStrip, type BlockJSON } from "@accord/schema";
import type { Node } from "prosemirror-model";

/**
 * Readings of blocks, by node: nodes are immutable, and the block a keystroke
 * changes was read as the "after" side of the keystroke before.
 */
const readings = new WeakMap<Node, BlockJSON>();

/** Readings found to be valid blocks. */
const checked = new WeakSet<BlockJSON>();

/** A block as the server reads it: its JSON with concurrent variants of a proposal reconciled (shared: not to be changed). */
function readBlock(block: Node): BlockJSON {
  let reading = readings.get(block);
  if (!reading) {
    // A copy: `toJSON` shares the node's attrs objects, and reconciling works in place.
    const json = JSON.parse(JSON.stringify(block.toJSON())) as BlockJSON;
    reading = (reconcileContent({ type: "doc", content: [json] }).content ?? [])[0] as BlockJSON;
    readings.set(block, reading);
  }
  return reading;
}

/** The blocks that differ between two documents, as [before, after] pairs (null: absent on that side). */
function changedBlocks(before: Node, after: Node): [Node | null, Node | null][] {
  const pairs: [Node | null, Node | null][] = [];
  if (before.childCount === after.childCount) {
    let aligned = true;
    for (let i = 0; i < before.childCount && aligned; i++) {
      const old = before.child(i);
      const now = after.child(i);
      if (old === now) continue;
      if (old.attrs.id !== now.attrs.id) aligned = false;
      else pairs.push([old, now]);
    }
    if (aligned) return pairs;
  }
  // Blocks were added, removed or moved: match them by id (every block has one).
  const byId = (doc: Node) => {
    const map = new Map<string, Node>();
    doc.forEach((block) => map.set(String(block.attrs.id), block));
    return map;
  };
  const old = byId(before);
  const now = byId(after);
  const result: [Node | null, Node | null][] = [];
  for (const [id, block] of old) if (now.get(id) !== block) result.push([block, now.get(id) ?? null]);
  for (const [id, block] of now) if (!old.has(id)) result.push([null, block]);
  return result;
}

/**
 * True when some text of `block` carries two marks of one proposal with
 * different operations (inserted and struck at once): readers keep only one
 * of them, the first listed, and Yjs may list them in any order — so the
 * server could read the edit differently from the editor.
 */
function ambiguousProposal(block: Node): boolean {
  let found = false;
  block.forEach((child) => {
    if (found || child.marks.length < 2) return;
    const ops = new Map<string, unknown>();
    for (const mark of child.marks) {
      if (mark.type.name !== "proposal") continue;
      const id = mark.attrs.id as string;
      if (ops.has(id) && ops.get(id) !== mark.attrs.op) found = true;
      ops.set(id, mark.attrs.op);
    }
  });
  return found;
}

/**
 * The trust rule as the server applies it, on every block that differs
 * between `before` and `after` (by identity, so a keystroke costs one or two
 * blocks, not the document): each changed block must be valid and
 * `delegateEditProblem` must allow it for a delegate of `code`, both sides
 * read with concurrent variants reconciled. A changed block must also not newly
 * carry text that one proposal both inserts and deletes (how it reads would
 * depend on the order Yjs lists the marks in). Returns null when the edit
 * passes, else the first reason in the delegate's words. Never throws.
 */
export function editTrustProblem(before: Node, after: Node, code: string): string | null {
  for (const [old, now] of changedBlocks(before, after)) {
    const oldJSON = old ? readBlock(old) : null;
    const nowJSON = now ? readBlock(now) : null;
    if (now && ambiguousProposal(now) && !(old && ambiguousProposal(old))) {
      return "the edit would leave text both proposed and struck out by one proposal; try again";
    }
    if (nowJSON) {
      try {
        if (!checked.has(nowJSON)) checkBlock(nowJSON);
        checked.add(nowJSON);
      } catch (error) {
        return `the edit leaves an invalid block: ${(error as Error).message}`;
      }
    }
    const problem = delegateEditProblem(oldJSON, nowJSON, code, rememberedStrip);
    if (problem) return problem;
  }
  return null;
}
