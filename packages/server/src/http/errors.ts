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
