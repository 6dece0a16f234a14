import { TextSelection, type Selection } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";

/**
 * The selection the page shows in the editor, read from the DOM (which may
 * be ahead of the editor's state between a mouse press and the
 * `selectionchange` that reports it); null when the page's selection is not
 * in the text or does not map to document positions.
 */
export function pageSelection(view: EditorView): Selection | null {
  const selection = view.dom.ownerDocument.getSelection();
  const { anchorNode, focusNode } = selection ?? {};
  if (!selection || !anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return null;
  try {
    const doc = view.state.doc;
    const anchor = view.posAtDOM(anchorNode, selection.anchorOffset);
    const head = view.posAtDOM(focusNode, selection.focusOffset);
    if (anchor < 0 || head < 0 || anchor > doc.content.size || head > doc.content.size) return null;
    return TextSelection.between(doc.resolve(anchor), doc.resolve(head));
  } catch {
    // A node the editor does not draw from the document (a tag, a gutter): no position.
    return null;
  }
}
