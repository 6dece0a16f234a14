import { mayAct, ROLES, type Role } from "@accord/schema";
import { keymap } from "prosemirror-keymap";
import { TextSelection, type Command, type Plugin } from "prosemirror-state";
import { proposalActions, type Member, type ProposalAction } from "../decisions/controls.js";
import { nextOpenProposal, proposalAtSelection, type ProposalTarget } from "../decisions/proposal-at.js";

/** A keyboard shortcut of the editor, for the page's help. */
export interface Shortcut {
  /** In ProseMirror's notation (`Mod-Alt-a`: Ctrl+Alt+A, or ⌘⌥A on a Mac). */
  readonly keys: readonly string[];
  readonly description: string;
  /** Who has it. */
  readonly roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ROLES;
/** The roles that decide proposals (`mayAct`): the chair and the secretariat. */
const RESOLVERS: readonly Role[] = Object.freeze(ROLES.filter((role) => mayAct({ role, delegation: "" }, "accept").ok));
const EDITORS: readonly Role[] = Object.freeze(["chair", "secretariat", "delegate"]);

/** Every shortcut the editor binds, in the order a help panel lists them. */
export const SHORTCUTS: readonly Shortcut[] = Object.freeze([
  { keys: ["Mod-Alt-a"], description: "Accept the proposal at the cursor", roles: RESOLVERS },
  { keys: ["Mod-Alt-r"], description: "Reject the proposal at the cursor", roles: RESOLVERS },
  { keys: ["Mod-Alt-o"], description: "Reopen the proposal at the cursor", roles: RESOLVERS },
  { keys: ["Mod-Alt-n"], description: "Go to the next open proposal", roles: EVERYONE },
  { keys: ["Mod-Home", "Mod-End"], description: "Go to the start or the end of the document (with Shift: select to there)", roles: EDITORS },
  { keys: ["Mod-z"], description: "Undo your own last change", roles: EDITORS },
  { keys: ["Mod-y", "Mod-Shift-z"], description: "Redo", roles: EDITORS },
  { keys: ["Escape"], description: "Close a bracket's or a paragraph's menu", roles: EVERYONE },
]);

/** What the shortcut keymap needs from the editor. */
export interface ShortcutOptions {
  member(): Member;
  /** Runs a decision on a proposal (through the API). */
  decide(target: ProposalTarget, action: ProposalAction): void;
}

/** A command deciding the proposal at the cursor; false (and nothing done) when there is none or the member may not. */
export function decideAtCursor(action: ProposalAction, options: ShortcutOptions): Command {
  return (state, dispatch) => {
    const target = proposalAtSelection(state);
    if (!target || !proposalActions(target, options.member()).includes(action)) return false;
    if (dispatch) options.decide(target, action);
    return true;
  };
}

/** Moves the cursor to the next open proposal (wrapping round) and scrolls to it; false when nothing is open. */
export const goToNextOpenProposal: Command = (state, dispatch) => {
  const target = nextOpenProposal(state.doc, state.selection.from);
  if (!target) return false;
  if (dispatch) dispatch(state.tr.setSelection(TextSelection.near(state.doc.resolve(target.from))).scrollIntoView());
  return true;
};

/** The chair's shortcuts on the proposal at the cursor and the next-open-proposal jump (see SHORTCUTS). */
export function shortcutKeymap(options: ShortcutOptions): Plugin {
  return keymap({
    "Mod-Alt-a": decideAtCursor("accept", options),
    "Mod-Alt-r": decideAtCursor("reject", options),
    "Mod-Alt-o": decideAtCursor("reopen", options),
    "Mod-Alt-n": goToNextOpenProposal,
  });
}
