import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlan, type ApiServer } from "./api-support.js";

// POST /api/documents/:id/members/:username/password over real HTTP: the
// chair or the secretariat sets a member's new password. Invariants: the
// account's sessions end and only the new password signs in; the password
// is stored as an Argon2id hash and never appears in the record; a role
// that may not reset learns nothing about which usernames exist; a refused
// request changes nothing.

let t: ApiServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  // Six failures lock an account, for an hour; three are free (a test's one wrong password is never throttled), the waits after short.
  const plan = await startPlan(
    { secretariat: ["secretariat"], uruguay: ["delegate", "URY"], watcher: ["observer"], cochair: ["chair"] },
    { loginThrottle: { accountFreeFailures: 3, accountLockAfter: 6, firstDelayMs: 10, maxDelayMs: 20, lockMs: 60 * 60_000 } },
  );
  t = plan.t;
  Object.assign(tokens, { chair: plan.chair }, plan.members);
  await t.user("brazil", { documentId: "plan", role: "delegate", delegation: "BRA" });
  await t.user("stranger");
  // Mexico's delegate is also in a negotiation the chair of "plan" does not manage; Peru's in one the chair chairs too.
  const elsewhere = await t.member("other-chair", "plan", "observer");
  await t.create(elsewhere, "1. To cooperate in the region.", "other");
  await t.user("mexico", { documentId: "plan", role: "delegate", delegation: "MEX" });
  await t.server.storage.setMembership({ documentId: "other", userId: (await t.server.storage.findUserByName("mexico"))!.id, role: "observer", delegation: "" });
  await t.create(tokens.chair!, "1. To report each year.", "chaired");
  await t.user("peru", { documentId: "plan", role: "delegate", delegation: "PER" });
  await t.server.storage.setMembership({ documentId: "chaired", userId: (await t.server.storage.findUserByName("peru"))!.id, role: "observer", delegation: "" });
});
afterAll(async () => t.close());

const reset = (token: string, username: string, password: unknown = "a-new-password", document = "plan") =>
  t.call("POST", `/documents/${document}/members/${encodeURIComponent(username)}/password`, { token, json: { password } });
const signIn = (username: string, password = `${username}-password`) => t.call("POST", "/login", { json: { username, password } });
const me = (token: string) => t.call("GET", "/me", { token });
const hashOf = async (username: string) => (await t.server.storage.findUserByName(username))!.passwordHash;

