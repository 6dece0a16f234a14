import { readDocument } from "@accord/collab";
import type { NegotiationDocument } from "@accord/schema";
import type * as Y from "yjs";

/** The document a Y.Doc holds; throws with the reason when it does not read (a test's failure). */
export function read(doc: Y.Doc): NegotiationDocument {
  const r = readDocument(doc);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** The document an operation made; throws with its reason when it refused (a test's failure). */
export function value<T>(r: { ok: true; document: T } | { ok: false; reason: string }): T {
  if (!r.ok) throw new Error(r.reason);
  return r.document;
}
