import type { NegotiationDocument } from "@accord/schema";
import type { Transform } from "prosemirror-transform";

/**
 * What a resolution operation gives: the new document, the ProseMirror steps
 * that lead to it (the editor and the server apply these to the live text),
 * and a sentence for the record — or, when the operation does not apply, the
 * reason in words a chair understands. Nothing changes on refusal.
 */
export type Resolution =
  | { readonly ok: true; readonly document: NegotiationDocument; readonly transform: Transform; readonly message: string }
  | { readonly ok: false; readonly reason: string };

/** A refusal. */
export function refuse(reason: string): Resolution {
  return { ok: false, reason };
}

/** A done operation: the document after the transform, checked. */
export function done(document: NegotiationDocument, transform: Transform, message: string): Resolution {
  return { ok: true, document: document.withContent(transform.doc), transform, message };
}
