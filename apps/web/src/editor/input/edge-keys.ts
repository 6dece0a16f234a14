import { keymap } from "prosemirror-keymap";
import { Selection, TextSelection, type Command, type Plugin } from "prosemirror-state";

/**
 * A command putting the caret at the start (or end) of the document, or
 * with `extend` moving the selection's head there, and scrolling to it.
 * The browser's own Ctrl+Home / Ctrl+End would stop at the first or last
 * block it draws (the block window draws only those near the view).
 * Always applicable.
 */
export function selectDocumentEdge(edge: "start" | "end", extend: boolean): Command {
  return (state, dispatch) => {
    const target = edge === "start" ? Selection.atStart(state.doc) : Selection.atEnd(state.doc);
    if (dispatch) {
      const selection = extend ? TextSelection.between(state.selection.$anchor, target.$head) : target;
      dispatch(state.tr.setSelection(selection).scrollIntoView());
    }
    return true;
  };
}

const mac = typeof navigator !== "undefined" && /Mac|iP(hone|[oa]d)/.test(navigator.platform);

/** Ctrl+Home / Ctrl+End (⌘↑ / ⌘↓ on a Mac too), with Shift to extend the selection: to the document's start and end. */
export function edgeKeymap(): Plugin {
  const keys: Record<string, Command> = {
    "Mod-Home": selectDocumentEdge("start", false),
    "Mod-End": selectDocumentEdge("end", false),
    "Shift-Mod-Home": selectDocumentEdge("start", true),
    "Shift-Mod-End": selectDocumentEdge("end", true),
  };
  if (mac) {
    keys["Mod-ArrowUp"] = keys["Mod-Home"]!;
    keys["Mod-ArrowDown"] = keys["Mod-End"]!;
    keys["Shift-Mod-ArrowUp"] = keys["Shift-Mod-Home"]!;
    keys["Shift-Mod-ArrowDown"] = keys["Shift-Mod-End"]!;
  }
  return keymap(keys);
}
