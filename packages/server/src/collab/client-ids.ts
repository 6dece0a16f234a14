import type { Connection } from "@hocuspocus/server";
import type * as Y from "yjs";
import { clientIdsOf, readUpdate } from "./read-update.js";
import type { LoggedUpdate } from "../storage/storage.js";

/** The most client ids one connection may speak for: a page has one; a few more allow for reloads of its document. */
export const MAX_IDS_PER_CONNECTION = 16;

/** Who a Yjs client id belongs to: an account, and the connection that speaks for it now. */
interface Owner {
  /** The account; null for the server itself (imports, the API's operations). */
  readonly userId: string | null;
  connection: Connection | null;
}

/**
 * Which account each Yjs client id of one document belongs to. Client ids
 * are chosen by clients and prove nothing, so the first account to write
 * structs (or publish presence) under an id owns it, and from then on only
 * that account's connection speaks for it: another connection's structs,
 * GC ranges or presence under it are refused, since a foreign GC range
 * claiming clocks the owner has not used yet would make the server ignore
 * the owner's next edits. A reconnecting page keeps its Y.Doc and so its
 * client id: the same account's new connection takes the id over. The
 * server's own ids (the live document's, and those of imports and API
 * operations) belong to no account.
 *
 * Owners of ids written before the document was loaded are read from its
 * log (every entry says who sent it) the first time such an id is used —
 * once per load, and only when needed.
 */
export class ClientIds {
  private readonly owners = new Map<number, Owner>();
  private readonly claimed = new WeakMap<Connection, number>();
  private history: Promise<void> | null = null;
  private historyRead = false;

  constructor(
    private readonly live: Y.Doc,
    private readonly readLog: () => Promise<readonly LoggedUpdate[]>,
  ) {
    this.owners.set(live.clientID, { userId: null, connection: null });
  }

  /**
   * Resolves once the owners of `ids` are known: at once, unless one of them
   * has structs in the document and no owner yet (the log is then read).
   * Rejects when the log cannot be read.
   */
  async know(ids: Iterable<number>): Promise<void> {
    if (this.historyRead) return;
    for (const id of ids) {
      if (!this.owners.has(id) && this.live.store.clients.has(id)) {
        this.history ??= this.readHistory().catch((error: unknown) => {
          this.history = null;
          throw error;
        });
        return this.history;
      }
    }
  }

  /**
   * Why `connection`, signed in as `userId`, may not write under these ids,
   * or null when it may. Ids of the document with no known owner belong to
   * nobody who may still write (they came before the log said who).
   */
  problem(ids: Iterable<number>, connection: Connection, userId: string): string | null {
    // New ids of this very update count too: one update may name any number of them.
    let claimed = this.claimed.get(connection) ?? 0;
    for (const id of ids) {
      const owner = this.owners.get(id);
      if (!owner) {
        if (this.live.store.clients.has(id)) return `client id ${id}, which is not this connection's`;
        if (++claimed > MAX_IDS_PER_CONNECTION) return `more than ${MAX_IDS_PER_CONNECTION} client ids on one connection`;
        continue;
      }
      if (owner.userId !== userId) return `client id ${id}, which belongs to ${owner.userId === null ? "the server" : "another member"}`;
    }
    return null;
  }

  /**
   * Why `connection` may not publish presence for client `id`: as for
   * structs, and besides, another connection still open speaks for it (a
   * page relays the others' states it knows; those are not its to give).
   */
  presenceProblem(id: number, connection: Connection, userId: string): string | null {
    const problem = this.problem([id], connection, userId);
    if (problem) return problem;
    const speaker = this.owners.get(id)?.connection;
    if (speaker && speaker !== connection && speaker.document.hasConnection(speaker)) return `client id ${id}, which speaks through another connection`;
    return null;
  }

  /** Records that the server writes under `id` (its own changes, made on the permission check's copy). */
  ownedByServer(id: number): void {
    const owner = this.owners.get(id);
    if (!owner) this.owners.set(id, { userId: null, connection: null });
    else if (owner.userId !== null) throw new Error(`client id ${id} is already a member's`);
  }

  /** Records that `connection` (signed in as `userId`) speaks for these ids; `problem` must have allowed it. */
  claim(ids: Iterable<number>, connection: Connection, userId: string): void {
    for (const id of ids) {
      const owner = this.owners.get(id);
      if (owner) owner.connection = connection;
      else {
        this.owners.set(id, { userId, connection });
        this.claimed.set(connection, (this.claimed.get(connection) ?? 0) + 1);
      }
    }
  }

  /** Whether the log has been read for the owners of earlier ids. */
  get isHistoryRead(): boolean {
    return this.historyRead;
  }

  private async readHistory(): Promise<void> {
    const log = await this.readLog();
    for (const entry of log) {
      const userId = entry.origin === "client" ? entry.userId : null;
      for (const id of clientIdsOf(readUpdate(entry.data))) if (!this.owners.has(id)) this.owners.set(id, { userId, connection: null });
    }
    this.historyRead = true;
  }
}
