import type { Hocuspocus } from "@hocuspocus/server";
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

/**
 * Every `intervalMs`, and at once for the connections `check` names, checks
 * open document connections against the store: a session that expired or
 * was ended, or a membership that was removed or changed (role, delegation),
 * closes the connection — so a revocation takes effect within the interval
 * whoever made it (the API, or `accord member` in another process), or at
 * once where it is announced (PostgreSQL). Checks never overlap: one asked
 * for during a check runs after it.
 */
export function startSweeper(hocuspocus: Hocuspocus, storage: Storage, intervalMs = 500): Sweeper {
  let running: Promise<void> | null = null;
  // Targets asked for while a check runs; `everything` when a full check is due.
  let queued: SweepTarget[] = [];
  let everything = false;

  const sweep = async (targets: readonly SweepTarget[] | null) => {
    for (const document of hocuspocus.documents.values()) {
      for (const connection of document.connections.keys()) {
        const context = connection.context as ConnectionContext | undefined;
        if (!context?.token) continue;
        if (targets && !targets.some((t) => t.userId === context.user.id && (t.documentId === null || t.documentId === document.name))) continue;
        const session = await storage.findSession(context.token);
        const membership = session ? await storage.getMembership(document.name, session.user.id) : null;
        const unchanged = membership && membership.role === context.membership.role && membership.delegation === context.membership.delegation;
        if (!session || !unchanged) {
          connection.sendStateless(JSON.stringify({ type: "revoked", reason: session ? "your membership of this document changed" : "your session has ended; sign in again" }));
          connection.close({ code: 4401, reason: session ? "membership changed" : "session ended" } as Parameters<typeof connection.close>[0]);
        }
      }
    }
  };

  const run = () => {
    if (running) return;
    const targets = everything ? null : queued;
    everything = false;
    queued = [];
    running = sweep(targets)
      .catch(() => {
        // The store out of reach: the next check tries again.
      })
      .finally(() => {
        running = null;
        if (everything || queued.length) run();
      });
  };

  const timer = setInterval(() => {
    // A tick that finds a check running is skipped, not queued.
    if (running) return;
    everything = true;
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
