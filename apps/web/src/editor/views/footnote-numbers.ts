import type { Node } from "prosemirror-model";
import type { EditorView } from "prosemirror-view";
import { blockFootnotes } from "./footnote-list.js";

/**
 * The footnote markers of a block, by node: how many (its footnotes and its
 * status marker's), and which of its text's footnotes follow another footnote
 * directly (drawn "¹,²", not "¹²", which reads as footnote 12).
 */
interface BlockMarkers {
  readonly count: number;
  readonly follows: readonly boolean[];
}
const markersByBlock = new WeakMap<Node, BlockMarkers>();

function markersOf(block: Node): BlockMarkers {
  let markers = markersByBlock.get(block);
  if (!markers) {
    const follows: boolean[] = [];
    let previous: Node | null = null;
    block.forEach((child) => {
      if (child.type.name === "footnote") follows.push(previous?.type.name === "footnote");
      previous = child;
    });
    markersByBlock.set(block, (markers = { count: blockFootnotes(block).length, follows }));
  }
  return markers;
}

function write(marker: Element, number: number, follows: boolean): void {
  const text = String(number);
  if (marker.textContent !== text) marker.textContent = text;
  // The separator is drawn by CSS so that the marker's text stays its number.
  if (follows !== marker.hasAttribute("data-follows-footnote")) marker.toggleAttribute("data-follows-footnote", follows);
}

/** True when a drawn marker comes right after another marker (used while the view's blocks do not line up with the document's). */
function followsOnPage(marker: Element): boolean {
  return marker.previousSibling instanceof Element && marker.previousSibling.matches("sup.accord-fn");
}

/**
 * Writes each footnote marker's number (1, 2, 3 … in document order: a
 * block's own footnotes, then its status marker's — the order of the list at
 * the foot) into the markers the view draws, touching only those whose number
 * changed, and marks a marker that follows another one directly
 * (`data-follows-footnote`: the CSS puts a comma before it). Counted from the document, not the page: in a long document the
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
    for (const marker of view.dom.querySelectorAll("sup.accord-fn")) write(marker, ++n, followsOnPage(marker));
    return;
  }
  doc.forEach((block, _, index) => {
    let k = n;
    const { count, follows } = markersOf(block);
    if (elements[index]!.firstChild) {
      for (const marker of elements[index]!.querySelectorAll("sup.accord-fn")) {
        write(marker, ++k, !marker.classList.contains("accord-status-fn") && (follows[k - n - 1] ?? false));
      }
    }
    n += count;
  });
}
