import { documentToUpdate, LiveReading, readHeader, writeDocument } from "@accord/collab";
import type { Resolution } from "@accord/merge";
import type { DocumentHeader, NegotiationDocument, Result } from "@accord/schema";
import type { Diagnostic } from "@accord/text";
import type { Connection as HocuspocusConnection, Hocuspocus } from "@hocuspocus/server";
import * as Y from "yjs";
import type { AuditEntry, Membership, SetAside, Storage, User } from "../storage/storage.js";
import type { ConnectionContext } from "./context.js";
import type { Hold } from "./permissions/validator.js";
import { readFromLog } from "./from-log.js";
import type { GroupCommit } from "./group-commit.js";
import { Readability } from "./readable.js";
import { applyRestore, planRestore, type RestorePlan } from "./restore.js";
import { UnavailableDocument, UnreadableDocument } from "./unavailable.js";

/** A server-side connection to a document, keeping it loaded while open. */
type DirectConnection = Awaited<ReturnType<Hocuspocus["openDirectConnection"]>>;

/** A direct connection keeping a document loaded for a page about to connect, and the timer that ends it. */
interface Kept {
  readonly connection: DirectConnection;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** What `LiveDocuments.restore` did or, for a dry run (`setAside` null), would do. */
export interface Restoring {
  readonly plan: RestorePlan;
  readonly setAside: SetAside | null;
}

/** Who acts through the API: the signed-in user and their membership. */
export interface Actor {
  readonly user: User;
  readonly membership: Membership;
}

/**
 * The negotiations as they live in the server: read the current document of
 * any of them, create one, and apply a resolution operation so that every
 * connected editor sees it at once — the change goes through Hocuspocus like
 * any edit, is appended to the log before the caller hears back, and lands in
 * the audit trail with its sentence.
 */
export class LiveDocuments {
  constructor(
    private readonly hocuspocus: Hocuspocus,
    private readonly storage: Storage,
    private readonly commits: GroupCommit,
    /** Holds a document's incoming updates once those accepted have reached it; returns the release (see permissions). */
    private readonly hold: (id: string) => Promise<Hold>,
    /** How long `headerForOpening` keeps a document it loaded (see the server's `keepLoadedMs`). */
    private readonly keepLoadedMs = 10_000,
    /** What is known of reading the documents; shared with the `readable` extension, which refuses to load one that does not read. */
    private readonly readability = new Readability(),
    /**
     * Runs work on an unloaded document's stored log while no other server
     * may load it (on PostgreSQL, holding its lease: ownership.ts); throws
     * when another server serves it. One server alone needs nothing.
     */
    private readonly exclusive: <T>(id: string, work: () => Promise<T>) => Promise<T> = (_id, work) => work(),
  ) {}

  /** Documents kept loaded for pages about to connect (`headerForOpening`). */
  private readonly kept = new Set<Kept>();

  /** The reading of each loaded document that operations have acted on, kept up to date as it changes (it goes with the document). */
  private readonly readings = new WeakMap<Y.Doc, LiveReading>();

  /** The live reading of a loaded document, made the first time an operation needs it. */
  private readingOf(ydoc: Y.Doc): LiveReading {
    let reading = this.readings.get(ydoc);
    if (!reading) this.readings.set(ydoc, (reading = new LiveReading(ydoc, { readAheadMs: READ_AHEAD_MS })));
    return reading;
  }

  /** Creates a negotiation from an imported document; false when the id is taken. */
  async create(id: string, document: NegotiationDocument, creator: User | null, diagnostics: readonly Diagnostic[]): Promise<boolean> {
    const created = await this.storage.createDocument(
      { id, title: document.meta.title, createdBy: creator?.id ?? null, diagnostics },
      { documentId: id, data: documentToUpdate(document), userId: creator?.id ?? null, delegation: "", origin: "import" },
    );
    if (created && creator) {
      await this.storage.setMembership({ documentId: id, userId: creator.id, role: "chair", delegation: "" });
      await this.audit(id, { user: creator, membership: { documentId: id, userId: creator.id, role: "chair", delegation: "" } }, "create", `Created from text by ${creator.displayName}.`, {});
    }
    return created;
  }

  /**
   * The document as it stands now: from memory when someone has it open,
   * from the log otherwise. Content that does not read is a message (see
   * `readDocument`), never an exception.
   */
  async read(id: string): Promise<Result<NegotiationDocument>> {
    const loaded = this.hocuspocus.documents.get(id);
    return loaded ? this.readability.read(id, loaded) : readFromLog(this.storage, id, (ydoc) => this.readability.read(id, ydoc));
  }

