import { delegationColour } from "@accord/merge";
import type { beforeHandleAwarenessPayload, Connection, Document, Extension } from "@hocuspocus/server";
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
 * by who the session says it is, with its delegation's colour. Only the
 * connection that first published a Yjs client's state may speak for that
 * client (clients relay what they know of others); a connection may publish
 * at most `maxUpdatesPerSecond` updates, each state at most `maxStateBytes`;
 * what goes beyond is dropped.
 */
export function presence(options: PresenceOptions): Extension {
  const budgets = new WeakMap<Connection, { windowStart: number; count: number }>();
  // Which connection speaks for each Yjs client, per document: the first to publish its state.
  const owners = new WeakMap<Document, Claims>();
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
      if (++budget.count > options.maxUpdatesPerSecond) {
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
      let claims = owners.get(document);
      if (!claims) owners.set(document, (claims = { owned: new Map(), pruneAbove: 64 }));
      const owned = claims.owned;
      for (const [clientId, state] of [...states]) {
        // Clients relay what they know of others; only a client's own connection may speak for it.
        const owner = owned.get(clientId);
        if (owner && owner !== connection) {
          states.delete(clientId);
          continue;
        }
        // Hocuspocus reads each message into a scratch awareness whose own empty state
        // comes along under a fresh id (and is then ignored): an empty state claims nothing.
        if (!state || Object.keys(state).length === 0) continue;
        if (!owner) {
          owned.set(clientId, connection);
          if (owned.size > claims.pruneAbove) forgetClosed(claims, document);
        }
        if (JSON.stringify(state).length > options.maxStateBytes) {
          states.delete(clientId);
          continue;
        }
        state.user = identity;
      }
    },
  };
}

/** Which connection speaks for each Yjs client of one document. */
interface Claims {
  readonly owned: Map<number, Connection>;
  /** Size beyond which closed connections' claims are dropped; doubles so pruning stays amortised. */
  pruneAbove: number;
}

/** Drops the claims of connections that have left the document, so the map stays as small as the room. */
function forgetClosed(claims: Claims, document: Document): void {
  const open = new Set(document.getConnections());
  for (const [clientId, connection] of claims.owned) if (!open.has(connection)) claims.owned.delete(clientId);
  claims.pruneAbove = Math.max(64, 2 * claims.owned.size);
}
