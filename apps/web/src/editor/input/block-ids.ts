import { newId } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { Plugin, type Transaction } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";
import { changedBlocks } from "../changed-blocks.js";
import { DIRECT_EDIT_META } from "../propose/meta.js";

/** A block's own identity and standing are not copied: a new block starts open, unlabelled, proposed by no one. */
function freshAttrs(block: Node, id: string): Record<string, unknown> {
  if (block.type.name !== "paragraph") return { ...block.attrs, id, status: "open", statusDate: "", statusBody: "", statusFootnote: "" };
  return { ...block.type.create().attrs, id, kind: block.attrs.kind };
}

/**
 * The blocks of `after` that a local edit left without an id or with the id
 * of an earlier block (a split copies its paragraph's attributes, a paste
 * copies the paragraphs copied), with their positions. The first block to
 * carry an id keeps it. Only the blocks that differ from `before` are
 * candidates, so a keystroke costs nothing more.
 */
export function blocksNeedingIds(before: Node, after: Node): { pos: number; block: Node }[] {
  const changed = changedBlocks(before, after);
  if (!changed) return [];
  const candidates: { pos: number; block: Node }[] = [];
  after.nodesBetween(changed.from, changed.newTo, (block, pos) => {
    candidates.push({ pos, block });
    return false;
  });
  const sameCount = before.childCount === after.childCount;
  if (sameCount && candidates.every(({ block }) => block.attrs.id !== "")) return [];
  const seen = new Set<string>();
  const result: { pos: number; block: Node }[] = [];
  const isCandidate = new Set(candidates.map((c) => c.block));
  after.forEach((block, pos) => {
    const id = block.attrs.id as string;
    if (isCandidate.has(block) && (id === "" || seen.has(id))) result.push({ pos, block });
    seen.add(id);
  });
  return result;
}

/**
 * Gives every block a local edit made (by splitting, pasting, or Enter at
 * the end of a paragraph) a fresh id of its own, never reused — for the
 * chair's and the secretariat's direct edits; remote changes are left alone.
 */
export function uniqueBlockIds(): Plugin {
  return new Plugin({
    appendTransaction(transactions, before, after): Transaction | null {
      if (!transactions.some((tr) => tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined)) return null;
      const renamed = blocksNeedingIds(before.doc, after.doc);
      if (!renamed.length) return null;
      const tr = after.tr;
      for (const { pos, block } of renamed) {
        tr.setNodeMarkup(pos, undefined, freshAttrs(block, newId(block.type.name === "heading" ? "h" : "p")));
      }
      return tr.setMeta(DIRECT_EDIT_META, true);
    },
  });
}
