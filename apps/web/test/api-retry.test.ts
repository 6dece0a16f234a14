import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, ApiError, RETRY_ATTEMPTS, RETRY_MAX_WAIT_MS, retryAfter } from "../src/api.js";

// The page's calls go through a balancer to whichever server holds the
// document; while a document changes hands, or the database restarts, a
// server answers that a moment will do. The invariants (api.ts, `retryAfter`):
//
// - a 421 (another server holds the document: this one did nothing) is made
//   again, for any method, waiting what Retry-After asks;
// - a 503 with Retry-After is made again only for a GET: a write that may
//   have been half done is the person's to repeat;
// - any other failure, and the last of RETRY_ATTEMPTS, reaches the caller
//   with the server's sentence and status.
//
// The transport may make a 421 again on its own, on a new connection (Node's
// fetch does, once, as RFC 9110 allows): counts of requests are asserted on
// 503s, which nothing but the page makes again.

/** A server answering each request with the next scripted answer (the last one for good), counting the requests. */
function scriptedServer() {
  let script: { status: number; body: unknown; retryAfter?: string }[] = [];
  const seen: string[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const answer = script.length > 1 ? script.shift()! : script[0]!;
    response.writeHead(answer.status, { "content-type": "application/json", ...(answer.retryAfter !== undefined ? { "retry-after": answer.retryAfter } : {}) });
    response.end(JSON.stringify(answer.body));
  });
  return {
    server,
    seen,
    answer(...answers: typeof script) {
      script = answers;
      seen.length = 0;
    },
  };
}

describe("the page's calls while a moment will do", () => {
  const scripted = scriptedServer();
  let api: Api;

  beforeAll(async () => {
    await new Promise<void>((resolve) => scripted.server.listen(0, "127.0.0.1", resolve));
    api = new Api("token", `http://127.0.0.1:${(scripted.server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise<void>((resolve) => scripted.server.close(() => resolve())));

  const elsewhere = { status: 421, body: { error: "document “plan” is served by another server", servedBy: "http://10.0.0.2:4000" }, retryAfter: "0" };

  it("makes a GET again after 421 until the document's server answers", async () => {
    scripted.answer(elsewhere, elsewhere, elsewhere, { status: 200, body: { documents: [] } });
    expect(await api.documents()).toEqual([]);
    expect(scripted.seen).toEqual(Array(4).fill("GET /api/documents"));
  });

  it("makes a write again after 421: the server that answered it did nothing", async () => {
    scripted.answer(elsewhere, elsewhere, elsewhere, { status: 200, body: { message: "Paragraph 3 is agreed." } });
    expect(await api.setStatus("plan", "p3", "agreed-informally")).toBe("Paragraph 3 is agreed.");
    expect(scripted.seen).toEqual(Array(4).fill("POST /api/documents/plan/blocks/p3/status"));
  });

  it("makes a GET again after 503 with Retry-After, but not a write", async () => {
    const restarting = { status: 503, body: { error: "the database cannot be reached at the moment; try again in a moment" }, retryAfter: "0" };
    scripted.answer(restarting, { status: 200, body: { documents: [] } });
    expect(await api.documents()).toEqual([]);
    expect(scripted.seen.length).toBe(2);

    scripted.answer(restarting, { status: 200, body: { message: "never reached" } });
    const refused = await api.setStatus("plan", "p3", "agreed-informally").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 503, message: "the database cannot be reached at the moment; try again in a moment", retryAfter: "0" });
    expect(scripted.seen.length).toBe(1);
  });

  it("does not make again what a moment will not mend: a 503 without Retry-After, a 404, a 409", async () => {
    for (const status of [503, 404, 409]) {
      scripted.answer({ status, body: { error: `answered ${status}` } }, { status: 200, body: { documents: [] } });
      await expect(api.documents()).rejects.toMatchObject({ status, message: `answered ${status}` });
      expect(scripted.seen.length, String(status)).toBe(1);
    }
  });

  it("gives the last answer to the caller after RETRY_ATTEMPTS calls", async () => {
    const restarting = { status: 503, body: { error: "the database cannot be reached at the moment; try again in a moment" }, retryAfter: "0" };
    scripted.answer(restarting);
    await expect(api.documents()).rejects.toMatchObject({ status: 503, message: restarting.body.error });
    expect(scripted.seen).toHaveLength(RETRY_ATTEMPTS);

    scripted.answer(elsewhere);
    await expect(api.documents()).rejects.toMatchObject({ status: 421, message: "document “plan” is served by another server" });
    expect(scripted.seen.length).toBeGreaterThanOrEqual(RETRY_ATTEMPTS);
  });

  it("waits what the server asks before the next call", async () => {
    scripted.answer({ status: 503, body: { error: "restoring" }, retryAfter: "1" }, { status: 200, body: { documents: [] } });
    const started = Date.now();
    await api.documents();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe("retryAfter", () => {
  const error = (status: number, retry: string | null) => new ApiError(status, "m", null, retry);
  it("says how long to wait, or null, by status, method and the server's Retry-After", () => {
    expect(retryAfter(error(421, "1"), "POST")).toBe(1000);
    expect(retryAfter(error(421, null), "DELETE")).toBe(1000);
    expect(retryAfter(error(503, "2"), "GET")).toBe(2000);
    expect(retryAfter(error(503, "2"), "POST")).toBeNull();
    expect(retryAfter(error(503, null), "GET")).toBeNull();
    expect(retryAfter(error(503, "3600"), "GET")).toBe(RETRY_MAX_WAIT_MS);
    expect(retryAfter(error(421, "soon"), "GET")).toBe(1000);
    for (const status of [0, 400, 401, 404, 409, 413, 500, 502]) expect(retryAfter(error(status, "1"), "GET"), String(status)).toBeNull();
  });
});
