import type { EditorView } from "prosemirror-view";

// ─────────────────────────────────────────────────────────────────────────────
// prosemirror-view's private DOM observer, as this editor uses it: the one
// place that touches it (`test/editor/editor-adapters.test.ts` fails when its shape
// changes; the version is pinned in package.json).
// ─────────────────────────────────────────────────────────────────────────────

/** The prosemirror-view release this adapter was written against (pinned exactly in package.json). */
export const PROSEMIRROR_VIEW_VERSION = "1.42.9";

/** The page's selection as ProseMirror last read or drew it (its `SelectionState`). */
interface SeenSelection {
  eq(selection: { anchorNode: globalThis.Node | null; anchorOffset: number; focusNode: globalThis.Node | null; focusOffset: number }): boolean;
}

/** What is used of the view's `domObserver`. */
interface DomObserver {
  readonly currentSelection: SeenSelection;
  flushingSoon: number;
  forceFlush(): void;
  flush(): void;
}

function observerOf(view: EditorView): DomObserver {
  const observer = (view as unknown as { domObserver?: DomObserver }).domObserver;
  if (!observer || typeof observer.flush !== "function" || typeof observer.forceFlush !== "function" || !observer.currentSelection) {
    throw new Error(`prosemirror-view's DOM observer is not as expected (written for ${PROSEMIRROR_VIEW_VERSION}): the editor cannot read the page's selection`);
  }
  return observer;
}

/**
 * True when the browser has moved the selection in the editor since
 * ProseMirror last read or drew it: a click or a key moved the caret and the
 * `selectionchange` event that tells ProseMirror has not been handled yet
 * (Chromium runs input events before it). False when the selection is
 * outside the editor. Throws when prosemirror-view is not the release this
 * was written for.
 */
export function pageSelectionUnread(view: EditorView): boolean {
  const selection = view.dom.ownerDocument.getSelection();
  if (!selection?.focusNode || !view.dom.contains(selection.focusNode)) return false;
  return !observerOf(view).currentSelection.eq(selection);
}

/**
 * Has ProseMirror read the page's selection into the editor's state now, as
 * it would at the pending `selectionchange` (and the DOM changes it has yet
 * to read): what acts on the state's selection next — a key, a remote change
 * that notes the selection to restore it — then acts where the caret is
 * shown. Does nothing when the page's selection is already read. Must not be
 * called while a transaction is being dispatched (it may dispatch one).
 * Throws when prosemirror-view is not the release this was written for.
 */
export function readPageSelection(view: EditorView): void {
  const observer = observerOf(view);
  if (observer.flushingSoon > -1) observer.forceFlush();
  else if (pageSelectionUnread(view)) observer.flush();
}
