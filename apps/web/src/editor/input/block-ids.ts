import { newId, optionPathBetween } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { Plugin, type Transaction } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";
import { changedBlocks } from "../changed-blocks.js";
import { DIRECT_EDIT_META } from "../propose/meta.js";

/**
 * A block's own identity and standing are not copied: a new block starts open, unlabelled, proposed by no one. Its
 * place in option blocks is kept (a split inside an option stays in it), or taken from the blocks around it
 * (`optionPathBetween`: Enter at the end of an option's paragraph stays in the option).
 */
function freshAttrs(block: Node, id: string, around: { before?: Node; after?: Node }): Record<string, unknown> {
  const optionPath = (block.attrs.optionPath as string) || optionPathBetween(around.before, around.after);
  if (block.type.name !== "paragraph") return { ...block.attrs, id, status: "open", statusDate: "", statusBody: "", statusFootnote: "", optionPath };
  return { ...block.type.create().attrs, id, kind: block.attrs.kind, optionPath };
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
        const index = tr.doc.resolve(pos).index(0);
        const around = { before: index > 0 ? tr.doc.child(index - 1) : undefined, after: index + 1 < tr.doc.childCount ? tr.doc.child(index + 1) : undefined };
        tr.setNodeMarkup(pos, undefined, freshAttrs(block, newId(block.type.name === "heading" ? "h" : "p"), around));
      }
      return tr.setMeta(DIRECT_EDIT_META, true);
    },
  });
}
