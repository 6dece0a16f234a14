import type { Result } from "@accord/schema";
import * as Y from "yjs";
import type { Storage } from "../storage/storage.js";

/**
 * Reads a document as its durable log has it: a Y.Doc made from the latest
 * snapshot and the updates after it, given to `read` and freed afterwards
 * (what `read` returns must not keep it). For a document no one has open.
 * A logged update that Yjs cannot apply is a failed read, like content that
 * does not read; a failing store throws.
 */
export async function readFromLog<T>(storage: Storage, id: string, read: (ydoc: Y.Doc) => Result<T>): Promise<Result<T>> {
  const { snapshot, updates } = await storage.loadDocumentState(id);
  const ydoc = new Y.Doc();
  try {
    try {
      Y.transact(ydoc, () => {
        if (snapshot) Y.applyUpdate(ydoc, snapshot.data);
        for (const update of updates) Y.applyUpdate(ydoc, update.data);
      });
    } catch (error) {
      return { ok: false, message: `its log holds an update that cannot be applied: ${(error as Error).message}` };
    }
    return read(ydoc);
  } finally {
    ydoc.destroy();
  }
}
