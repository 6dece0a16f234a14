import { Plugin, type EditorState } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";

/** What these plugins touch of y-prosemirror's binding: its note of the selection, as Yjs relative positions. */
interface SelectionNote {
  beforeTransactionSelection: unknown;
}

/** Stands for a note not taken: with no positions, y-prosemirror restores nothing from it. */
const NOT_TAKEN = Object.freeze({ type: "text", anchor: null, head: null });

/**
 * Spares y-prosemirror a note of the selection it throws away. Before every
 * Yjs transaction it notes the selection as relative positions — a walk of
 * the document up to the caret for each end — so that a remote change can
 * put the selection back; the page's own changes are Yjs transactions too,
 * and their note is dropped unread when the transaction ends (it also
 * notes the selection again at their end, also dropped). At 2,000
 * paragraphs that is two walks over a thousand blocks for each keystroke in
 * the middle of the text. The first plugin (placed before `ySyncPlugin`)
 * marks the note as taken just before y-prosemirror writes the page's change
 * into Yjs (whose end clears the note, as always); the second (placed after
 * it) clears the mark should y-prosemirror have written nothing (it shows a
 * snapshot, say), so that a remote change's note is always taken as before.
 */
export function localSelectionNote(): { readonly before: Plugin; readonly after: Plugin } {
  return {
    before: new Plugin({
      view: () => ({
        update: (view) => {
          const note = selectionNote(view.state);
          if (note && note.beforeTransactionSelection === null) note.beforeTransactionSelection = NOT_TAKEN;
        },
      }),
    }),
    after: new Plugin({
      view: () => ({
        update: (view) => {
          const note = selectionNote(view.state);
          if (note && note.beforeTransactionSelection === NOT_TAKEN) note.beforeTransactionSelection = null;
        },
      }),
    }),
  };
}

function selectionNote(state: EditorState): SelectionNote | null {
  const binding = (ySyncPluginKey.getState(state) as { binding?: SelectionNote } | undefined)?.binding;
  return binding && "beforeTransactionSelection" in binding ? binding : null;
}
