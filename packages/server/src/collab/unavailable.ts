/** The most of a reading problem a refusal quotes: a schema error can run to pages. */
const MAX_PROBLEM_LENGTH = 300;

/** A problem on one line, cut to `MAX_PROBLEM_LENGTH` characters. */
function quoted(problem: string): string {
  const line = problem.replace(/\s+/g, " ").trim();
  return line.length > MAX_PROBLEM_LENGTH ? `${line.slice(0, MAX_PROBLEM_LENGTH - 1)}…` : line;
}

/**
 * A document that cannot be opened at the moment, with the sentence a person
 * sees (`message`, also as `reason`, which Hocuspocus sends to a refused
 * client). Thrown when loading such a document, so that Hocuspocus refuses
 * the connection; the API answers it with its status.
 */
export class UnavailableDocument extends Error {
  /** What Hocuspocus sends a client it refuses (`permission-denied` otherwise). */
  readonly reason: string;

  constructor(
    readonly documentId: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
    this.reason = message;
  }
}

/**
 * A stored document whose log does not read as a negotiation document (see
 * `readDocument`): it names the document, says why, and how the secretariat
 * restores it. Nothing but this document is affected.
 */
export class UnreadableDocument extends UnavailableDocument {
  /** Why it does not read, on one line. */
  readonly problem: string;

  constructor(documentId: string, problem: string) {
    const why = quoted(problem);
    super(
      documentId,
      `document “${documentId}” cannot be read (${why}); the secretariat can restore it from its log: ` +
        `accord restore ${documentId}, or POST /api/documents/${documentId}/restore`,
    );
    this.problem = why;
  }
}

/** A document whose log a restore is setting aside entries of: it opens again in a moment. */
export class RestoringDocument extends UnavailableDocument {
  constructor(documentId: string) {
    super(documentId, `document “${documentId}” is being restored from its log; open it again in a moment`);
  }
}
