import type { Membership, User } from "../storage/storage.js";

/** Who is on a connection, as the server established it (never what the client claims). */
export interface ConnectionContext {
  readonly user: User;
  readonly membership: Membership;
  /** The token the connection authenticated with, to notice its expiry. */
  readonly token: string;
  /** When the connection's session expires (ISO 8601, as the store keeps it); "" for the server's own connections. */
  readonly expiresAt: string;
}
