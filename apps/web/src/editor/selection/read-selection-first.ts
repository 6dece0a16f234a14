import { Plugin } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { readPageSelection } from "../adapters/index.js";

/** The events that act at the selection: keys, text input, clipboard, drops, compositions. */
const ACTING_EVENTS = ["keydown", "keypress", "beforeinput", "paste", "cut", "copy", "drop", "compositionstart"] as const;

/**
 * Makes every key, input, clipboard event and drop act where the caret is
 * shown. The browser moves the caret at once when the text is clicked,
 * tapped, or an arrow key or a focus change moves it, and tells ProseMirror
 * later (`selectionchange`, which Chromium runs after pending input events);
 * a key pressed in between was handled at the state's old selection — the
 * document's start on a fresh page, or the previous caret — and ProseMirror
 * then drew that selection back over the click. Before anything handles such
 * an event, this has ProseMirror read the page's selection (nothing is done
 * when it is already read). Put it first among the plugins, so its handlers
 * run before any other plugin's.
 */
export function readSelectionFirst(): Plugin {
  const read = (view: EditorView) => {
    if (!view.composing) readPageSelection(view);
    return false;
  };
  return new Plugin({ props: { handleDOMEvents: Object.fromEntries(ACTING_EVENTS.map((name) => [name, read])) } });
}
