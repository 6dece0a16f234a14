import type { onAuthenticatePayload } from "@hocuspocus/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeOwnPostgres, startOwnPostgres, type OwnPostgres } from "../../../../test/support/own-postgres.js";
import { authentication } from "../../src/collab/authentication.js";
import { UnavailableDocument } from "../../src/collab/unavailable.js";
import { isDatabaseUnreachable } from "../../src/storage/unreachable.js";
import { DRAFT, startTestServer, type TestServer } from "../support.js";

// While the database is out of reach nothing about a caller is decided, and
// nothing says it was. The invariants, on a PostgreSQL of the test's own,
// stopped and started again:
//
// - the API answers 503 with Retry-After and a sentence saying to try again
//   (never a bare 500, never a wrong password or "not signed in");
// - a socket whose sign-in cannot be checked is closed for its client to
//   reconnect (close code 4503), not told it may not open the document — a
//   page told that stops for good;
// - once the database is back, the same sign-in and the same token work.

type AuthenticatePayload = Parameters<NonNullable<ReturnType<typeof authentication>["onAuthenticate"]>>[0];

describeOwnPostgres("the database out of reach", () => {
  let database: OwnPostgres;
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    database = await startOwnPostgres();
    server = await startTestServer({ databaseUrl: database.url });
    await server.create("plan", DRAFT);
    token = await server.member("alice", "plan", "chair");
  }, 120_000);

  afterAll(async () => {
    await server?.close().catch(() => {});
    await database?.destroy();
  }, 60_000);

  const login = (password = "alice-password") =>
    fetch(`${server.server.url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "alice", password }) });

  /** The socket check of the running server's storage, for `token`: the context it lets in, or what it threw, with the sockets it closed. */
  async function checkSocket(tokenGiven: string) {
    const closed: string[] = [];
    const hook = authentication(server.server.storage, { closeSocket: (_request, reason) => (closed.push(reason), true) });
    const payload = { token: tokenGiven, documentName: "plan", connectionConfig: { readOnly: false, isAuthenticated: false }, request: {} as onAuthenticatePayload["request"] };
    try {
      const context = await hook.onAuthenticate!(payload as unknown as AuthenticatePayload);
      return { context, error: null, closed };
    } catch (error) {
      return { context: null, error: error as Error, closed };
    }
  }

  it("signs in and lets a member's socket in while the database answers (the control)", async () => {
    expect((await login()).status).toBe(200);
    expect((await login("not-her-password")).status).toBe(401);
    const allowed = await checkSocket(token);
    expect(allowed.error).toBeNull();
    expect(allowed.closed).toEqual([]);
    const refused = await checkSocket("not-a-token");
    expect(refused.error?.message).toMatch(/not signed in/);
    expect(refused.closed).toEqual([]);
  });

  it("answers 503 to try again, and closes a socket for its client to reconnect, while the database is stopped; works again once it is back", async () => {
    await database.stop("fast");
    try {
      const answer = await login();
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("2");
      expect(await answer.json()).toEqual({ error: "the database cannot be reached at the moment; try again in a moment" });
      const list = await fetch(`${server.server.url}/api/documents`, { headers: { authorization: `Bearer ${token}` } });
      expect(list.status).toBe(503);

      const socket = await checkSocket(token);
      expect(socket.error).toBeInstanceOf(UnavailableDocument);
      expect(socket.error?.message).toMatch(/cannot be checked at the moment/);
      expect(socket.closed).toEqual(["database out of reach; reconnect in a moment"]);
    } finally {
      await database.start();
    }
    // The pool's connections broke with the stop: the first queries after it make new ones.
    const deadline = Date.now() + 20_000;
    let status = 0;
    while ((status = (await login()).status) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(status).toBe(200);
    const again = await checkSocket(token);
    expect(again.error).toBeNull();
    expect(again.context?.membership.role).toBe("chair");
  }, 90_000);
});

describe("isDatabaseUnreachable", () => {
  it("tells a connection refused, cut or shutting down from a query's own error", () => {
    const cases: [unknown, boolean][] = [
      [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }), true],
      [Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }), true],
      [Object.assign(new Error("the database system is starting up"), { code: "57P03" }), true],
      [Object.assign(new Error("connection failure"), { code: "08006" }), true],
      [new Error("Connection terminated unexpectedly"), true],
      [new Error("timeout exceeded when trying to connect"), true],
      [new AggregateError([Object.assign(new Error("a"), { code: "ECONNREFUSED" }), Object.assign(new Error("b"), { code: "ECONNREFUSED" })]), true],
      [Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: "23505" }), false],
      [Object.assign(new Error("syntax error"), { code: "42601" }), false],
      [new AggregateError([]), false],
      [new Error("the document would grow beyond 1000 bytes"), false],
      [null, false],
      ["ECONNREFUSED", false],
    ];
    for (const [error, expected] of cases) expect(isDatabaseUnreachable(error), String((error as Error)?.message ?? error)).toBe(expected);
  });
});
