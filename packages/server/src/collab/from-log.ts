import * as Y from "yjs";
import type { Storage } from "../storage/storage.js";

/**
 * Reads a document as its durable log has it: a Y.Doc made from the latest
 * snapshot and the updates after it, given to `read` and freed afterwards
 * (what `read` returns must not keep it). For a document no one has open.
 */
export async function readFromLog<T>(storage: Storage, id: string, read: (ydoc: Y.Doc) => T): Promise<T> {
  const { snapshot, updates } = await storage.loadDocumentState(id);
  const ydoc = new Y.Doc();
  try {
    if (snapshot) Y.applyUpdate(ydoc, snapshot.data);
    for (const update of updates) Y.applyUpdate(ydoc, update.data);
    return read(ydoc);
  } finally {
    ydoc.destroy();
  }
}
