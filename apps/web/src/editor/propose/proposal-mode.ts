import type { Node } from "prosemirror-model";
import { Plugin, PluginKey, Selection, type Transaction } from "prosemirror-state";
import { REWRITTEN_META } from "./meta.js";
import { rewriteTransaction, type RewriteOutcome } from "./rewrite.js";
import type { ProposalModeOptions } from "./with-proposals.js";

/** The key of the `proposalMode` plugin. */
export const proposalModeKey = new PluginKey("accord-proposal-mode");

/** The one replace step turning `from` into `to` (documents of the same schema), or null when they are equal. */
function replaceAll(tr: Transaction, to: Node): void {
  const from = tr.doc;
  const start = from.content.findDiffStart(to.content);
  if (start === null) return;
  let { a: endA, b: endB } = from.content.findDiffEnd(to.content)!;
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) {
    endA += overlap;
    endB += overlap;
  }
  tr.replace(start, endA, to.slice(start, endB));
}

/**
 * Propose mode as a plugin, for editors whose plugins are their only hook
 * (`withProposals` is the same as a dispatch wrapper; use one or the other).
 * `filterTransaction` decides each transaction with `rewriteTransaction`:
 * a refused one is dropped and `options.onRefused` told why; one that must
 * be rewritten is let through and `appendTransaction` turns its result into
 * the rewriting's (one replace over what differs, with its selection) in the
 * same update, so the view, y-prosemirror and its undo manager only ever see
 * the delegation's proposals. Put it first among the plugins that append
 * transactions. Never throws for transactions made by the view.
 */
export function proposalMode(options: ProposalModeOptions): Plugin {
  const outcomes = new WeakMap<Transaction, RewriteOutcome>();
  return new Plugin({
    key: proposalModeKey,
    filterTransaction(tr, state) {
      // This plugin's own appended transaction: the edit it finishes was checked when it was let through.
      if (tr.getMeta(proposalModeKey)) return true;
      const outcome = rewriteTransaction(state, tr, { delegation: options.delegation(), newId: options.newId });
      if (outcome.kind === "refused") {
        options.onRefused(outcome.reason);
        return false;
      }
      if (outcome.tr !== tr) outcomes.set(tr, outcome);
      return true;
    },
    appendTransaction(transactions, _oldState, newState) {
      // The transactions this plugin let through and must rewrite; in practice the one root transaction.
      const rewritten = transactions.map((tr) => outcomes.get(tr)).filter((o): o is RewriteOutcome & { kind: "apply" } => o?.kind === "apply");
      const last = rewritten[rewritten.length - 1]?.tr;
      if (!last) return null;
      const tr = newState.tr;
      replaceAll(tr, last.doc);
      tr.setSelection(Selection.fromJSON(tr.doc, last.selection.toJSON()));
      if (last.storedMarksSet) tr.setStoredMarks(last.storedMarks);
      if (last.scrolledIntoView) tr.scrollIntoView();
      const history = last.getMeta("addToHistory");
      if (history !== undefined) tr.setMeta("addToHistory", history);
      return tr.setMeta(proposalModeKey, true).setMeta(REWRITTEN_META, true);
    },
  });
}
