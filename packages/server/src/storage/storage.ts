import type { Role } from "@accord/schema";
import type { Diagnostic } from "@accord/text";

/** The roles are the schema's (`@accord/schema` permissions), so storage, the API and the page agree. */
export { type Role, ROLES } from "@accord/schema";

/** An account. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  /** ISO 8601 timestamp. */
  readonly createdAt: string;
}

/** A login: a bearer token valid until `expiresAt`. */
export interface Session {
  readonly token: string;
  readonly userId: string;
  readonly expiresAt: string;
}

/** A user's place in one document. */
export interface Membership {
  readonly documentId: string;
  readonly userId: string;
  readonly role: Role;
  /** Delegation code for a delegate ("URY"); "" for other roles. */
  readonly delegation: string;
}

/** A negotiation document's record (its content lives in the update log). */
export interface DocumentRecord {
  readonly id: string;
  readonly title: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  /** What the import of the original text reported. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Where an update came from. */
export type UpdateOrigin = "import" | "client" | "api";

/** One Yjs update as appended to a document's log. */
export interface LoggedUpdate {
  /**
   * Position in the document's log, from 1, increasing and never reused; the
   * entries a restore set aside (`setAsideUpdates`) leave gaps.
   */
  readonly seq: number;
  readonly documentId: string;
  readonly data: Uint8Array;
  readonly userId: string | null;
  readonly delegation: string;
  readonly origin: UpdateOrigin;
  readonly at: string;
}

/** An update to append. */
export type NewUpdate = Omit<LoggedUpdate, "seq" | "at">;

/** A log entry a restore set aside: kept in storage, no longer part of the document. */
export interface SetAsideUpdate extends LoggedUpdate {
  /** The id of the audit entry of the restore that set it aside. */
  readonly setAsideBy: number;
}

/** What `setAsideUpdates` did: how many entries it set aside and the audit entry that says so. */
export interface SetAside {
  readonly count: number;
  readonly audit: AuditEntry;
}

/** The merged state of a document's log up to `uptoSeq`. */
export interface Snapshot {
  readonly documentId: string;
  readonly uptoSeq: number;
  readonly data: Uint8Array;
  readonly at: string;
}

/**
 * That a document's stored state read whole (`readDocument`) when it was last
 * loaded: the digest of the bytes a load applies (its snapshot and the log
 * after it, `loadDigest`) and the version of the code that read them
 * (`readingCodeVersion`). The same bytes applied by the same code make the
 * same document, so a load of them need not read it again.
 */
export interface ReadableState {
  readonly digest: string;
  readonly codeVersion: string;
}

/** One line of a document's audit trail. */
export interface AuditEntry {
  readonly id: number;
  readonly documentId: string;
  readonly at: string;
  readonly userId: string | null;
  readonly username: string;
  readonly delegation: string;
  /** What kind of act: "accept", "status", "member-added", "update" … */
  readonly action: string;
  /** The sentence for the record: "Paragraph 3 is agreed ad referendum by the CSH on 2026-11-25." */
  readonly message: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** An audit line to append. */
export type NewAuditEntry = Omit<AuditEntry, "id" | "at">;

/**
 * Where the server keeps accounts, sessions, documents, memberships, each
 * document's update log, snapshots and the audit trail. Asynchronous so that
 * the embedded SQLite store and a PostgreSQL one share it.
 *
 * Expected failures (a username taken) are values; a broken database throws.
 */
export interface Storage {
  /** Creates an account; null when the username is taken. */
  createUser(username: string, passwordHash: string, displayName?: string): Promise<User | null>;
  /** The account with this username and its password hash, or null. */
  findUserByName(username: string): Promise<(User & { readonly passwordHash: string }) | null>;
  getUser(id: string): Promise<User | null>;
  /**
   * Replaces the account's password hash and ends every session it has, in
   * one transaction (whoever knew the old password is signed out); the number
   * of sessions ended, or null when there is no such account.
   */
  setPassword(userId: string, passwordHash: string): Promise<number | null>;

