import type { Node } from "prosemirror-model";
import { optionPathOf, writeOptionPath } from "../alternatives/options.js";

/** Options of `canonicalContent`. */
export interface CanonicalOptions {
  /**
   * Replace block, proposal, choice group, option group, option and footnote ids by their order of appearance
   * (`B1`, `P1`, `F1`), so documents that differ only in the ids they were
   * given compare equal.
   */
  readonly renameIds?: boolean;
}

interface Extent {
  first: number;
  last: number;
  attrs: string;
}

/**
 * A document's content as plain JSON in one canonical form: the marks of a
 * text node in a fixed order (ProseMirror keeps marks of one type in the
 * order they were added, so equal documents may list nested brackets
 * differently), adjacent text with equal marks merged. Two documents mean the
 * same when their canonical forms are deeply equal.
 */
export function canonicalContent(doc: Node, options: CanonicalOptions = {}): unknown {
  const blockIds = new Map<string, string>();
  const footnoteIds = new Map<string, string>();
  const proposalIds = new Map<string, string>();
  const choiceIds = new Map<string, string>();
  const choiceOf = new Map<string, string>();
  const optionGroupIds = new Map<string, string>();
  const optionIds = new Map<string, string>();

  if (options.renameIds) {
    doc.forEach((block) => {
      blockIds.set(block.attrs.id as string, `B${blockIds.size + 1}`);
    });
    // Proposals in document order: by first appearance, outer before inner, then by attributes.
    const extents = new Map<string, Extent>();
    let index = 0;
    doc.forEach((block) => {
      block.forEach((child) => {
        index++;
        if (child.type.name === "footnote") footnoteIds.set(child.attrs.id as string, `F${footnoteIds.size + 1}`);
        for (const mark of child.marks) {
          if (mark.type.name !== "proposal") continue;
          const id = mark.attrs.id as string;
          const e = extents.get(id);
          if (e) e.last = index;
          else {
            extents.set(id, { first: index, last: index, attrs: JSON.stringify({ ...mark.attrs, id: "", choice: "", span: "" }) });
            choiceOf.set(id, mark.attrs.choice as string);
          }
        }
      });
    });
    [...extents.entries()]
      .sort(([, a], [, b]) => a.first - b.first || b.last - a.last || a.attrs.localeCompare(b.attrs))
      .forEach(([id], i) => {
        proposalIds.set(id, `P${i + 1}`);
        // Choice groups by their first option in that order.
        const choice = choiceOf.get(id);
        if (choice && !choiceIds.has(choice)) choiceIds.set(choice, `C${choiceIds.size + 1}`);
      });
  }
  const rename = (map: Map<string, string>, id: string) => map.get(id) ?? id;

  const blocks: unknown[] = [];
  doc.forEach((block) => {
    const attrs = { ...block.attrs };
    attrs.id = rename(blockIds, attrs.id as string);
    if (typeof attrs.alternativeTo === "string" && attrs.alternativeTo) attrs.alternativeTo = rename(blockIds, attrs.alternativeTo);
    // Option groups and options by their first block (`OG1`, `O1`).
    if (options.renameIds && attrs.optionPath) {
      const name = (map: Map<string, string>, id: string, prefix: string) => {
        if (!map.has(id)) map.set(id, `${prefix}${map.size + 1}`);
        return map.get(id)!;
      };
      attrs.optionPath = writeOptionPath(optionPathOf(block).map((step) => ({ ...step, group: name(optionGroupIds, step.group, "OG"), option: name(optionIds, step.option, "O") })));
    }
    const content: Record<string, unknown>[] = [];
    block.forEach((child) => {
      if (child.isText) {
        const marks = child.marks
          .map((m) => {
            const markAttrs = { ...m.attrs };
            if (m.type.name === "proposal") {
              markAttrs.id = rename(proposalIds, markAttrs.id as string);
              if (markAttrs.choice) markAttrs.choice = rename(choiceIds, markAttrs.choice as string);
              // A span is named by its first part's id.
              if (markAttrs.span) markAttrs.span = rename(proposalIds, markAttrs.span as string);
            }
            return { type: m.type.name, attrs: markAttrs };
          })
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        const last = content[content.length - 1];
        if (last && last.type === "text" && JSON.stringify(last.marks) === JSON.stringify(marks)) {
          last.text = `${last.text as string}${child.text}`;
        } else content.push({ type: "text", text: child.text, marks });
      } else {
        content.push({ type: child.type.name, attrs: { ...child.attrs, id: rename(footnoteIds, child.attrs.id as string) } });
      }
    });
    blocks.push({ type: block.type.name, attrs, content });
  });
  return blocks;
}
