import { readDocument } from "@accord/collab";
import { createHash } from "node:crypto";
import type { NegotiationDocument, Result } from "@accord/schema";
import type { Extension, onLoadDocumentPayload } from "@hocuspocus/server";
import * as Y from "yjs";
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

  /** Why the document does not read, or null when it does: not read again when this very state read before. */
  problem(id: string, ydoc: Y.Doc): string | null {
    if (this.lastReadable.get(id) === stateKey(ydoc)) return null;
    const read = this.read(id, ydoc);
    return read.ok ? null : read.message;
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

/**
 * Refuses to load a document that does not read (design.md §4: a stored
 * document that cannot be read breaks nothing but itself): a client asking
 * for it is refused with the reason — `UnreadableDocument`'s sentence, naming
 * the document and how to restore it — instead of receiving content its
 * editor would "repair" by deleting; a server-side connection (the API) gets
 * the error. The same for a document under restore (`RestoringDocument`).
 * Runs after the durable log has filled the document (a lower priority).
 */
export function readable(readability: Readability): Extension {
  return {
    extensionName: "accord-readable",
    priority: 50,
    async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
      if (readability.isRestoring(documentName)) throw new RestoringDocument(documentName);
      const problem = readability.problem(documentName, document);
      if (problem !== null) throw new UnreadableDocument(documentName, problem);
    },
  };
}
