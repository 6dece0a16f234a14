import { readDocument } from "@accord/collab";
import { createHash } from "node:crypto";
import type { NegotiationDocument, Result } from "@accord/schema";
import type { beforeUnloadDocumentPayload, Extension, onLoadDocumentPayload } from "@hocuspocus/server";
import * as Y from "yjs";
import type { Storage } from "../storage/storage.js";
import { readingCodeVersion } from "./reading-version.js";
import { RestoringDocument, UnreadableDocument } from "./unavailable.js";

/**
 * What the server knows about reading its documents: the state of each that
 * last read (a digest of its Yjs snapshot — state vector and deletions — so
 * one state is one key however it was reached), and which documents a
 * restore is working on. Reading a 2,000-paragraph document costs as much
 * as loading it; the list of documents reads each one just before a page
 * opens it, so opening it need not read it again.
 */
export class Readability {
  private readonly lastReadable = new Map<string, string>();
  private readonly restoring = new Set<string>();

  /** Reads the document (`readDocument`), remembering its state when it reads. */
  read(id: string, ydoc: Y.Doc): Result<NegotiationDocument> {
    const read = readDocument(ydoc);
    if (read.ok) this.lastReadable.set(id, stateKey(ydoc));
    return read;
  }

  /** Whether this very state of the document read before in this process (by the digest of its Yjs snapshot). */
  readBefore(id: string, ydoc: Y.Doc): boolean {
    return this.lastReadable.get(id) === stateKey(ydoc);
  }

  /** Takes the document's state as read without reading it: its stored bytes read before with this code (`ReadableState`). */
  knownReadable(id: string, ydoc: Y.Doc): void {
    this.lastReadable.set(id, stateKey(ydoc));
  }

  /**
   * Marks the document as being restored, so that it is not loaded until
   * `endRestore`; false when a restore of it is under way already.
   */
  beginRestore(id: string): boolean {
    if (this.restoring.has(id)) return false;
    this.restoring.add(id);
    return true;
  }

  /** Lets the document be loaded again, forgetting what was known of its states. */
  endRestore(id: string): void {
    this.restoring.delete(id);
    this.lastReadable.delete(id);
  }

  isRestoring(id: string): boolean {
    return this.restoring.has(id);
  }
}

/** A digest of the Y.Doc's state: equal for equal states (a millisecond at 2,000 paragraphs). */
function stateKey(ydoc: Y.Doc): string {
  return createHash("sha256").update(Y.encodeSnapshot(Y.snapshot(ydoc))).digest("base64");
}

/** What the readable check needs besides the `Readability`: the store, and what a document was just loaded from. */
export interface ReadableCheckOptions {
  readonly storage: Storage;
  /** The digest of the bytes the document was just loaded from (`DurableLog.takeLoadDigest`), or null. */
  readonly takeLoadDigest: (documentName: string) => string | null;
  /** The digest of the bytes a load of the document would apply now (`DurableLog.storedDigest`). */
  readonly storedDigest: (documentName: string) => Promise<string>;
}

/**
 * Refuses to load a document that does not read (design.md §4: a stored
 * document that cannot be read breaks nothing but itself): a client asking
 * for it is refused with the reason — `UnreadableDocument`'s sentence, naming
 * the document and how to restore it — instead of receiving content its
 * editor would "repair" by deleting; a server-side connection (the API) gets
 * the error. The same for a document under restore (`RestoringDocument`).
 * Runs after the durable log has filled the document (a lower priority). A
 * load of the very bytes that read whole before, by the very code
 * (`ReadableState`: the digest of the snapshot and the log after it, and
 * `readingCodeVersion`), is not read again: reading is a third of a
 * 2,000-paragraph document's load. Only a read that succeeded records one.
 * So that a document reopened after a day's editing is not read again
 * either, the state it is left in is recorded as it unloads (read then, when
 * its edits changed it, while no one is waiting for it), provided that
 * nothing changed it while its stored bytes were being hashed.
 */
export function readable(readability: Readability, options: ReadableCheckOptions): Extension {
  return {
    extensionName: "accord-readable",
    priority: 50,
    async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
      if (readability.isRestoring(documentName)) throw new RestoringDocument(documentName);
      const digest = options.takeLoadDigest(documentName);
      const codeVersion = digest === null ? null : await readingCodeVersion();
      const known = digest === null || codeVersion === null ? null : await options.storage.readableState(documentName);
      // The very bytes this very code read before make the very document: no need to read it again.
      if (known && known.digest === digest && known.codeVersion === codeVersion) return readability.knownReadable(documentName, document);
      if (readability.readBefore(documentName, document)) return;
      const read = readability.read(documentName, document);
      if (!read.ok) throw new UnreadableDocument(documentName, read.message);
      // Recorded only after these bytes were read whole, here and now.
      if (digest !== null && codeVersion !== null) await options.storage.setReadableState(documentName, { digest, codeVersion });
    },
    async beforeUnloadDocument({ document, documentName }: beforeUnloadDocumentPayload): Promise<void> {
      // A hook that throws keeps the document loaded: the record is only a saving, so a failure records nothing.
      try {
        if (readability.isRestoring(documentName)) return;
        const codeVersion = await readingCodeVersion();
        if (codeVersion === null) return;
        const before = stateKey(document);
        // The live document is the replay of its log (architecture.md): what reads here is what a load would read.
        if (!readability.readBefore(documentName, document) && !readability.read(documentName, document).ok) return;
        const digest = await options.storedDigest(documentName);
        // An edit that arrived while the bytes were read from the store may be in them, unread: record nothing then.
        if (stateKey(document) !== before) return;
        await options.storage.setReadableState(documentName, { digest, codeVersion });
      } catch {
        return;
      }
    },
  };
}
