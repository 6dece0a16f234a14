import { keymap } from "prosemirror-keymap";
import type { Plugin } from "prosemirror-state";
import { redoCommand, undoCommand } from "y-prosemirror";

/**
 * Mod-z, Mod-y and Mod-Shift-z bound to y-prosemirror's undo manager, which
 * tracks only this client's own edits: another delegation's proposal or the
 * chair's decision is never undone from here.
 */
export function undoKeymap(): Plugin {
  return keymap({ "Mod-z": undoCommand, "Mod-y": redoCommand, "Mod-Shift-z": redoCommand });
}
