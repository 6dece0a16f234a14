import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiServer } from "./api-support.js";

let t: ApiServer;
beforeAll(async () => {
  t = await startApi();
  await t.user("alice");
});
afterAll(async () => t.close());

describe("POST /api/login", () => {
  it("gives a token, its expiry and the user for the right password", async () => {
    const answer = await t.call("POST", "/login", { json: { username: "alice", password: "alice-password" } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      token: expect.any(String),
      expiresAt: expect.any(String),
      user: { id: expect.any(String), username: "alice", displayName: "Alice", createdAt: expect.any(String) },
    });
    expect(Date.parse(answer.body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it("refuses a wrong password and an unknown user alike, with 401", async () => {
    const wrong = await t.call("POST", "/login", { json: { username: "alice", password: "not-her-password" } });
    const unknown = await t.call("POST", "/login", { json: { username: "nobody", password: "whatever-password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ error: "wrong username or password" });
    expect(unknown.body).toEqual(wrong.body);
  });

  it("answers a malformed body with 400", async () => {
    const broken = await t.call("POST", "/login", { text: '{"username": "alice", ', contentType: "application/json" });
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ error: "the request body is not valid JSON" });
    const missing = await t.call("POST", "/login", { json: { username: "alice" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/username.*password/);
  });

  it("answers a JSON body over the limit with 413", async () => {
    const answer = await t.call("POST", "/login", { json: { username: "alice", password: "x".repeat(2 * 1024 * 1024) } });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatch(/too large/);
  });
});

describe("sessions", () => {
  it("GET /api/me names the signed-in user", async () => {
    const token = await t.login("alice");
    const me = await t.call("GET", "/me", { token });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe("alice");
    expect(me.body.expiresAt).toEqual(expect.any(String));
  });

  it("refuses, with 401 and WWW-Authenticate, no token, a malformed header, an unknown token", async () => {
    const none = await t.call("GET", "/me");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(none.body.error).toMatch(/sign in/);
    const basic = await t.call("GET", "/documents", { headers: { authorization: "Basic YWxpY2U6eA==" } });
    expect(basic.status).toBe(401);
    expect(basic.body.error).toMatch(/Bearer/);
    const unknown = await t.call("GET", "/documents", { token: "not-a-real-token" });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toMatch(/not valid or the session has expired/);
  });

  it("refuses an expired session with 401", async () => {
    const user = await t.server.storage.findUserByName("alice");
    const session = await t.server.storage.createSession(user!.id, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const answer = await t.call("GET", "/me", { token: session.token });
    expect(answer.status).toBe(401);
  });

  it("POST /api/logout ends the session: the token no longer works", async () => {
    const token = await t.login("alice");
    const out = await t.call("POST", "/logout", { token });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ ok: true });
    expect((await t.call("GET", "/me", { token })).status).toBe(401);
  });

  it("answers an unknown endpoint with a JSON 404 once signed in", async () => {
    const token = await t.login("alice");
    const answer = await t.call("GET", "/nothing-here", { token });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatch(/no such endpoint: GET \/api\/nothing-here/);
  });

  it("refuses an unknown query parameter with 400", async () => {
    const token = await t.login("alice");
    const answer = await t.call("GET", "/me?verbose=1", { token });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/verbose/);
  });
});