describe("POST /api/documents/:id/members/:username/password", () => {
  it("lets the secretariat set a delegate's password: every session of the account ends, only the new password signs in, and the record says so without it", async () => {
    const second = await t.login("uruguay");
    const answer = await reset(tokens.secretariat!, "Uruguay", "uruguay-new-password");
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({ message: "uruguay's password was reset (2 sessions ended).", username: "uruguay", sessionsEnded: 2 });
    for (const token of [tokens.uruguay!, second]) expect((await me(token)).status).toBe(401);
    expect((await signIn("uruguay", "uruguay-new-password")).status).toBe(200);
    expect((await signIn("uruguay")).status).toBe(401);
    expect(await hashOf("uruguay")).toMatch(/^\$argon2id\$/);
    // The one who reset it stays signed in.
    expect((await me(tokens.secretariat!)).status).toBe(200);

    const audit = await t.call("GET", "/documents/plan/audit?limit=1", { token: tokens.chair });
    expect(audit.body.entries[0]).toMatchObject({
      username: "secretariat",
      action: "password-reset",
      message: answer.body.message,
      detail: { username: "uruguay", sessionsEnded: 2, wasLocked: false },
    });
    expect(JSON.stringify(audit.body)).not.toContain("uruguay-new-password");
  });

  it("lifts the sign-in lock of a member locked out by failed sign-ins", async () => {
    for (let i = 0; i < 50; i++) {
      const answer = await t.call("POST", "/login", { json: { username: "brazil", password: `guess-${i}` } });
      if (answer.status === 429 && /locked/.test(answer.body.error)) break;
      if (answer.status === 429) await new Promise((resolve) => setTimeout(resolve, Date.parse(answer.body.until) - Date.now() + 5));
    }
    expect((await signIn("brazil")).status).toBe(429);
    const answer = await reset(tokens.chair!, "brazil", "brazil-new-password");
    expect(answer.status).toBe(200);
    expect(answer.body.message).toBe("brazil's password was reset (0 sessions ended, sign-in lock lifted).");
    expect((await signIn("brazil", "brazil-new-password")).status).toBe(200);
  });

  it("refuses a delegate and an observer with the same 403 whether the username is a member, an account elsewhere or nobody, changing nothing", async () => {
    const hashes = [await hashOf("brazil"), await hashOf("stranger")];
    for (const token of [tokens.watcher!, (await signIn("uruguay", "uruguay-new-password")).body.token as string]) {
      const answers = await Promise.all(["brazil", "stranger", "nobody-at-all"].map((username) => reset(token, username)));
      for (const answer of answers) expect(answer.status).toBe(403);
      expect(new Set(answers.map((a) => a.body.error.replace(/you are .*$/, ""))).size).toBe(1);
      expect(answers[0]!.body.error).toMatch(/^only the chair or the secretariat may reset a member's password; you are /);
    }
    expect([await hashOf("brazil"), await hashOf("stranger")]).toEqual(hashes);
  });

  it("answers the same 404 for an account that is not a member and for a username nobody has", async () => {
    const notMember = await reset(tokens.chair!, "stranger");
    const nobody = await reset(tokens.chair!, "nobody-at-all");
    expect([notMember.status, nobody.status]).toEqual([404, 404]);
    expect(notMember.body.error).toBe("stranger is not a member of this document");
    expect(nobody.body.error).toBe("nobody-at-all is not a member of this document");
    expect((await signIn("stranger")).status).toBe(200);
    // A member of another document, asked through a document the caller is not in: the document's own 404.
    expect((await reset(tokens.secretariat!, "other-chair", "a-new-password", "other")).status).toBe(404);
  });

  it("keeps the secretariat from resetting a chair's password, and everyone from resetting an account also in a negotiation they do not manage", async () => {
    const chairHash = await hashOf("cochair");
    const chair = await reset(tokens.secretariat!, "cochair");
    expect(chair.status).toBe(403);
    expect(chair.body.error).toBe("cochair is a chair: only a chair may reset a chair's password");
    expect(await hashOf("cochair")).toBe(chairHash);
    expect((await reset(tokens.chair!, "cochair", "cochair-new-password")).status).toBe(200);

    const mexicoHash = await hashOf("mexico");
    const elsewhere = await reset(tokens.chair!, "mexico");
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toBe("mexico is also a member of another negotiation you do not manage: the server's administrator resets this password (accord user passwd)");
    expect(await hashOf("mexico")).toBe(mexicoHash);
    // Peru's other negotiation is the chair's too: the chair manages all of Peru's.
    expect((await reset(tokens.chair!, "peru", "peru-new-password")).status).toBe(200);
    expect((await signIn("peru", "peru-new-password")).status).toBe(200);
  });

  it("refuses a password too short or too long, a missing one and other fields with a 400, changing nothing", async () => {
    const hash = await hashOf("brazil");
    const cases: [unknown, RegExp][] = [
      [{ password: "short" }, /too short: at least 8 characters/],
      [{ password: "x".repeat(201) }, /too long: at most 200 characters/],
      [{}, /password/],
      [{ password: "long-enough", username: "other" }, /username/],
      [{ password: 12345678 }, /password/],
    ];
    for (const [json, pattern] of cases) {
      const answer = await t.call("POST", "/documents/plan/members/brazil/password", { token: tokens.chair, json });
      expect(answer.status, JSON.stringify(json)).toBe(400);
      expect(answer.body.error).toMatch(pattern);
    }
    expect(await hashOf("brazil")).toBe(hash);
  });
});