  /**
   * The document's metadata and registry: from memory when someone has it
   * open, else from the log, without reading the content either way.
   */
  async header(id: string): Promise<Result<DocumentHeader>> {
    const loaded = this.hocuspocus.documents.get(id);
    return loaded ? readHeader(loaded) : readFromLog(this.storage, id, readHeader);
  }

  /**
   * The header, for a page about to open the document: when nobody has it
   * open, the document is loaded into memory (as a connection would load it)
   * and kept there `keepLoadedMs` with no connection, so that the page's
   * connection, which comes next, finds it loaded — reading the header from
   * the log would load the whole document once for the header and once more
   * for the connection (a quarter to half a second each at 2,000
   * paragraphs). A document that cannot be loaded because it does not read,
   * or is being restored, throws its `UnavailableDocument`; when loading
   * fails otherwise, the header is read from the log, whose message the
   * failure then carries.
   */
  async headerForOpening(id: string, actor: Actor): Promise<Result<DocumentHeader>> {
    const loaded = this.hocuspocus.documents.get(id);
    if (loaded) return readHeader(loaded);
    let connection: DirectConnection;
    try {
      connection = await this.hocuspocus.openDirectConnection(id, contextOf(actor));
    } catch (error) {
      if (error instanceof UnavailableDocument) throw error;
      return this.header(id);
    }
    const kept: Kept = { connection, timer: setTimeout(() => void this.release(kept), this.keepLoadedMs) };
    kept.timer.unref?.();
    this.kept.add(kept);
    // Open, so it has its document (a direct connection lets go of it only when it disconnects).
    return readHeader(connection.document!);
  }

  /** Lets go of every document `headerForOpening` keeps loaded (the server is closing). */
  async releaseKept(): Promise<void> {
    await Promise.all([...this.kept].map((kept) => this.release(kept)));
  }

  private async release(kept: Kept): Promise<void> {
    if (!this.kept.delete(kept)) return;
    clearTimeout(kept.timer);
    await kept.connection.disconnect();
  }

  /**
   * Applies an operation to the live document. The operation sees the
   * document as it is at that instant and its change is written in the same
   * synchronous step, so no other edit slips between; the update is logged,
   * then audited with the operation's message. A refusal changes nothing.
   * The document is read from its live reading (`LiveReading`), which reads
   * again only the blocks changed since the last operation, and the write
   * skips every block the operation left as it was: an operation costs what
   * it changes, not the document. Throws `UnavailableDocument` for a
   * document that does not read or is being restored.
   */
  async apply(id: string, actor: Actor, action: string, operation: (document: NegotiationDocument) => Resolution, detail: Record<string, unknown> = {}): Promise<Resolution> {
    const connection = await this.hocuspocus.openDirectConnection(id, contextOf(actor));
    let result: Resolution = { ok: false, reason: "the document could not be read" };
    try {
      // Edits already accepted come first: the operation sees them; the next wait for it.
      const hold = await this.hold(id);
      try {
        // Open, so it has its document.
        const current = this.readingOf(connection.document!).read();
        if (!current.ok) throw new UnreadableDocument(id, current.message);
        result = operation(current.value);
        const outcome = result;
        // Written first where the permission check keeps its copy (the live document, under the hold), logged,
        // and only then applied to the live document: nobody sees a change that is not on disk.
        const update = outcome.ok ? hold.write((copy) => writeDocument(copy, outcome.document, null, current.value)) : null;
        if (update) {
          try {
            await this.commits.append({ documentId: id, data: update, userId: actor.user.id, delegation: actor.membership.delegation, origin: "api" });
          } catch (error) {
            hold.discard();
            throw error;
          }
          await connection.transact((live) => Y.applyUpdate(live, update));
        }
      } finally {
        hold.release();
      }
      if (result.ok) await this.audit(id, actor, action, result.message, detail);
    } finally {
      await connection.disconnect();
    }
    return result;
  }

