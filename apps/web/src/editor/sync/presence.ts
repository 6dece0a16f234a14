import type { DecorationAttrs } from "prosemirror-view";

/**
 * Who a remote cursor belongs to, as the server wrote it into the presence
 * state (packages/server/src/collab/presence.ts overwrites the `user` field
 * of every state from the session, so these fields can be trusted).
 */
export interface PresenceUser {
  readonly name: string;
  readonly username: string;
  readonly role: string;
  readonly delegation: string;
  /** `#rrggbb`: the delegation's ink, grey for members without one. */
  readonly colour: string;
}

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
/** The colour of a cursor whose presence carries none (not yet stamped by the server). */
export const NEUTRAL_PRESENCE_COLOUR = "#595959";

const text = (value: unknown, max: number): string => (typeof value === "string" ? value.slice(0, max) : "");

/**
 * Reads the `user` field of an awareness state. Anything missing or malformed
 * becomes empty (and the colour neutral), so a stray state never breaks the view.
 */
export function presenceUser(raw: unknown): PresenceUser {
  const user = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const colour = text(user.colour, 7);
  return {
    name: text(user.name, 80),
    username: text(user.username, 80),
    role: text(user.role, 20),
    delegation: text(user.delegation, 16),
    colour: HEX_COLOUR.test(colour) ? colour : NEUTRAL_PRESENCE_COLOUR,
  };
}

/**
 * The label over someone's cursor: "Ana Pérez (URY)" for a delegate,
 * "María Gómez (chair)" for the chair or the secretariat, the username
 * when there is no display name, "someone" when there is neither.
 */
export function presenceLabel(user: PresenceUser): string {
  const name = user.name || user.username || "someone";
  const qualifier = user.delegation || user.role;
  return qualifier ? `${name} (${qualifier})` : name;
}

/** The caret and label of a remote cursor (y-prosemirror's `cursorBuilder`), in the user's colour. */
export function remoteCursor(raw: unknown): HTMLElement {
  const user = presenceUser(raw);
  const caret = document.createElement("span");
  caret.className = "accord-remote-cursor";
  caret.style.setProperty("--presence", user.colour);
  caret.dataset.user = user.username;
  if (user.delegation) caret.dataset.delegation = user.delegation;
  const label = document.createElement("span");
  label.className = "accord-remote-label";
  label.textContent = presenceLabel(user);
  // Word joiners keep the caret from breaking a line on its own (as y-prosemirror's own cursor does).
  caret.append("\u2060", label, "\u2060");
  return caret;
}

/** The highlight of a remote selection (y-prosemirror's `selectionBuilder`): the user's colour, translucent. */
export function remoteSelection(raw: unknown): DecorationAttrs {
  const user = presenceUser(raw);
  return { class: "accord-remote-selection", style: `background-color: ${user.colour}33`, "data-user": user.username };
}
