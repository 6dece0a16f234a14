import type { Session } from "../api.js";

/** The key the session is kept under in localStorage. */
export const SESSION_KEY = "accord.session";

/** The part of `Storage` the session store uses (localStorage in the page, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * The session kept by an earlier sign-in, or null when there is none, it is
 * malformed, or it has expired by `now`. A malformed or expired one is removed.
 */
export function loadSession(store: KeyValueStore, now: Date = new Date()): Session | null {
  const raw = store.getItem(SESSION_KEY);
  if (raw === null) return null;
  let session: Session | null = null;
  try {
    session = asSession(JSON.parse(raw));
  } catch {
    session = null;
  }
  if (!session || Date.parse(session.expiresAt) <= now.getTime()) {
    store.removeItem(SESSION_KEY);
    return null;
  }
  return session;
}

/** Keeps a session for the next visit; a store that refuses (private mode, full) only costs the next sign-in. */
export function saveSession(store: KeyValueStore, session: Session): void {
  try {
    store.setItem(SESSION_KEY, JSON.stringify(session));
  } catch {
    // The session still works for this page.
  }
}

/** Forgets the kept session. */
export function clearSession(store: KeyValueStore): void {
  store.removeItem(SESSION_KEY);
}

function asSession(value: unknown): Session | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const user = v.user as Record<string, unknown> | undefined;
  if (typeof v.token !== "string" || !v.token || typeof v.expiresAt !== "string" || Number.isNaN(Date.parse(v.expiresAt))) return null;
  if (!user || typeof user.id !== "string" || typeof user.username !== "string" || typeof user.displayName !== "string") return null;
  return { token: v.token, expiresAt: v.expiresAt, user: { id: user.id, username: user.username, displayName: user.displayName } };
}
