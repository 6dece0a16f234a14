import type { Extension, Hocuspocus, onLoadDocumentPayload } from "@hocuspocus/server";
import pg from "pg";
import { ProcessKey, servingHolder } from "../storage/postgres-lease.js";
import type { PostgresStorage } from "../storage/postgres.js";
import type { GroupCommit } from "./group-commit.js";
import { UnavailableDocument } from "./unavailable.js";

/**
 * A document another living server holds the lease of: this one does not
 * serve it (never from a stale copy), and says where it is served.
 */
export class ServedElsewhere extends UnavailableDocument {
  constructor(
    documentId: string,
    /** Where the holder serves (`http://host:port`). */
    readonly address: string,
  ) {
    super(documentId, `document “${documentId}” is served by another server (${address}) at the moment; open it again through the load balancer`);
  }
}

/**
 * How long a client arriving while this server has lost its process key (the
 * database restarting) is held, its socket open, for the key to come back
 * before the socket is closed for it to reconnect: a little less than the
 * 10 s a socket may take to authenticate (`authTimeoutMs`).
 */
const KEY_WAIT_MS = 8000;

/** How a server takes part in owning documents on a shared PostgreSQL database. */
export interface OwnershipOptions {
  readonly storage: PostgresStorage;
  readonly commits: GroupCommit;
  /** How long a lease lasts from its last renewal; renewed every third of it. */
  readonly ttlMs: number;
}

/** What ownership needs of the running server, once it runs. */
export interface OwnedServer {
  readonly hocuspocus: Hocuspocus;
  /** Where this server serves, as other servers reach it. */
  readonly address: string;
  /** Closes the document's connections so that its clients reconnect, and unloads it; resolves once it is unloaded. */
  evict(documentId: string, reason: string): Promise<void>;
  /** Closes the socket a client's request opened, so that it reconnects; false when the request is no client's socket. */
  closeSocket(request: Request, reason: string): boolean;
}

/**
 * One authority per document among servers sharing a PostgreSQL database: a
 * server serves a document only while it holds the document's lease
 * (postgres-lease.ts). The lease is taken before the document is loaded —
 * so the log read afterwards holds every append of the previous holder —,
 * renewed every third of its life, and given back when the document is
 * unloaded. When a renewal finds the lease gone, an append is refused by
 * its fence, the database has been unreachable for most of a lease, or this
 * process's key was lost, the document is given up: its clients are
 * disconnected (they reconnect, through the balancer, to whoever takes it)
 * and it is unloaded. Nothing is acknowledged meanwhile, as every append is
 * checked against the lease in the database under the document's row lock.
 * While the process key is lost (the database restarting) no lease is taken,
 * and a client that reconnects waits, its socket open, for the key to be back.
 */
export class DocumentOwnership {
  private server: OwnedServer | null = null;
  private renewal: NodeJS.Timeout | null = null;
  private lastRenewalStart = Date.now();
  private closed = false;
  /** Documents being given up, until they are unloaded. */
  private readonly givingUp = new Map<string, Promise<void>>();
  /** The documents whose lease this server took (some may have been lost since). */
  private readonly held = new Set<string>();
  /** Per document, the release of its lease under way: a new load waits for it. */
  private readonly releasing = new Map<string, Promise<void>>();
  /** Documents whose lease is held for work other than serving them (`whileHolding`). */
  private readonly working = new Set<string>();

  /** Connections of its own to look up who serves a document, beside the store's. */
  private readonly lookups: pg.Pool;

  private constructor(
    private readonly options: OwnershipOptions,
    private key: ProcessKey | null,
  ) {
    this.lookups = new pg.Pool({ connectionString: options.storage.url, max: 2 });
    // A connection failing while idle is dropped by the pool; without a listener the error would end the process.
    this.lookups.on("error", () => {});
  }

  /**
   * Takes this process's key (a session advisory lock, so that other servers
   * see at once when it dies) and starts renewing leases. Rejects when the
   * database cannot be reached.
   */
  static async start(options: OwnershipOptions): Promise<DocumentOwnership> {
    if (!(options.ttlMs >= 1000)) throw new RangeError(`a lease must last at least 1000 ms, not ${options.ttlMs}`);
    const ownership = new DocumentOwnership(options, null);
    ownership.key = await ProcessKey.take(options.storage.url, () => ownership.giveUpAll("this server lost its connection to the database"));
    options.commits.onLeaseLost = (ids) => {
      for (const id of ids) void ownership.giveUp(id, "another server took the document over");
    };
    return ownership;
  }

