import { delegationColour } from "@accord/merge";
import type { beforeHandleAwarenessPayload, Connection, Extension } from "@hocuspocus/server";
import type { ClientIds } from "./client-ids.js";
import type { ConnectionContext } from "./context.js";

/** Limits of presence messages. */
export interface PresenceOptions {
  /** Awareness updates a connection may send per second; more are dropped. */
  readonly maxUpdatesPerSecond: number;
  /** The largest presence state, as JSON, a client may publish. */
  readonly maxStateBytes: number;
}

/** The identity a client's presence carries, as the server knows it. */
export interface PresenceIdentity {
  readonly name: string;
  readonly username: string;
  readonly role: string;
  readonly delegation: string;
  readonly colour: string;
}

/**
 * Presence is the client's to describe (cursor, selection) but its identity
 * is not: the `user` field of every state a connection publishes is replaced
 * by who the session says it is, with its delegation's colour. A Yjs
 * client's presence is published only by the account that owns the client
 * id (`ClientIds`: the first to write or publish under it), through its
 * connection now open (clients relay what they know of others; that is
 * dropped); a connection may publish
 * at most `maxUpdatesPerSecond` updates, each state at most `maxStateBytes`;
 * what goes beyond is dropped.
 */
export function presence(options: PresenceOptions, owners: (documentName: string) => ClientIds | null): Extension {
  const budgets = new WeakMap<Connection, { windowStart: number; count: number }>();
  return {
    extensionName: "accord-presence",
    async beforeHandleAwareness({ states, context, connection, document }: beforeHandleAwarenessPayload<ConnectionContext>) {
      if (!context || !connection) return;
      const now = Date.now();
      let budget = budgets.get(connection);
      if (!budget) budgets.set(connection, (budget = { windowStart: now, count: 0 }));
      if (now - budget.windowStart >= 1000) {
        budget.windowStart = now;
        budget.count = 0;
      }
      // Beyond the budget the update is emptied, not refused: refusing would close the connection.
      const clients = owners(document.name);
      if (++budget.count > options.maxUpdatesPerSecond || !clients) {
        states.clear();
        return;
      }

      const code = context.membership.delegation;
      const identity: PresenceIdentity = {
        name: context.user.displayName,
        username: context.user.username,
        role: context.membership.role,
        delegation: code,
        colour: code ? delegationColour(code).ink : "#595959",
      };
      for (const [clientId, state] of [...states]) {
        // Hocuspocus reads each message into a scratch awareness whose own empty state
        // comes along under a fresh id (and is then ignored): an empty state claims nothing.
        if (!state || Object.keys(state).length === 0) continue;
        await clients.know([clientId]);
        // Clients relay what they know of others; only a client's own connection may speak for it.
        if (clients.presenceProblem(clientId, connection, context.user.id) || JSON.stringify(state).length > options.maxStateBytes) {
          states.delete(clientId);
          continue;
        }
        clients.claim([clientId], connection, context.user.id);
        state.user = identity;
      }
    },
  };
}
