import type { EditorState, Transaction } from "prosemirror-state";
import { rewriteTransaction } from "./rewrite.js";

/** What propose mode needs from the page. */
export interface ProposalModeOptions {
  /** The delegation edits are proposed in, read at each transaction ("" = off: the chair edits directly). */
  readonly delegation: () => string;
  /** A new, never used proposal id (`newId` of @accord/schema). */
  readonly newId: () => string;
  /** Called with the reason, in a delegate's words, when an edit is refused (nothing is applied then). */
  readonly onRefused: (reason: string) => void;
}

/**
 * Propose mode as a dispatch wrapper (the design of
 * @handlewithcare/prosemirror-suggest-changes): every transaction the view
 * dispatches goes through `rewriteTransaction` before it reaches `dispatch`,
 * so a delegate's local input is applied — and synced — only as its
 * delegation's proposals. A refused transaction is dropped and
 * `options.onRefused` told why; the view redraws what the browser had
 * already changed. Use as the view's `dispatchTransaction`:
 * `withProposals((tr) => view.updateState(view.state.apply(tr)), () => view.state, options)`.
 * The returned function throws a RangeError for a transaction not made from
 * the current state.
 */
export function withProposals(
  dispatch: (tr: Transaction) => void,
  getState: () => EditorState,
  options: ProposalModeOptions,
): (tr: Transaction) => void {
  return (tr) => {
    const outcome = rewriteTransaction(getState(), tr, { delegation: options.delegation(), newId: options.newId });
    if (outcome.kind === "refused") options.onRefused(outcome.reason);
    else dispatch(outcome.tr);
  };
}