  /** This process's key, as leases name their holder. */
  get processKey(): number {
    return this.key!.key;
  }

  /**
   * Where another living server serves the document now, or null when this
   * server has it loaded or nobody else serves it (then it is loaded here,
   * lease first). Rejects when the database cannot be reached.
   */
  async servedElsewhere(documentId: string): Promise<string | null> {
    if (this.isInUse(documentId) && !this.givingUp.has(documentId)) return null;
    const holder = await servingHolder(this.lookups, documentId);
    return holder && holder.owner !== this.processKey ? holder.address : null;
  }

  /** Starts serving: from now on documents are loaded (and their leases taken) for `server`. */
  attach(server: OwnedServer): void {
    this.server = server;
    const every = Math.max(200, Math.floor(this.options.ttlMs / 3));
    this.renewal = setInterval(() => void this.renew(), every);
    this.renewal.unref?.();
  }

  /** The Hocuspocus side: the lease taken before any other extension loads the document, given back after it is unloaded. */
  readonly extension: Extension = {
    extensionName: "accord-ownership",
    priority: 1000,
    onConnect: async ({ documentName, request }: { documentName: string; request: Request }) => {
      // A client arriving while the document is given up waits for it to be unloaded.
      await this.givingUp.get(documentName);
      // While the database is out of reach (restarting) the client waits here, its socket open —
      // the page shows its changes syncing — and is let through once this server holds its key
      // again. Refused, it would be told it may not open the document, and stop; a socket closed
      // instead reconnects.
      if (!(await this.keyHeldWithin(KEY_WAIT_MS))) this.refuseForNow(request, documentName);
      // One sent here while another server serves the document (the balancer's ring is changing)
      // has its socket closed, to reconnect until it reaches the document's server or the lease
      // is free: a refusal would leave it waiting for good.
      let elsewhere: string | null;
      try {
        elsewhere = await this.servedElsewhere(documentName);
      } catch {
        this.refuseForNow(request, documentName);
      }
      if (elsewhere && this.server?.closeSocket(request, `served by another server (${elsewhere})`)) throw new ServedElsewhere(documentName, elsewhere);
    },
    onLoadDocument: async ({ documentName }: onLoadDocumentPayload) => {
      await this.releasing.get(documentName);
      const { storage, ttlMs } = this.options;
      if (this.closed || !this.server) throw new UnavailableDocument(documentName, "this server is stopping; open the document again in a moment");
      // Without its key this server looks gone to the others, which may take the document meanwhile.
      if (!this.key?.held) throw new UnavailableDocument(documentName, "this server cannot reach the database at the moment; open the document again in a moment");
      const acquired = await storage.acquireLease(documentName, this.processKey, this.server.address, ttlMs);
      if (acquired.ok) this.held.add(documentName);
      else if (acquired.holder) throw new ServedElsewhere(documentName, acquired.holder.address);
      // No such document: the durable log says so.
    },
    afterUnloadDocument: async ({ documentName }: { documentName: string }) => {
      const release = this.release(documentName);
      this.releasing.set(documentName, release);
      await release;
      if (this.releasing.get(documentName) === release) this.releasing.delete(documentName);
    },
  };

