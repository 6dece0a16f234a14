import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlan, type ApiServer } from "./api-support.js";

// POST /api/documents/:id/members/:username/unlock over real HTTP: the
// secretariat lifts a member's sign-in lock, held in the server's memory.

let t: ApiServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  // Three failures lock an account, for an hour; the waits before are short.
  const plan = await startPlan(
    { secretariat: ["secretariat"], uruguay: ["delegate", "URY"] },
    { loginThrottle: { accountFreeFailures: 1, accountLockAfter: 3, firstDelayMs: 10, maxDelayMs: 20, lockMs: 60 * 60_000 } },
  );
  t = plan.t;
  Object.assign(tokens, { chair: plan.chair }, plan.members);
  await t.user("alice", { documentId: "plan", role: "delegate", delegation: "BRA" });
  await t.user("stranger");
});
afterAll(async () => t.close());

/** Wrong passwords for `username` (as typed), waiting out the short waits, until it is locked. */
async function lock(username: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const answer = await t.call("POST", "/login", { json: { username, password: `guess-${i}` } });
    if (answer.status === 429 && /locked/.test(answer.body.error)) return;
    if (answer.status === 429) await new Promise((resolve) => setTimeout(resolve, Date.parse(answer.body.until) - Date.now() + 5));
  }
  throw new Error(`${username} was never locked`);
}

const signIn = (username: string) => t.call("POST", "/login", { json: { username, password: `${username}-password` } });
const unlock = (token: string, username: string, document = "plan") => t.call("POST", `/documents/${document}/members/${username}/unlock`, { token });

describe("POST /api/documents/:id/members/:username/unlock", () => {
  it("lets the secretariat unlock a member, who may then sign in at once, and records it", async () => {
    await lock("ALICE");
    const refused = await signIn("alice");
    expect(refused.status).toBe(429);
    // The day is named when the lock ends on another (a test run just before midnight).
    expect(refused.body.error).toMatch(/locked until (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC, or until the secretariat unlocks it$/);

    const answer = await unlock(tokens.secretariat!, "Alice");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      message: `alice may sign in again (the account was locked until ${refused.body.until} after 3 failed sign-ins).`,
      username: "alice",
      wasLocked: true,
    });
    expect((await signIn("alice")).status).toBe(200);

    const audit = await t.call("GET", "/documents/plan/audit?limit=1", { token: tokens.chair });
    expect(audit.body.entries[0]).toMatchObject({
      username: "secretariat",
      action: "sign-in-unlocked",
      message: answer.body.message,
      detail: { username: "alice", lockedUntil: refused.body.until, failures: 3, role: "secretariat" },
    });
  });

  it("lets the chair unlock too, and says so when the member was not locked", async () => {
    await lock("alice");
    expect((await unlock(tokens.chair!, "alice")).body.wasLocked).toBe(true);
    const again = await unlock(tokens.chair!, "alice");
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ message: "alice may sign in again (the account was not locked).", username: "alice", wasLocked: false });
  });

  it("refuses a delegate, and the lock stays", async () => {
    await lock("alice");
    const answer = await unlock(tokens.uruguay!, "alice");
    expect(answer.status).toBe(403);
    expect(answer.body.error).toBe("only the chair or the secretariat may unlock a member's sign-in; you are a delegate of URY");
    expect((await signIn("alice")).status).toBe(429);
    await unlock(tokens.secretariat!, "alice");
  });

  it("answers 404 alike for an account that is not a member and one that does not exist, locked or not", async () => {
    await lock("stranger");
    await lock("nobody");
    for (const username of ["stranger", "nobody"]) {
      const answer = await unlock(tokens.secretariat!, username);
      expect(answer.status).toBe(404);
      expect(answer.body.error).toBe(`${username} is not a member of this document`);
    }
    expect((await signIn("stranger")).status).toBe(429);
    const longName = await unlock(tokens.secretariat!, "x".repeat(300));
    expect(longName.status).toBe(404);
  });

  it("answers 404 for a document the caller is not a member of, and 401 without a session", async () => {
    expect((await unlock(tokens.secretariat!, "alice", "elsewhere")).status).toBe(404);
    expect((await t.call("POST", "/documents/plan/members/alice/unlock")).status).toBe(401);
  });

  it("takes no body and no query", async () => {
    const body = await t.call("POST", "/documents/plan/members/alice/unlock", { token: tokens.secretariat, json: { now: true } });
    expect(body.status).toBe(400);
    const query = await t.call("POST", "/documents/plan/members/alice/unlock?force=1", { token: tokens.secretariat });
    expect(query.status).toBe(400);
  });
});
