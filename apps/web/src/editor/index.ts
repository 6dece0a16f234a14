export { createEditor } from "./editor.js";
export { NO_FILTER, type AccordEditor, type ConnectionState, type EditorOptions, type Filter, type Notice } from "./types.js";
export { SHORTCUTS, type Shortcut } from "./input/shortcuts.js";
export { statusBadgeText, statusDescription } from "./views/status-badge.js";
export { bracketTag, delegationTag, delegationName } from "./decorations/bracket-tag.js";
export { presenceLabel, presenceUser, type PresenceUser } from "./sync/presence.js";
export { proposalActions, blockActions, type Member, type ProposalAction, type BlockAction } from "./decisions/controls.js";
export { connectionState, type ConnectionFacts } from "./sync/connection-state.js";
