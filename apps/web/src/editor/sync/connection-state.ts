import type { ConnectionState } from "../types.js";

/** What the sync connection looks like from inside: the facts `connectionState` reads. */
export interface ConnectionFacts {
  /** The browser believes it is online (`navigator.onLine`). */
  readonly online: boolean;
  /** The WebSocket's status as the provider reports it. */
  readonly socket: "connecting" | "connected" | "disconnected";
  /** The document has been synced with the server at least once since this connection began. */
  readonly everSynced: boolean;
  /** The current connection finished its sync handshake. */
  readonly synced: boolean;
  /** Local changes the server has not acknowledged yet. */
  readonly unsyncedChanges: number;
}

/**
 * The state the page shows. Before the first sync: connecting (offline when
 * the browser is). Afterwards: offline while the socket is down, syncing while
 * the handshake or local changes are in flight, connected otherwise — so a
 * reconnection attempt does not flicker between connecting and offline.
 */
export function connectionState(facts: ConnectionFacts): ConnectionState {
  if (!facts.online) return "offline";
  if (!facts.everSynced) return "connecting";
  if (facts.socket !== "connected") return "offline";
  if (!facts.synced || facts.unsyncedChanges > 0) return "syncing";
  return "connected";
}
