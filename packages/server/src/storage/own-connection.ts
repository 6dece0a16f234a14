import pg from "pg";

/** What an `OwnConnection`'s owner is told. */
export interface OwnConnectionEvents {
  /** The connection broke (the database restarted, the network failed); what the session held is gone. */
  readonly onBroken?: () => void;
  /** A new connection is set up again after a break. */
  readonly onRestored?: () => void;
}

/**
 * A PostgreSQL connection of a process's own, for what lives as long as a
 * database session (an advisory lock, a LISTEN), never one of a pool's: when
 * it breaks it is made again, 200 ms later and then every second, with the
 * same `setUp`, until that succeeds or the connection is closed.
 */
export class OwnConnection {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  private constructor(
    private readonly url: string,
    private readonly setUp: (client: pg.Client) => Promise<boolean>,
    private readonly events: OwnConnectionEvents,
  ) {}

  /**
   * Connects and runs `setUp` on the new connection: the connection, or null
   * (closed again) when `setUp` answers false. Rejects when the database
   * cannot be reached or `setUp` throws.
   */
  static async open(url: string, setUp: (client: pg.Client) => Promise<boolean>, events: OwnConnectionEvents = {}): Promise<OwnConnection | null> {
    const connection = new OwnConnection(url, setUp, events);
    return (await connection.connect()) ? connection : null;
  }

  private async connect(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url });
    // A connection not (or no longer) in use is ignored by `broken`; without a listener an error would end the process.
    client.on("error", () => this.broken(client));
    client.on("end", () => this.broken(client));
    try {
      await client.connect();
      if (!(await this.setUp(client))) {
        await client.end().catch(() => {});
        return false;
      }
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    return true;
  }

  private broken(client: pg.Client): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    this.events.onBroken?.();
    const again = () => {
      this.retry = null;
      if (this.stopped) return;
      this.connect().then(
        (ready) => {
          if (ready) this.events.onRestored?.();
          else if (!this.stopped) this.retry = setTimeout(again, 1000);
        },
        () => {
          if (!this.stopped) this.retry = setTimeout(again, 1000);
        },
      );
    };
    this.retry = setTimeout(again, 200);
  }

  /** Whether the connection is up now (false from a break until it is set up again, and once closed). */
  get isUp(): boolean {
    return this.client !== null;
  }

  /** Closes the connection for good (what its session held goes with it). */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
