import type { Node } from "prosemirror-model";
import { Plugin, type EditorState } from "prosemirror-state";
import { updateYFragment, ySyncPluginKey } from "y-prosemirror";
import type * as Y from "yjs";

// ─────────────────────────────────────────────────────────────────────────────
// y-prosemirror's private binding (`beforeTransactionSelection`,
// `_prosemirrorChanged`), as this editor uses it: the one place that touches
// it (`test/editor/editor-adapters.test.ts` fails when its shape changes; the
// version is pinned in package.json).
// ─────────────────────────────────────────────────────────────────────────────

/** The y-prosemirror release this adapter was written against (pinned exactly in package.json). */
export const Y_PROSEMIRROR_VERSION = "1.3.7";

/**
 * What these plugins touch of y-prosemirror's binding: its note of the
 * selection, as Yjs relative positions, and the method that writes the
 * page's changes into Yjs (with what that method needs).
 */
interface SelectionNote extends BindingMetadata {
  beforeTransactionSelection: unknown;
  _prosemirrorChanged(doc: Node): void;
  readonly doc: Y.Doc;
  readonly type: Y.XmlFragment;
}

/** The binding as `updateYFragment` reads it: the mapping of Yjs types to nodes, and the overlapping marks. */
type BindingMetadata = Parameters<typeof updateYFragment>[3];

/** Bindings whose writing of the page's changes no longer ends with a note of the selection. */
const writingWithoutNote = new WeakSet<SelectionNote>();

/** Stands for a note not taken: with no positions, y-prosemirror restores nothing from it. */
const NOT_TAKEN = Object.freeze({ type: "text", anchor: null, head: null });

/**
 * Spares y-prosemirror a note of the selection it throws away. Before every
 * Yjs transaction it notes the selection as relative positions — a walk of
 * the document up to the caret for each end — so that a remote change can
 * put the selection back; the page's own changes are Yjs transactions too,
 * and their note is dropped unread when the transaction ends (it also
 * notes the selection again at the end of writing them, also dropped: a
 * remote change is never applied inside the page's own write, which
 * y-prosemirror runs under its mutex). At 2,000 paragraphs that is three
 * walks over a thousand blocks for each keystroke in the middle of the text.
 * The first plugin (placed before `ySyncPlugin`) marks the note as taken
 * just before y-prosemirror writes the page's change into Yjs (whose end
 * clears the note, as always), and has the binding write changes as
 * y-prosemirror does (`updateYFragment`) without the closing note; the
 * second (placed after it) clears the mark should y-prosemirror have written
 * nothing (it shows a snapshot, say), so that a remote change's note is
 * always taken as before.
 */
export function localSelectionNote(): { readonly before: Plugin; readonly after: Plugin } {
  return {
    before: new Plugin({
      view: () => ({
        update: (view) => {
          const note = selectionNote(view.state);
          if (!note) return;
          if (!writingWithoutNote.has(note)) writeWithoutNote(note);
          if (note.beforeTransactionSelection === null) note.beforeTransactionSelection = NOT_TAKEN;
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
  return binding && "beforeTransactionSelection" in binding && typeof binding._prosemirrorChanged === "function" ? binding : null;
}

/** y-prosemirror's `_prosemirrorChanged` (1.3.7) less its closing note of the selection, which nothing reads. */
function writeWithoutNote(binding: SelectionNote): void {
  writingWithoutNote.add(binding);
  binding._prosemirrorChanged = (doc: Node) => {
    binding.doc.transact(() => updateYFragment(binding.doc, binding.type, doc, binding), ySyncPluginKey);
  };
}
