import { createHash } from "node:crypto";
import type { Extension, onLoadDocumentPayload, onStoreDocumentPayload } from "@hocuspocus/server";
import * as Y from "yjs";
import type { LoggedUpdate, Storage } from "../storage/storage.js";
import type { ConnectionContext } from "./context.js";
import type { GroupCommit } from "./group-commit.js";
import { isEmptyUpdate } from "./frames.js";
import { applyWithoutUpdateEvent } from "./silent-load.js";

/** Options of the durable log. */
export interface DurableLogOptions {
  readonly storage: Storage;
  readonly commits: GroupCommit;
  /**
   * Log entries after which the log is merged into a new snapshot — once
   * they also hold a quarter of the snapshot's bytes, so that the cost of
   * rewriting a large document stays in proportion to what was written.
   */
  readonly snapshotEvery: number;
  /** The most a document's log may hold, in bytes. */
  readonly maxDocumentBytes: number;
  /**
   * Holds a loaded document's incoming updates back once the accepted ones
   * have reached it (`Permissions.hold`): a snapshot is taken of the live
   * document under it.
   */
  readonly hold: (documentName: string) => Promise<{ release(): void }>;
}

/**
 * Makes every acknowledged edit durable: an incoming update is appended to
 * the document's log — on disk, with who sent it — before Hocuspocus applies
 * it and acknowledges it (`record`, called from the permission check inside
 * `beforeHandleMessage`, which Hocuspocus awaits first). Loading a
 * document merges its latest snapshot and the log after it, so no instance
 * can overwrite another's work with a stale full state. Now and then (on
 * Hocuspocus' debounced store) a new snapshot is taken of the live document,
 * which is the replay of its log (`compactLive`), so a snapshot holds exactly
 * what the log holds up to its sequence number; the log is kept, so every
 * past state can be rebuilt. A snapshot is made when the log since the last one (or since
 * the import that made the document) has both `snapshotEvery` entries and a
 * quarter of its bytes: rewriting a 2 MB document every few hundred
 * keystrokes would cost more than the edits.
 */
export function durableLog(options: DurableLogOptions): DurableLog {
  const { storage, commits } = options;
  const lastSnapshot = new Map<string, number>();
  // The last entry of each loaded document's log: what a compaction may take in.
  const lastLogged = new Map<string, number>();
  // Each loaded document's latest snapshot and log after it, in bytes and entries: to bound
  // its growth and to decide on compaction without reading the log.
  const sizes = new Map<string, LogSize>();
  const compacting = new Set<string>();
  // What each document was just loaded from, until the readable check takes it (takeLoadDigest).
  const loadDigests = new Map<string, string>();

  return {
    async storedDigest(documentName) {
      const { snapshot, updates } = await storage.loadDocumentState(documentName);
      return loadDigest([...(snapshot ? [snapshot.data] : []), ...updates.map((u) => u.data)]);
    },
    takeLoadDigest(documentName) {
      const digest = loadDigests.get(documentName) ?? null;
      loadDigests.delete(documentName);
      return digest;
    },

    async record(documentName, update, context) {
      // An update that changes nothing (a client's empty sync step 2) is not logged.
      if (isEmptyUpdate(update)) return;
      const size = sizes.get(documentName) ?? { snapshotBytes: 0, logBytes: 0, logEntries: 0 };
      if (size.snapshotBytes + size.logBytes + update.length > options.maxDocumentBytes) {
        throw new Error(`the document would grow beyond ${options.maxDocumentBytes} bytes`);
      }
      sizes.set(documentName, { ...size, logBytes: size.logBytes + update.length, logEntries: size.logEntries + 1 });
      const seq = await commits.append({
        documentId: documentName,
        data: update,
        userId: context.user.id,
        delegation: context.membership.delegation,
        origin: "client",
      });
      if (seq > (lastLogged.get(documentName) ?? 0)) lastLogged.set(documentName, seq);
    },

    extension: {
      extensionName: "accord-durable-log",
      // Fills Hocuspocus' own document and returns nothing: a Y.Doc returned here is
      // encoded and applied to that document once more (a second decoding of the whole
      // document, a third of a second at 2,000 paragraphs).
      async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
        const record = await storage.getDocument(documentName);
        if (!record) throw new Error("no such document");
        const { snapshot, updates } = await storage.loadDocumentState(documentName);
        // The bytes make the document only if it held nothing before them (Hocuspocus' new document).
        const empty = document.store.clients.size === 0;
        const parts = [...(snapshot ? [snapshot.data] : []), ...updates.map((u) => u.data)];
        applyWithoutUpdateEvent(document, parts, "accord-load");
        if (empty) loadDigests.set(documentName, loadDigest(parts));
        lastSnapshot.set(documentName, snapshot?.uptoSeq ?? 0);
        lastLogged.set(documentName, updates.at(-1)?.seq ?? snapshot?.uptoSeq ?? 0);
        sizes.set(documentName, logSize(snapshot?.data ?? null, updates));
      },

      async onStoreDocument({ documentName, document }: onStoreDocumentPayload) {
        const size = sizes.get(documentName);
        if (!size || size.logEntries < options.snapshotEvery || size.logBytes * 4 < size.snapshotBytes) return;
        // One compaction of a document at a time (the snapshot is deflated and written after the hold).
        if (compacting.has(documentName)) return;
        compacting.add(documentName);
        try {
          // What the log holds is read under the hold, where it is exactly what the snapshot takes in.
          const logged = () => ({ upto: lastLogged.get(documentName) ?? 0, size: sizes.get(documentName) ?? size });
          let made: { readonly state: Uint8Array; readonly logged: { readonly upto: number; readonly size: LogSize } } | null;
          try {
            made = await compactLive(document, documentName, options.hold, logged, lastSnapshot.get(documentName) ?? 0);
          } catch {
            // Not held (the check never had the document): no snapshot this time, and the document is stored all the same.
            return;
          }
          if (!made) return;
          const { upto, size: taken } = made.logged;
          await storage.saveSnapshot(documentName, upto, made.state);
          lastSnapshot.set(documentName, upto);
          // Edits logged since the hold stay in the log, after the snapshot.
          const now = sizes.get(documentName);
          if (now) {
            sizes.set(documentName, {
              snapshotBytes: made.state.length,
              logBytes: Math.max(0, now.logBytes - taken.logBytes),
              logEntries: Math.max(0, now.logEntries - taken.logEntries),
            });
          }
        } finally {
          compacting.delete(documentName);
        }
      },

      async afterUnloadDocument({ documentName }: { documentName: string }) {
        loadDigests.delete(documentName);
        sizes.delete(documentName);
        lastSnapshot.delete(documentName);
        lastLogged.delete(documentName);
      },
    },
  };
}

