import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlan, type ApiServer } from "./api-support.js";

// POST /documents/:id/members with a password: the chair adds someone who has
// no account yet, and the account is made with that initial password (hashed
// as every password is). Invariants: only who `mayAct` lets manage members
// creates accounts this way; an existing account's password is never changed
// by it; a refused request creates no account.

let t: ApiServer;
let chair: string;
let secretariat: string;
let uruguay: string;

beforeAll(async () => {
  ({ t, chair, members: { secretariat, uruguay } } = await startPlan({ secretariat: ["secretariat"], uruguay: ["delegate", "URY"] }));
});
afterAll(async () => t.close());

const add = (token: string, json: unknown) => t.call("POST", "/documents/plan/members", { token, json });
const signIn = (username: string, password: string) => t.call("POST", "/login", { json: { username, password } });

describe("adding a member who has no account", () => {
  it("the chair creates the account with its initial password; the new delegate signs in with it and sees the document", async () => {
    const answer = await add(chair, { username: "brazil.delegate", role: "delegate", delegation: "BRA", password: "first-password", displayName: "Delegate of Brazil" });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.member).toEqual({ username: "brazil.delegate", displayName: "Delegate of Brazil", role: "delegate", delegation: "BRA" });
    const login = await signIn("brazil.delegate", "first-password");
    expect(login.status).toBe(200);
    const listed = await t.call("GET", "/documents", { token: login.body.token });
    expect(listed.body.documents).toEqual([expect.objectContaining({ id: "plan", role: "delegate", delegation: "BRA" })]);
    const audit = await t.call("GET", "/documents/plan/audit?limit=1", { token: chair });
    expect(audit.body.entries[0]).toMatchObject({ action: "member-added", message: "brazil.delegate is a delegate of BRA. Account created." });
    expect(JSON.stringify(audit.body)).not.toContain("first-password");
  });

  it("never sets the password of an existing account: 409, and the old password still works", async () => {
    const answer = await add(chair, { username: "uruguay", role: "observer", password: "taken-over-password" });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatch(/exists already: its password stays its own/);
    expect((await signIn("uruguay", "taken-over-password")).status).toBe(401);
    expect((await signIn("uruguay", "uruguay-password")).status).toBe(200);
  });

  it("refuses a delegate and the secretariat (only the chair manages members), creating no account", async () => {
    for (const token of [uruguay, secretariat]) {
      const answer = await add(token, { username: "intruder", role: "chair", password: "intruder-password" });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatch(/change who is in the document/);
    }
    expect((await signIn("intruder", "intruder-password")).status).toBe(401);
  });

  it("refuses a missing or short password, a malformed username and an unknown delegation, creating nothing", async () => {
    const missing = await add(chair, { username: "nobody", role: "observer" });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/send an initial password to create the account/);
    const short = await add(chair, { username: "nobody", role: "observer", password: "short" });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatch(/at least 8 characters/);
    const malformed = await add(chair, { username: "no body", role: "observer", password: "long-enough" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/is not a username/);
    const unknown = await add(chair, { username: "nobody", role: "delegate", delegation: "XXX", password: "long-enough" });
    expect(unknown.status).toBe(400);
    for (const username of ["nobody", "no body"]) expect((await signIn(username, "long-enough")).status).toBe(401);
  });
});
