import pg from "pg";
import { OwnConnection } from "./own-connection.js";

/** The channel on which the PostgreSQL store announces that someone's access changed. */
export const REVOCATIONS_CHANNEL = "accord_revocations";

/** Whose access changed: a user's sessions (`documentId` null) or their membership of one document. */
export interface Revocation {
  readonly userId: string;
  readonly documentId: string | null;
}

type Queryable = Pick<pg.PoolClient, "query">;

/**
 * Announces a change of someone's access to every server listening
 * (`RevocationListener`); inside a transaction, it goes out at commit.
 */
export async function announceRevocation(db: Queryable, revocation: Revocation): Promise<void> {
  await db.query("SELECT pg_notify($1, $2)", [REVOCATIONS_CHANNEL, JSON.stringify(revocation)]);
}

/** What a notification's payload says, or null when it is not a revocation. */
function readRevocation(payload: string | undefined): Revocation | null {
  try {
    const value = JSON.parse(payload ?? "") as { userId?: unknown; documentId?: unknown };
    if (typeof value.userId !== "string") return null;
    return { userId: value.userId, documentId: typeof value.documentId === "string" ? value.documentId : null };
  } catch {
    return null;
  }
}

/**
 * Listens, on a connection of its own, for the revocations any process
 * announces (a membership removed or changed, a session ended, a password
 * set), and tells `onRevocation`. When the connection breaks, notifications
 * sent meanwhile are lost: `onMissed` is told once listening again (every
 * second until it is), so that everything is checked.
 */
export class RevocationListener {
  private constructor(private readonly connection: OwnConnection) {}

  /** Connects and listens. Rejects when the database cannot be reached. */
  static async start(url: string, onRevocation: (revocation: Revocation) => void, onMissed: () => void): Promise<RevocationListener> {
    const listen = async (client: pg.Client) => {
      client.on("notification", (message) => {
        const revocation = readRevocation(message.payload);
        if (revocation) onRevocation(revocation);
      });
      await client.query(`LISTEN ${REVOCATIONS_CHANNEL}`);
      return true;
    };
    const connection = await OwnConnection.open(url, listen, { onRestored: onMissed });
    // `listen` never declines; only a throw (rejecting here) stops it.
    if (!connection) throw new Error("the revocation listener's connection was declined");
    return new RevocationListener(connection);
  }

  /** Stops listening. */
  close(): Promise<void> {
    return this.connection.close();
  }
}
