import type { FootnoteAttrs, FootnoteKind } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { footnoteTooltip } from "./footnote-view.js";

/** A footnote as the foot of the document lists it. */
export interface FootnoteEntry {
  /** The footnote's id; `<block id>-status` for a status marker's footnote. */
  readonly id: string;
  readonly kind: FootnoteKind;
  readonly delegation: string;
  readonly text: string;
  /** The block it is in. */
  readonly blockId: string;
}

/**
 * The footnotes of one block in the order the view numbers them: the
 * footnote atoms of its text, then its status marker's footnote.
 */
export function blockFootnotes(block: Node): FootnoteEntry[] {
  const blockId = String(block.attrs.id ?? "");
  const entries: FootnoteEntry[] = [];
  block.forEach((child) => {
    if (child.type.name !== "footnote") return;
    const attrs = child.attrs as FootnoteAttrs;
    entries.push({ id: attrs.id, kind: attrs.kind, delegation: attrs.delegation, text: attrs.text, blockId });
  });
  const statusFootnote = typeof block.attrs.statusFootnote === "string" ? block.attrs.statusFootnote : "";
  if (statusFootnote) entries.push({ id: `${blockId}-status`, kind: "procedural", delegation: "", text: statusFootnote, blockId });
  return entries;
}

/**
 * Every footnote of the document, numbered as the markers are (document
 * order). `cache` remembers each block's list by node, so a keystroke costs
 * one block, not the document.
 */
export function collectFootnotes(doc: Node, cache: WeakMap<Node, FootnoteEntry[]> = new WeakMap()): FootnoteEntry[] {
  const all: FootnoteEntry[] = [];
  doc.forEach((block) => {
    let entries = cache.get(block);
    if (!entries) cache.set(block, (entries = blockFootnotes(block)));
    for (const entry of entries) all.push(entry);
  });
  return all;
}

/** The list of footnotes under the document, kept in step with it; hidden when there are none. */
export class FootnoteList {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly cache = new WeakMap<Node, FootnoteEntry[]>();
  private shown: readonly FootnoteEntry[] = [];

  constructor() {
    this.element = document.createElement("section");
    this.element.className = "accord-footnotes";
    this.element.setAttribute("aria-label", "Footnotes");
    const heading = document.createElement("h3");
    heading.textContent = "Footnotes";
    this.list = document.createElement("ol");
    this.element.append(heading, this.list);
    this.element.hidden = true;
  }

  /** Shows the footnotes of `doc`; touches the DOM only when they changed. */
  update(doc: Node): void {
    const entries = collectFootnotes(doc, this.cache);
    if (entries.length === this.shown.length && entries.every((e, i) => e === this.shown[i])) return;
    this.shown = entries;
    this.list.replaceChildren(
      ...entries.map((entry) => {
        const item = document.createElement("li");
        item.className = `accord-footnote accord-fn-${entry.kind}`;
        item.dataset.footnoteId = entry.id;
        item.dataset.blockId = entry.blockId;
        item.textContent = footnoteTooltip(entry);
        return item;
      }),
    );
    this.element.hidden = entries.length === 0;
  }
}