  /** A new session for the user, valid for `ttlMs`. */
  createSession(userId: string, ttlMs: number): Promise<Session>;
  /** The session and its user when the token exists and has not expired; null otherwise. */
  findSession(token: string): Promise<{ readonly session: Session; readonly user: User } | null>;
  deleteSession(token: string): Promise<void>;
  /**
   * A value that changes whenever a session or a membership may have been
   * ended or changed since it was last read — by this process or another
   * using the same store (`accord member`) — so that open connections need
   * reading again; null when the store cannot tell. A session running out
   * of time does not change it.
   */
  accessVersion(): Promise<string | null>;

  /**
   * Creates a document with the first entry of its log (the imported text as
   * one update), in one transaction. False when the id is taken.
   */
  createDocument(record: Omit<DocumentRecord, "createdAt">, initial: NewUpdate): Promise<boolean>;
  getDocument(id: string): Promise<DocumentRecord | null>;
  /** Documents the user is a member of, with the user's membership. */
  listDocumentsFor(userId: string): Promise<(DocumentRecord & { readonly membership: Membership })[]>;

  /** Adds or changes a membership. */
  setMembership(membership: Membership): Promise<void>;
  /** Removes a membership; false when there was none. */
  removeMembership(documentId: string, userId: string): Promise<boolean>;
  getMembership(documentId: string, userId: string): Promise<Membership | null>;
  listMembers(documentId: string): Promise<(Membership & { readonly user: User })[]>;

  /**
   * Appends updates (of one or several documents) in one durable transaction
   * and returns their sequence numbers, in order. When it resolves, the
   * updates are on disk.
   */
  appendUpdates(updates: readonly NewUpdate[]): Promise<number[]>;
  /** The latest snapshot and every update logged after it (set-aside entries excluded, as everywhere below). */
  loadDocumentState(documentId: string): Promise<{ readonly snapshot: Snapshot | null; readonly updates: LoggedUpdate[] }>;
  /** Updates with `fromSeq <= seq <= toSeq` (bounds optional), in order. */
  readUpdates(documentId: string, range?: { readonly fromSeq?: number; readonly toSeq?: number }): Promise<LoggedUpdate[]>;
  /**
   * Records the merged state up to a sequence number and drops the document's
   * older snapshots: only the latest is ever read (`loadDocumentState`), and
   * the log is kept, so every past state can be rebuilt from it (a restore
   * replays it from its first entry). A snapshot older than the one kept is
   * not stored. Throws a RangeError when `uptoSeq` is not an entry of the log
   * (never was, or was set aside meanwhile).
   */
  saveSnapshot(documentId: string, uptoSeq: number, data: Uint8Array): Promise<void>;

  /**
   * Sets aside every entry of the log after `keepUpto`, in one transaction
   * with `audit` (whose id each entry then carries), and drops the snapshots
   * that include any of them: the document becomes what entries 1..keepUpto
   * make; nothing is deleted from the log. Null, changing nothing, when the
   * log's last entry is no longer `expectedLastSeq` (it grew or was restored
   * meanwhile). Throws a RangeError unless keepUpto is an entry before it.
   */
  setAsideUpdates(documentId: string, keepUpto: number, expectedLastSeq: number, audit: NewAuditEntry): Promise<SetAside | null>;
  /** The entries restores have set aside, in the order they were logged. */
  readSetAsideUpdates(documentId: string): Promise<SetAsideUpdate[]>;

  /** What last read of the document's stored state (see `ReadableState`); null when nothing was recorded. */
  readableState(documentId: string): Promise<ReadableState | null>;
  /** Records that this stored state read, replacing what was recorded for the document before. */
  setReadableState(documentId: string, state: ReadableState): Promise<void>;

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** The newest entries first; `before` pages back by id. */
  listAudit(documentId: string, options?: { readonly limit?: number; readonly before?: number }): Promise<AuditEntry[]>;

  close(): Promise<void>;
}
