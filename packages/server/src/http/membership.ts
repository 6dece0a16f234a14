import { readDocument } from "@accord/collab";
import type { NegotiationDocument, Result } from "@accord/schema";
import { readFromLog } from "../collab/from-log.js";
import type { Storage } from "../storage/storage.js";

/**
 * A document as its log stands in storage, for tools that run beside the
 * server (`accord member add`): the latest snapshot and every update after
 * it. Null when there is no such document; the message when it cannot be read.
 * A running server's edits are in the log before they are acknowledged, so
 * this is the document as every acknowledged edit left it.
 */
export async function readStoredDocument(storage: Storage, id: string): Promise<Result<NegotiationDocument> | null> {
  if (!(await storage.getDocument(id))) return null;
  return readFromLog(storage, id, readDocument);
}
