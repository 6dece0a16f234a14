/**
 * The parts of a negotiation's Y.Doc. The editor, the server and every tool
 * name them from here, so they always meet in the same shared types.
 */
export const YDOC_PARTS = Object.freeze({
  /** The ProseMirror content, as y-prosemirror keeps it. */
  content: "content",
  /** Document metadata: title, symbol, body, date, revision (a Y.Map of strings). */
  meta: "meta",
  /** The delegation registry: code → { code, name, kind, tags } (a Y.Map). */
  delegations: "delegations",
});
