import { documentToUpdate, readDocument } from "@accord/collab";
import type { NegotiationDocument } from "@accord/schema";
import * as Y from "yjs";

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

/** Two replicas of `start`, as two pages opened on it have it. */
export function replicas(start: NegotiationDocument): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, documentToUpdate(start));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

/** Brings two replicas together: each gets what the other has. */
export function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
}