  /** Whether this process holds its key, waiting up to `timeoutMs` for it to be taken again after a break. */
  private async keyHeldWithin(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && !this.key?.held) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return !this.closed;
  }

  /** Closes a client's socket while the database is out of reach, for it to reconnect in a moment, and ends its connection attempt. */
  private refuseForNow(request: Request, documentId: string): never {
    // A close reason holds at most 123 bytes: short, and without the document's id.
    this.server?.closeSocket(request, "database out of reach; reconnect in a moment");
    throw new UnavailableDocument(documentId, `this server cannot reach the database at the moment; open “${documentId}” again in a moment`);
  }

  /** Gives the lease of an unloaded document back, after its last append, unless it was loaded again meanwhile. */
  private async release(documentId: string): Promise<void> {
    await this.options.commits.drain();
    if (this.isInUse(documentId)) return;
    this.held.delete(documentId);
    await this.options.storage.releaseLease(documentId).catch(() => {
      // Unreachable database: the lease runs out by itself.
    });
  }

  private isInUse(documentId: string): boolean {
    if (this.working.has(documentId)) return true;
    const hocuspocus = this.server?.hocuspocus;
    return !!hocuspocus && (hocuspocus.documents.has(documentId) || hocuspocus.loadingDocuments.has(documentId));
  }

  /**
   * Runs `work` on a document this server does not have loaded (a restore
   * from its log) while holding its lease, so that no other server loads or
   * writes it meantime; the lease is given back afterwards. Throws
   * `ServedElsewhere` when another server serves the document (the work
   * belongs there), `UnavailableDocument` while this server stops.
   */
  async whileHolding<T>(documentId: string, work: () => Promise<T>): Promise<T> {
    await this.releasing.get(documentId);
    const { storage, ttlMs } = this.options;
    if (this.closed || !this.server) throw new UnavailableDocument(documentId, "this server is stopping; try again in a moment");
    if (!this.key?.held) throw new UnavailableDocument(documentId, "this server cannot reach the database at the moment; try again in a moment");
    const acquired = await storage.acquireLease(documentId, this.processKey, this.server.address, ttlMs);
    if (!acquired.ok) {
      if (acquired.holder) throw new ServedElsewhere(documentId, acquired.holder.address);
      return work(); // No such document: the work says so.
    }
    this.held.add(documentId);
    this.working.add(documentId);
    try {
      return await work();
    } finally {
      this.working.delete(documentId);
      await this.release(documentId);
    }
  }

  /**
   * Stops serving the document: its clients are disconnected (to reconnect
   * to whoever holds it next) and it is unloaded. Resolves once it is.
   */
  giveUp(documentId: string, reason: string): Promise<void> {
    const under = this.givingUp.get(documentId);
    if (under) return under;
    const server = this.server;
    if (!server) return Promise.resolve();
    const done = server
      .evict(documentId, reason)
      .catch((error: Error) => console.error(`accord: giving up ${documentId}: ${error.message}`))
      .finally(() => this.givingUp.delete(documentId));
    this.givingUp.set(documentId, done);
    return done;
  }

  private giveUpAll(reason: string): void {
    const hocuspocus = this.server?.hocuspocus;
    if (!hocuspocus) return;
    for (const id of new Set([...hocuspocus.documents.keys(), ...hocuspocus.loadingDocuments.keys()])) void this.giveUp(id, reason);
  }

  /** Extends the leases held; gives up those that were lost, and the leases of documents no longer loaded. */
  private async renew(): Promise<void> {
    if (this.closed || !this.key) return;
    const { storage, ttlMs } = this.options;
    const start = Date.now();
    let renewed: Set<string>;
    try {
      renewed = await storage.renewLeases(this.processKey, ttlMs);
    } catch {
      // Past most of a lease without a renewal another server may take the documents soon: stop serving them first.
      if (Date.now() - this.lastRenewalStart > ttlMs * 0.75) this.giveUpAll("this server cannot reach the database");
      return;
    }
    this.lastRenewalStart = start;
    for (const id of [...this.held]) {
      if (!renewed.has(id)) {
        this.held.delete(id);
        void this.giveUp(id, "another server took the document over");
      } else if (!this.isInUse(id) && !this.releasing.has(id)) {
        // A lease taken for a load that failed afterwards.
        this.held.delete(id);
        await storage.releaseLease(id).catch(() => {});
      }
    }
  }

  /**
   * Stops renewing, gives back every lease (after the server has unloaded
   * its documents and written what was pending), and lets the process key go.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.renewal) clearInterval(this.renewal);
    await Promise.all(this.givingUp.values());
    await Promise.all(this.releasing.values());
    await this.options.commits.drain();
    for (const id of this.held) await this.options.storage.releaseLease(id).catch(() => {});
    this.held.clear();
    await this.key?.release();
    await this.lookups.end();
  }
}
