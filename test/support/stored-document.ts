import { DEFAULT_CONFIG, openStorage } from "@accord/server";
import * as Y from "yjs";
import { documentText } from "./y-documents.js";

/** The text of a document as the PostgreSQL database at `databaseUrl` has it: its snapshot and the log after it. */
export async function storedText(databaseUrl: string, documentId: string): Promise<string> {
  const storage = await openStorage({ ...DEFAULT_CONFIG, databaseUrl });
  try {
    const { snapshot, updates } = await storage.loadDocumentState(documentId);
    const doc = new Y.Doc();
    if (snapshot) Y.applyUpdate(doc, snapshot.data);
    for (const update of updates) Y.applyUpdate(doc, update.data);
    return documentText(doc);
  } finally {
    await storage.close();
  }
}
