import type { Membership, User } from "../storage/storage.js";

/** Who is on a connection, as the server established it (never what the client claims). */
export interface ConnectionContext {
  readonly user: User;
  readonly membership: Membership;
  /** The token the connection authenticated with, to notice its expiry. */
  readonly token: string;
}