  /**
   * Restores a document from its log (restore.ts): finds what to keep — up
   * to `upto`, or the last state that reads — and, unless `dryRun`, sets the
   * entries after it aside, audited as the actor's. Before setting aside, the
   * document is unloaded: its connections are told why and closed (a page
   * then starts again from the restored state), and it is not loaded again
   * until the restore is done, so everyone then has the restored log. A
   * failure (nothing to restore, no state that reads, a restore of it under
   * way) is a message; throws when the document stays in use for 10 s.
   */
  async restore(id: string, actor: Actor, options: { readonly upto?: number; readonly dryRun?: boolean } = {}): Promise<Result<Restoring>> {
    const upto = options.upto === undefined ? {} : { upto: options.upto };
    if (options.dryRun) {
      const plan = await planRestore(this.storage, id, upto);
      return plan.ok ? { ok: true, value: { plan: plan.value, setAside: null } } : plan;
    }
    if (!this.readability.beginRestore(id)) return { ok: false, message: `a restore of “${id}” is under way already` };
    try {
      const reason = `the document is being restored from its log by ${actor.user.displayName}; it starts again from the restored state`;
      await this.unload(id, (connection) => {
        connection.sendStateless(JSON.stringify({ type: "rejected", reason }));
        connection.close({ code: 4409, reason: "restored from its log" } as Parameters<typeof connection.close>[0]);
      });
      // Set aside under another server serving the document, its log would no longer be what it serves.
      return await this.exclusive(id, async () => {
        const plan = await planRestore(this.storage, id, upto);
        if (!plan.ok) return plan;
        const who = { userId: actor.user.id, username: actor.user.username, delegation: actor.membership.delegation, via: "api" } as const;
        return await applyRestore(this.storage, plan.value, who);
      });
    } finally {
      this.readability.endRestore(id);
    }
  }

  /**
   * Stops serving the document here (its lease is lost, ownership.ts): the
   * sockets of its clients are closed, so that they reconnect — through the
   * balancer, to the server that holds it now — and resend what was not
   * acknowledged; resolves once Hocuspocus has unloaded it. Throws when it
   * stays loaded 10 s.
   */
  async evict(id: string, reason: string): Promise<void> {
    // A WebSocket close reason holds at most 123 bytes.
    const why = reason.length > 100 ? `${reason.slice(0, 99)}…` : reason;
    await this.unload(id, (connection) => connection.webSocket.close(MOVED_CLOSE_CODE, why));
  }

  /**
   * Closes every connection to the document (`close`: a restore tells each
   * why, as a refused edit is told, and the page starts again from the
   * server's state), lets go of it if kept for a page, and waits until
   * Hocuspocus has unloaded it. For a restore, only while `beginRestore`
   * keeps it from being loaded again.
   */
  private async unload(id: string, close: (connection: HocuspocusConnection) => void): Promise<void> {
    for (const kept of [...this.kept]) if (kept.connection.document?.name === id) await this.release(kept);
    const deadline = Date.now() + UNLOAD_TIMEOUT_MS;
    for (;;) {
      // A load under way ends first (refused: the document is being restored).
      await this.hocuspocus.loadingDocuments.get(id)?.catch(() => undefined);
      await this.hocuspocus.unloadingDocuments.get(id);
      const document = this.hocuspocus.documents.get(id);
      if (!document) return;
      for (const connection of document.connections.keys()) close(connection);
      // Compaction waiting to run would keep the document loaded: run it now.
      const store = `onStoreDocument-${id}`;
      if (this.hocuspocus.debouncer.isDebounced(store)) this.hocuspocus.debouncer.executeNow(store);
      await this.hocuspocus.unloadDocument(document);
      if (!this.hocuspocus.documents.has(id)) return;
      if (Date.now() > deadline) throw new Error(`document ${id} is still in use after ${UNLOAD_TIMEOUT_MS} ms; nothing was restored`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Appends a line to a document's audit trail. */
  audit(id: string, actor: Actor | null, action: string, message: string, detail: Record<string, unknown>): Promise<AuditEntry> {
    return this.storage.appendAudit({
      documentId: id,
      userId: actor?.user.id ?? null,
      username: actor?.user.username ?? "",
      delegation: actor?.membership.delegation ?? "",
      action,
      message,
      detail,
    });
  }
}

/**
 * How soon after people type the blocks they changed are read in the
 * background, so that an operation while they type reads few blocks itself
 * (at 200 edits a second, some 20 blocks every 100 ms).
 */
const READ_AHEAD_MS = 100;

/** The close code of a socket whose document moved to another server: its client reconnects. */
export const MOVED_CLOSE_CODE = 4503;

/** How long a restore waits for the document's connections to close and Hocuspocus to unload it. */
const UNLOAD_TIMEOUT_MS = 10_000;

/** The context of a server-side connection acting for `actor` (no token: it never authenticates). */
function contextOf(actor: Actor): ConnectionContext {
  return { user: actor.user, membership: actor.membership, token: "", expiresAt: "" };
}
