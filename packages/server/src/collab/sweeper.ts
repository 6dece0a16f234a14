import type { Hocuspocus } from "@hocuspocus/server";
import type { Storage } from "../storage/storage.js";
import type { ConnectionContext } from "./context.js";

/**
 * Every `intervalMs`, checks each open document connection against the
 * store: a session that expired or was ended, or a membership that was
 * removed or changed (role, delegation), closes the connection — so a
 * revocation takes effect within the interval, whoever made it (the API, or
 * `accord member` in another process). Returns a function that stops it.
 */
export function startSweeper(hocuspocus: Hocuspocus, storage: Storage, intervalMs = 500): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.connections.keys()) {
          const context = connection.context as ConnectionContext | undefined;
          if (!context?.token) continue;
          const session = await storage.findSession(context.token);
          const membership = session ? await storage.getMembership(document.name, session.user.id) : null;
          const unchanged =
            membership && membership.role === context.membership.role && membership.delegation === context.membership.delegation;
          if (!session || !unchanged) {
            connection.sendStateless(JSON.stringify({ type: "revoked", reason: session ? "your membership of this document changed" : "your session has ended; sign in again" }));
            connection.close({ code: 4401, reason: session ? "membership changed" : "session ended" } as Parameters<typeof connection.close>[0]);
          }
        }
      }
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
