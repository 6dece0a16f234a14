import { ServedElsewhere } from "../collab/ownership.js";
import { RestoringDocument, UnreadableDocument, type UnavailableDocument } from "../collab/unavailable.js";

/**
 * A 4xx answer: `{ "error": message }`, with `extra` fields beside it (the
 * list of what is unresolved when a final text is refused). Route handlers
 * throw it; the API's error handler writes it.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    /** Response headers to send with it (Retry-After). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * The one answer for a document that does not exist and for one the caller
 * is not a member of, so that the API does not reveal which documents exist.
 */
export function noSuchDocument(id: string): HttpError {
  return new HttpError(404, `there is no document '${id}' that you are a member of`);
}

/**
 * The answer for a document that cannot be opened now (`UnavailableDocument`):
 * 409 with the sentence naming the document and how the secretariat
 * restores it, `document` and `problem` beside it, when it does not read —
 * the request and the server are fine, the stored document is in the way and
 * a person can set it right; retrying does not help —, 503 with
 * Retry-After while a restore of it is under way, and 421 (Misdirected
 * Request) with `servedBy` when another server holds it (the balancer sent
 * the request to the wrong server, or the document is changing hands).
 */
export function unavailableAnswer(error: UnavailableDocument): HttpError {
  if (error instanceof UnreadableDocument) {
    return new HttpError(409, error.message, { document: error.documentId, readable: false, problem: error.problem });
  }
  if (error instanceof ServedElsewhere) return new HttpError(421, error.message, { document: error.documentId, servedBy: error.address }, { "Retry-After": "1" });
  if (error instanceof RestoringDocument) return new HttpError(503, error.message, { document: error.documentId }, { "Retry-After": "2" });
  return new HttpError(503, error.message, { document: error.documentId });
}
