import { Plugin, type PluginView } from "prosemirror-state";
import { yCursorPlugin } from "y-prosemirror";
import type { Awareness } from "y-protocols/awareness";
import { remoteCursor, remoteSelection } from "./presence.js";
import { whenQuiet } from "../timing/when-quiet.js";

/** The local cursor is published once the selection has been still this long… */
const PUBLISH_QUIET_MS = 120;
/** …and at least this often while it keeps moving (typing). */
const PUBLISH_MAX_WAIT_MS = 400;

/**
 * y-prosemirror's cursor plugin (the others' cursors and selections drawn
 * with `remoteCursor`/`remoteSelection`), publishing this user's own cursor
 * when the selection pauses and at least every 400 ms, not at every view
 * update: publishing converts the selection to Yjs relative positions, a walk
 * of the document up to the caret that costs a keystroke milliseconds in a
 * long text, and a cursor a fraction of a second behind the typed text is as
 * useful to the others. Focus changes still publish at once.
 */
export function cursorPlugin(awareness: Awareness): Plugin {
  const plugin = yCursorPlugin(awareness, { cursorBuilder: remoteCursor, selectionBuilder: remoteSelection });
  const makeView = plugin.spec.view;
  if (!makeView) throw new Error("y-prosemirror's cursor plugin has no view: its publishing cannot be deferred");
  return new Plugin({
    ...plugin.spec,
    view: (view): PluginView => {
      const inner = makeView(view);
      const publish = whenQuiet(() => inner.update?.(view, view.state), PUBLISH_QUIET_MS, PUBLISH_MAX_WAIT_MS);
      return {
        update: () => publish(),
        destroy: () => {
          publish.cancel();
          inner.destroy?.();
        },
      };
    },
  });
}
