import type { Node } from "prosemirror-model";
import type { EditorView } from "prosemirror-view";
import type { Api, Role, User } from "../api.js";

/** The sync connection as the page shows it. */
export type ConnectionState = "connecting" | "connected" | "syncing" | "offline";

/** What the document view shows; everything else is dimmed (never hidden from the chair's text flow). */
export interface Filter {
  /** Only this delegation's proposals are highlighted; others are dimmed. "" = all. */
  readonly delegation: string;
  /** Only open brackets are drawn; decided proposals are shown as plain text. */
  readonly openOnly: boolean;
  /** Only paragraphs not yet agreed (status open) are shown at full strength. */
  readonly notAgreedOnly: boolean;
}

/** No filter. */
export const NO_FILTER: Filter = Object.freeze({ delegation: "", openOnly: false, notAgreedOnly: false });

/** A message for the person at the page: an error (a refusal) or information (an operation's sentence). */
export interface Notice {
  readonly kind: "error" | "info";
  readonly text: string;
}

/** What the document page gives the editor. */
export interface EditorOptions {
  /** Where the editor draws the document. */
  readonly mount: HTMLElement;
  readonly documentId: string;
  /** The session token, for the WebSocket. */
  readonly token: string;
  readonly user: User;
  readonly role: Role;
  /** The member's delegation code (delegates), "" otherwise. */
  readonly delegation: string;
  readonly api: Api;
  /** `ws://host/collab`, by default from `location`. */
  readonly collabUrl?: string;
  onConnection(state: ConnectionState): void;
  /** The document after a change (local or remote), at most every 150 ms, for the outline and the panels. */
  onDocument(doc: Node): void;
  onNotice(notice: Notice): void;
}

/** The editor on the document page. */
export interface AccordEditor {
  readonly view: EditorView;
  /** The secretariat enters proposals on behalf of this delegation ("" = edits base text directly). */
  setActingDelegation(code: string): void;
  setFilter(filter: Filter): void;
  /** Scrolls to a bracketed proposal (its id) or a block (its id) and briefly highlights it. */
  scrollTo(target: { proposal: string } | { block: string }): void;
  undo(): boolean;
  redo(): boolean;
  /** True while some of this person's changes have not reached the server (offline, or on their way). */
  hasUnsentChanges(): boolean;
  destroy(): void;
}
