import type { Node } from "prosemirror-model";
import type { EditorView } from "prosemirror-view";
import { blockFootnotes } from "./footnote-list.js";

/** How many footnote markers each block has (its footnotes and its status marker's), by node. */
const counts = new WeakMap<Node, number>();

function markersOf(block: Node): number {
  let count = counts.get(block);
  if (count === undefined) counts.set(block, (count = blockFootnotes(block).length));
  return count;
}

function write(marker: Element, number: number): void {
  const text = String(number);
  if (marker.textContent !== text) marker.textContent = text;
}

/**
 * Writes each footnote marker's number (1, 2, 3 … in document order: a
 * block's own footnotes, then its status marker's — the order of the list at
 * the foot) into the markers the view draws, touching only those whose number
 * changed. Counted from the document, not the page: in a long document the
 * blocks outside the drawn window have no markers on the page. A CSS counter
 * would do it without script, but not across blocks that are not drawn.
 * Never fails; while the view's blocks do not line up with the document's (a
 * redraw under way) it numbers the markers on the page in order.
 */
export function numberFootnoteMarkers(view: EditorView): void {
  const doc = view.state.doc;
  const elements = [...view.dom.children].filter((child) => child.classList.contains("accord-block"));
  let n = 0;
  if (elements.length !== doc.childCount) {
    for (const marker of view.dom.querySelectorAll("sup.accord-fn")) write(marker, ++n);
    return;
  }
  doc.forEach((block, _, index) => {
    let k = n;
    if (elements[index]!.firstChild) for (const marker of elements[index]!.querySelectorAll("sup.accord-fn")) write(marker, ++k);
    n += markersOf(block);
  });
}
