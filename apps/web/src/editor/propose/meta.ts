import type { Transaction } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";

/**
 * Meta key (value `true`) of a transaction that edits the text directly: the
 * chair or the secretariat changing base text, or a resolution operation's
 * transform. Propose mode lets it through untouched and unchecked — the
 * server still judges it by the sender's role.
 */
export const DIRECT_EDIT_META = "accord-direct";

/**
 * Meta key (value `true`) of a transaction that already is a delegate's
 * proposal (`proposeParagraph` sets it, and so may the page for a support or a
 * withdrawal built from a resolution operation): propose mode does not
 * rewrite it but still refuses it when it breaks the trust rule.
 */
export const PROPOSAL_EDIT_META = "accord-proposal";

/** Meta key (value `true`) propose mode puts on the transactions it rewrote and checked. */
export const REWRITTEN_META = "accord-rewritten";

/**
 * True when a transaction comes from y-prosemirror's binding (a remote
 * change, an undo or redo applied through Yjs, a re-render or a snapshot):
 * never local input, so propose mode leaves it alone.
 */
export function isSyncTransaction(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey) !== undefined;
}
