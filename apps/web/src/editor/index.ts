export { createEditor } from "./editor.js";
export { NO_FILTER, type AccordEditor, type ConnectionState, type EditorOptions, type Filter, type Notice } from "./types.js";
export { SHORTCUTS, type Shortcut } from "./shortcuts.js";
export { statusBadgeText, statusDescription } from "./status-badge.js";
export { bracketTag, delegationTag, delegationName } from "./bracket-tag.js";
export { presenceLabel, presenceUser, type PresenceUser } from "./presence.js";
export { proposalActions, blockActions, type Member, type ProposalAction, type BlockAction } from "./controls.js";
export { connectionState, type ConnectionFacts } from "./connection-state.js";
