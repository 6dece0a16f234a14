export { PROSEMIRROR_VIEW_VERSION, pageSelectionUnread, readPageSelection } from "./prosemirror-dom-selection.js";
export { Y_PROSEMIRROR_VERSION, localSelectionNote } from "./y-prosemirror-selection-note.js";
export { HOCUSPOCUS_PROVIDER_VERSION, interceptMessages, sendUpdate, settleClosedSocket, takeOverSending } from "./hocuspocus-provider.js";
