import type { Command, Plugin } from "prosemirror-state";
import { proposalMode, proposeParagraph } from "./propose/index.js";

// ─────────────────────────────────────────────────────────────────────────────
// THE ONE PLACE where the editor meets the propose mode (`./propose/`). The
// editor asks for `proposeMode` for delegates and the secretariat and uses
// nothing else of it; should the mode be taken out, returning null here makes
// those members' text read-only instead of editable into refusals.
// ─────────────────────────────────────────────────────────────────────────────

/** What the propose mode gets from the editor. */
export interface ProposeModeOptions {
  /**
   * The delegation whose proposals local edits become: the delegate's own, or
   * the one the secretariat acts for. "" (the secretariat editing base text)
   * means edits pass through unchanged.
   */
  delegation(): string;
  /** A fresh, never reused id for a proposal or a paragraph. */
  newId(): string;
  /** Local input the trust rule forbids was refused before it reached the document; the reason, for the person. */
  onRefused(reason: string): void;
}

/** Where a delegate proposes a whole paragraph: after a block (`bis`), or as an alternative to it. */
export type ParagraphProposalKind = "after" | "alternative";

/** The propose mode as the editor uses it. */
export interface ProposeMode {
  /** Plugins that turn local input into the delegation's proposals (they leave y-prosemirror's own transactions alone). */
  readonly plugins: readonly Plugin[];
  /**
   * The command proposing a new paragraph after / an alternative to the block
   * with this id, in the acting delegation's name; false (nothing done) when
   * there is no acting delegation or the paragraph cannot take one.
   */
  readonly proposeParagraph: ((kind: ParagraphProposalKind, blockId: string) => Command) | null;
}

/**
 * The propose mode for delegates and the acting secretariat: the
 * `proposalMode` plugin (first among the plugins that append transactions)
 * and `proposeParagraph`. Never null while `./propose/` is wired here.
 */
export function proposeMode(options: ProposeModeOptions): ProposeMode | null {
  return {
    plugins: [proposalMode(options)],
    proposeParagraph: (kind, blockId) => (state, dispatch) => {
      const code = options.delegation();
      if (!code) return false;
      return proposeParagraph(code, options.newId, kind === "after" ? { after: blockId } : { alternativeTo: blockId })(state, dispatch);
    },
  };
}
