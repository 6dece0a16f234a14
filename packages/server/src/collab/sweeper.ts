import type { Connection, Hocuspocus } from "@hocuspocus/server";
import type { Storage } from "../storage/storage.js";
import type { ConnectionContext } from "./context.js";

/** Whose connections to check: a user's (in one document, or all when `documentId` is null). */
export interface SweepTarget {
  readonly userId: string;
  readonly documentId: string | null;
}

/** The sweeper of a server: stop it, or have some connections checked at once. */
export interface Sweeper {
  stop(): void;
  /** Checks now the connections of `target`, or every connection when null (announced revocations, postgres-events.ts). */
  check(target: SweepTarget | null): void;
}

/** One open document connection with the context authentication gave it. */
interface Open {
  readonly documentName: string;
  readonly connection: Connection;
  readonly context: ConnectionContext;
}

/**
 * Every `intervalMs`, and at once for the connections `check` names, checks
 * open document connections against the store: a session that expired or
 * was ended, or a membership that was removed or changed (role, delegation),
 * closes the connection — so a revocation takes effect within the interval
 * whoever made it (the API, or `accord member` in another process), or at
 * once where it is announced (PostgreSQL). Checks never overlap: one asked
 * for during a check runs after it.
 *
 * A periodic check reads a connection's session and membership only when it
 * could have changed: the connection is new since the last check, its
 * session's expiry has come, or the store's `accessVersion` moved (every
 * connection is read then). A store that cannot tell (null) has every
 * connection read each time. Reading 400 connections' rows twice a second
 * for nothing cost more than a tenth of the server's CPU at light load.
 */
export function startSweeper(hocuspocus: Hocuspocus, storage: Storage, intervalMs = 500): Sweeper {
  let running: Promise<void> | null = null;
  // Targets asked for while a check runs; `everything` when a full check was asked for, `periodic` when one is due.
  let queued: SweepTarget[] = [];
  let everything = false;
  let periodic = false;
  // The store's access version at the start of the last periodic check that finished, and the connections it saw.
  let versionChecked: string | null = null;
  let seen = new WeakSet<object>();

  const open = (): Open[] => {
    const all: Open[] = [];
    for (const document of hocuspocus.documents.values()) {
      for (const connection of document.connections.keys()) {
        const context = connection.context as ConnectionContext | undefined;
        // Server-side connections (the API's) carry no token: nobody signed them in.
        if (context?.token) all.push({ documentName: document.name, connection, context });
      }
    }
    return all;
  };

  const checkOne = async ({ documentName, connection, context }: Open) => {
    const session = await storage.findSession(context.token);
    const membership = session ? await storage.getMembership(documentName, session.user.id) : null;
    const unchanged = membership && membership.role === context.membership.role && membership.delegation === context.membership.delegation;
    if (!session || !unchanged) {
      connection.sendStateless(JSON.stringify({ type: "revoked", reason: session ? "your membership of this document changed" : "your session has ended; sign in again" }));
      connection.close({ code: 4401, reason: session ? "membership changed" : "session ended" } as Parameters<typeof connection.close>[0]);
    }
  };

  const named = (one: Open, targets: readonly SweepTarget[]) =>
    targets.some((t) => t.userId === one.context.user.id && (t.documentId === null || t.documentId === one.documentName));

  const sweep = async (kind: "targets" | "everything" | "periodic", targets: readonly SweepTarget[]) => {
    if (kind === "targets") {
      for (const one of open()) if (named(one, targets)) await checkOne(one);
      return;
    }
    // Read before the connections: a change made while they are checked moves the version past this one.
    const version = await storage.accessVersion();
    const changed = kind === "everything" || version === null || version !== versionChecked;
    const now = new Date().toISOString();
    const nowSeen = new WeakSet<object>();
    for (const one of open()) {
      if (changed || !seen.has(one.connection) || one.context.expiresAt <= now || named(one, targets)) await checkOne(one);
      nowSeen.add(one.connection);
    }
    seen = nowSeen;
    versionChecked = version;
  };

  const run = () => {
    if (running) return;
    const kind = everything ? "everything" : periodic ? "periodic" : "targets";
    const targets = queued;
    everything = false;
    periodic = false;
    queued = [];
    running = sweep(kind, targets)
      .catch(() => {
        // The store out of reach: the next check tries again (and, not having finished, this one counts for nothing).
        versionChecked = null;
      })
      .finally(() => {
        running = null;
        if (everything || periodic || queued.length) run();
      });
  };

  const timer = setInterval(() => {
    // A tick that finds a check running is skipped, not queued.
    if (running) return;
    periodic = true;
    run();
  }, intervalMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    check(target) {
      if (target) queued.push(target);
      else everything = true;
      run();
    },
  };
}
