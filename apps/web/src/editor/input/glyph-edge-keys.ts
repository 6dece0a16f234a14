import { Plugin, TextSelection } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";

const graphemes = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

/** The length of the first (or, `last`, the last) user-perceived character of `text`: an emoji or an accented letter written in two code points is one. */
function graphemeLength(text: string, last: boolean): number {
  if (!text) return 0;
  if (graphemes) {
    let length = 0;
    for (const { segment } of graphemes.segment(text)) {
      length = segment.length;
      if (!last) break;
    }
    return length;
  }
  const code = text.charCodeAt(last ? text.length - 1 : 0);
  return code >= (last ? 0xdc00 : 0xd800) && code <= (last ? 0xdfff : 0xdbff) && text.length > 1 ? 2 : 1;
}

/**
 * Whether the first thing past the DOM caret, forward or backward, within
 * the block's content, is an element the page drew that is not text (a
 * bracket's glyph, its positions, a badge: `contenteditable=false`), at the
 * edge of the marks' elements around it or inside the next one's.
 */
function glyphBeside(view: EditorView, forward: boolean): boolean {
  const selection = view.dom.ownerDocument.getSelection();
  const focusNode = selection?.focusNode;
  const focusOffset = selection?.focusOffset ?? 0;
  if (!focusNode || !view.dom.contains(focusNode)) return false;
  let next: Node | null;
  if (focusNode.nodeType === Node.TEXT_NODE) {
    const length = (focusNode as Text).data.length;
    if (forward ? focusOffset < length : focusOffset > 0) return false;
    next = null;
  } else {
    next = focusNode.childNodes[forward ? focusOffset : focusOffset - 1] ?? null;
  }
  for (let node: Node | null = focusNode; !next && node && node !== view.dom; node = node.parentNode) {
    if (node instanceof HTMLElement && node.classList.contains("accord-content")) return false;
    next = forward ? node.nextSibling : node.previousSibling;
  }
  // Into the marks' elements the next thing may begin with (a glyph is drawn inside its bracket's element).
  while (next instanceof HTMLElement && next.isContentEditable) next = forward ? next.firstChild : next.lastChild;
  return next instanceof HTMLElement;
}

/**
 * Backspace and Delete beside a glyph the page draws between characters (a
 * bracket's `[Uruguay: ` or `]`): the character past the glyph goes, as if
 * the glyph were not there. The browser's own deletion there can take the
 * glyph for what is to be deleted and delete nothing (Chromium did, for the
 * chair's Delete after a word that ran up to a nested bracket's opening).
 * Only with an empty selection and text past the glyph in the document;
 * everywhere else, and with any modifier, the key goes on to the browser
 * as before. The change is an ordinary deletion, so a delegate's is made a
 * struck proposal by the propose mode as any other.
 */
export function glyphEdgeKeys(): Plugin {
  return new Plugin({
    props: {
      handleKeyDown(view, event) {
        if ((event.key !== "Delete" && event.key !== "Backspace") || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || event.isComposing) return false;
        const { selection } = view.state;
        if (!(selection instanceof TextSelection) || !selection.empty) return false;
        const forward = event.key === "Delete";
        const $pos = selection.$from;
        const beside = forward ? $pos.nodeAfter : $pos.nodeBefore;
        if (!beside?.isText || !glyphBeside(view, forward)) return false;
        const length = graphemeLength(beside.text!, !forward);
        const from = forward ? $pos.pos : $pos.pos - length;
        view.dispatch(view.state.tr.delete(from, from + length).scrollIntoView());
        return true;
      },
    },
  });
}
