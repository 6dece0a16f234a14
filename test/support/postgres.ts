import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";

// PostgreSQL for tests: a server the tests may create databases on
// (ACCORD_TEST_POSTGRES, default postgres://postgres@127.0.0.1:5432/test,
// trust authentication). Each test file that uses it gets a database of its
// own, created before its tests and dropped after them; each test a schema
// of its own in it (`freshSchema`). Where no server answers, the tests skip,
// saying why — unless ACCORD_REQUIRE_POSTGRES=1 (as .ci/run sets), where its
// absence fails the run.

/** The server and database the tests connect to first, to create their own databases. */
export const TEST_POSTGRES_URL = process.env.ACCORD_TEST_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/test";

/** What a `describePostgres` body gets: its database, and a fresh schema in it for each test. */
export interface TestDatabase {
  /** The URL of this file's throwaway database; set before the tests run. */
  readonly url: string;
  /**
   * A URL of the file's database whose connections see only a new, empty
   * schema (`search_path`): a fresh store for one test. Dropped with the
   * database.
   */
  freshSchema(): Promise<string>;
}

/**
 * Why the test server cannot be used (it does not answer within 3 s, or
 * refuses the connection), or null when it can.
 */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A describe block over a throwaway PostgreSQL database: created before the
 * block's tests, dropped (with whatever is still connected) after them.
 * Skipped with a message when no server answers at `TEST_POSTGRES_URL`,
 * failing when ACCORD_REQUIRE_POSTGRES=1. When skipped, `body` does not run.
 * Awaited at the top of a test file (it asks the server first).
 */
export async function describePostgres(name: string, body: (db: TestDatabase) => void): Promise<void> {
  const unavailable = await postgresUnavailable();
  if (unavailable === null) {
    describe(name, () => {
      const db = throwawayDatabase();
      beforeAll(() => db.create());
      afterAll(() => db.drop());
      body(db);
    });
    return;
  }
  if (process.env.ACCORD_REQUIRE_POSTGRES === "1") {
    describe(name, () => {
      throw new Error(`ACCORD_REQUIRE_POSTGRES=1 but PostgreSQL does not answer at ${TEST_POSTGRES_URL}: ${unavailable}`);
    });
    return;
  }
  console.warn(`[postgres] ${TEST_POSTGRES_URL} does not answer (${unavailable}): skipping "${name}" (set ACCORD_TEST_POSTGRES to run it)`);
  describe.skip(`${name} (skipped: PostgreSQL not reachable at ${TEST_POSTGRES_URL})`, () => {
    it.skip("runs on PostgreSQL");
  });
}

/** A database named for this process, made from `TEST_POSTGRES_URL`'s server. */
function throwawayDatabase(): TestDatabase & { create(): Promise<void>; drop(): Promise<void> } {
  const name = `accord_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(TEST_POSTGRES_URL, name);
  let schemas = 0;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    async create() {
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
    },
    async drop() {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
    async freshSchema() {
      const schema = `t${++schemas}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await client.end();
      }
      const fresh = new URL(url);
      fresh.searchParams.set("options", `-c search_path=${schema}`);
      return fresh.toString();
    },
  };
}

/** The same server's URL, naming another database. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
