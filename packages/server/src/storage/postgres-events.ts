import pg from "pg";

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
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  private constructor(
    private readonly url: string,
    private readonly onRevocation: (revocation: Revocation) => void,
    private readonly onMissed: () => void,
  ) {}

  /** Connects and listens. Rejects when the database cannot be reached. */
  static async start(url: string, onRevocation: (revocation: Revocation) => void, onMissed: () => void): Promise<RevocationListener> {
    const listener = new RevocationListener(url, onRevocation, onMissed);
    await listener.listen();
    return listener;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("error", () => this.broken(client));
    client.on("end", () => this.broken(client));
    client.on("notification", (message) => {
      const revocation = readRevocation(message.payload);
      if (revocation) this.onRevocation(revocation);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${REVOCATIONS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
  }

  private broken(client: pg.Client): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    const again = () => {
      this.retry = null;
      if (this.stopped) return;
      this.listen().then(
        () => this.onMissed(),
        () => {
          if (!this.stopped) this.retry = setTimeout(again, 1000);
        },
      );
    };
    this.retry = setTimeout(again, 200);
  }

  /** Stops listening. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
