import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import { blockMapping } from "../changed-blocks.js";

/** The key of the highlight plugin; its meta is a range to flash, or null to clear. */
export const highlightKey = new PluginKey<DecorationSet>("accord-highlight");

/** A range to flash: a block (node decoration) or a run of text. */
export interface HighlightRange {
  readonly from: number;
  readonly to: number;
  readonly block: boolean;
}

/**
 * The brief highlight `scrollTo` leaves on what it scrolled to: a class on a
 * block or over a proposal's text, kept in place while the document changes,
 * cleared by a `null` meta.
 */
export function highlightPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: highlightKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set) {
        const meta = tr.getMeta(highlightKey) as HighlightRange | null | undefined;
        if (meta === null) return DecorationSet.empty;
        if (meta) {
          const decoration = meta.block
            ? Decoration.node(meta.from, meta.to, { class: "accord-flash" })
            : Decoration.inline(meta.from, meta.to, { class: "accord-flash" });
          return DecorationSet.create(tr.doc, [decoration]);
        }
        // Block by block: a remote change replaces the whole document in one step.
        return set === DecorationSet.empty || !tr.docChanged ? set : set.map(blockMapping(tr), tr.doc);
      },
    },
    props: { decorations: (state) => highlightKey.getState(state) },
  });
}

/** A transaction flashing `range`, or clearing the flash (null). Null when the state has no highlight plugin. */
export function highlightTransaction(state: EditorState, range: HighlightRange | null): Transaction | null {
  return highlightKey.getState(state) ? state.tr.setMeta(highlightKey, range).setMeta("addToHistory", false) : null;
}