/**
 * A document's stored state in bytes and entries: its base — the latest
 * snapshot or, before the first, the document as imported — and the log of
 * edits after it.
 */
interface LogSize {
  readonly snapshotBytes: number;
  readonly logBytes: number;
  readonly logEntries: number;
}

/**
 * The size of a document stored as `snapshot` and the log after it. Without
 * a snapshot, the import that made the document is its base: merging a
 * freshly imported 2 MB document with its first few hundred keystrokes would
 * rewrite it all to gain nothing (it cost the server half a second of CPU
 * at 2,000 paragraphs).
 */
function logSize(snapshot: Uint8Array | null, updates: readonly LoggedUpdate[]): LogSize {
  const base = snapshot ? null : updates.find((u, i) => i === 0 && u.origin === "import");
  const edits = base ? updates.slice(1) : updates;
  return {
    snapshotBytes: snapshot?.length ?? base?.data.length ?? 0,
    logBytes: edits.reduce((n, u) => n + u.data.length, 0),
    logEntries: edits.length,
  };
}

/** The log's two sides: the Hocuspocus extension (load, compaction) and the append of a checked update. */
export interface DurableLog {
  /**
   * Appends an incoming update, with who sent it, and resolves once it is on
   * disk — called for each update after it passed the checks and before
   * Hocuspocus applies and acknowledges it. Throws when the document would
   * outgrow its limit.
   */
  record(documentName: string, update: Uint8Array, context: ConnectionContext): Promise<void>;
  /**
   * The digest (`loadDigest`) of the bytes the document was just loaded
   * from, once: null when it was taken already or the load did not start
   * from an empty document.
   */
  takeLoadDigest(documentName: string): string | null;
  /** The digest (`loadDigest`) of the bytes a load of the document would apply now. */
  storedDigest(documentName: string): Promise<string>;
  readonly extension: Extension;
}

/**
 * A digest of the stored bytes a load applies, in order (a snapshot, then
 * the log after it): equal digests, equal bytes, so the same document.
 */
export function loadDigest(parts: readonly Uint8Array[]): string {
  const hash = createHash("sha256");
  const length = new DataView(new ArrayBuffer(8));
  for (const part of parts) {
    // Each part's length first, so that no two different lists of parts hash alike.
    length.setBigUint64(0, BigInt(part.length));
    hash.update(new Uint8Array(length.buffer));
    hash.update(part);
  }
  return hash.digest("base64url");
}

/**
 * The live document's state and the log entry it is the replay of, for a
 * snapshot — or null when nothing was logged since `since`. Taken under a
 * hold of the document (see `Permissions.hold`): every accepted update has
 * then reached it and none is judged meanwhile, so the live document is the
 * replay of its log up to the last entry logged (the one door's invariant);
 * `logged` says, under the hold, which entry that is and what else to know
 * of the log then.
 * Encoding the document costs some 50 ms at 2,000 paragraphs, on the event
 * loop; merging the snapshot with the log instead (`Y.mergeUpdates`, on a
 * worker thread) cost 0.4-0.7 s of CPU a compaction — a third of a
 * millisecond per edit at 50 edits a second. Throws what the hold throws
 * (the document is not loaded).
 */
export async function compactLive<T extends { readonly upto: number }>(
  document: Y.Doc,
  documentName: string,
  hold: DurableLogOptions["hold"],
  logged: () => T,
  since: number,
): Promise<{ readonly state: Uint8Array; readonly logged: T } | null> {
  const held = await hold(documentName);
  try {
    const now = logged();
    if (now.upto <= since) return null;
    return { state: Y.encodeStateAsUpdate(document), logged: now };
  } finally {
    held.release();
  }
}
