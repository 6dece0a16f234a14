import { Plugin, type StateField } from "prosemirror-state";
import { ySyncPluginKey, yUndoPlugin } from "y-prosemirror";
import type * as Y from "yjs";

/** Slack for the time between a transaction and the Yjs change it makes, so a step that may start is never missed. */
const STEP_MARGIN_MS = 100;

interface UndoState {
  readonly undoManager: Y.UndoManager;
  readonly prevSel: unknown;
  readonly hasUndoOps: boolean;
  readonly hasRedoOps: boolean;
}

/**
 * y-prosemirror's undo plugin (a Yjs UndoManager over the local user's
 * changes only; `protectedNodes` are never deleted by an undo), noting the
 * selection to restore only for local transactions that may start a new
 * undo step. The original converts the selection to Yjs relative positions
 * for every transaction — a walk of the document up to the caret — though a
 * step keeps the selection of its first change, changes within the
 * UndoManager's capture time of the last one join its step, and others'
 * changes (every keystroke of theirs, on a watching page) start none.
 */
export function undoPlugin(protectedNodes: ReadonlySet<string>): Plugin {
  const plugin = yUndoPlugin({ protectedNodes: new Set(protectedNodes) });
  const field = plugin.spec.state as StateField<UndoState>;
  return new Plugin({
    ...plugin.spec,
    state: {
      init: field.init,
      apply: (tr, value, oldState, newState) => {
        const manager = value.undoManager;
        // A remote change (or an undo applied back to the view) never starts a step of this user's.
        const remote = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
        const joinsStep =
          manager.lastChange > 0 && manager.undoStack.length > 0 && Date.now() - manager.lastChange < manager.captureTimeout - STEP_MARGIN_MS;
        if (!remote && !joinsStep) return field.apply(tr, value, oldState, newState);
        const hasUndoOps = manager.undoStack.length > 0;
        const hasRedoOps = manager.redoStack.length > 0;
        return hasUndoOps === value.hasUndoOps && hasRedoOps === value.hasRedoOps ? value : { ...value, hasUndoOps, hasRedoOps };
      },
    },
  });
}
