import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlan, type ApiServer } from "./api-support.js";

let t: ApiServer;
let chair: string;
let secretariat: string;

beforeAll(async () => {
  ({ t, chair, members: { secretariat } } = await startPlan({ secretariat: ["secretariat"] }));
  for (const name of ["uruguay", "brazil", "guest"]) await t.user(name);
});
afterAll(async () => t.close());

const add = (token: string, json: unknown) => t.call("POST", "/documents/plan/members", { token, json });
const members = async (token = chair) => (await t.call("GET", "/documents/plan/members", { token })).body.members;

describe("members", () => {
  it("lists the members to any member", async () => {
    const answer = await t.call("GET", "/documents/plan/members", { token: secretariat });
    expect(answer.status).toBe(200);
    expect(answer.body.members).toEqual(
      expect.arrayContaining([
        { username: "chair", displayName: "Chair", role: "chair", delegation: "" },
        { username: "secretariat", displayName: "Secretariat", role: "secretariat", delegation: "" },
      ]),
    );
  });

  it("the chair adds a delegate of a delegation in the registry: 201, and the new member sees the document", async () => {
    const answer = await add(chair, { username: "uruguay", role: "delegate", delegation: "URY" });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ member: { username: "uruguay", displayName: "Uruguay", role: "delegate", delegation: "URY" } });
    const listed = await t.call("GET", "/documents", { token: await t.login("uruguay") });
    expect(listed.body.documents[0]).toMatchObject({ id: "plan", role: "delegate", delegation: "URY" });
    const audit = await t.call("GET", "/documents/plan/audit?limit=1", { token: chair });
    expect(audit.body.entries[0]).toMatchObject({ action: "member-added", message: "uruguay is a delegate of URY." });
  });

  it("changing a member answers 200", async () => {
    const answer = await add(chair, { username: "uruguay", role: "observer" });
    expect(answer.status).toBe(200);
    expect((await members()).find((m: { username: string }) => m.username === "uruguay").role).toBe("observer");
  });

  it("refuses a delegate without a delegation, with an unknown one or a tag, and a delegation for another role, with 400", async () => {
    const cases: [unknown, RegExp][] = [
      [{ username: "brazil", role: "delegate" }, /a delegate needs a delegation/],
      [{ username: "brazil", role: "delegate", delegation: "XYZ" }, /'XYZ' is not a delegation of this document/],
      [{ username: "brazil", role: "delegate", delegation: "Bra" }, /'Bra' is a tag; give the delegation's code: BRA \(Brazil\)/],
      [{ username: "brazil", role: "observer", delegation: "BRA" }, /only a delegate has a delegation/],
      [{ username: "brazil", role: "president" }, /role: one of chair, secretariat, delegate, observer/],
      [{ username: "nobody", role: "observer" }, /there is no user 'nobody'/],
      [{ username: "brazil" }, /role/],
    ];
    for (const [body, error] of cases) {
      const answer = await add(chair, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error, JSON.stringify(body)).toMatch(error);
    }
    expect((await members()).map((m: { username: string }) => m.username)).not.toContain("brazil");
  });

  it("only the chair changes members: 403 for the others", async () => {
    const answer = await add(secretariat, { username: "guest", role: "observer" });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toBe("only the chair may change who is in the document; you are the secretariat");
    expect((await t.call("DELETE", "/documents/plan/members/uruguay", { token: secretariat })).status).toBe(403);
  });

  it("the chair removes a member, who then gets 404", async () => {
    await add(chair, { username: "guest", role: "observer" });
    const guest = await t.login("guest");
    expect((await t.call("GET", "/documents/plan", { token: guest })).status).toBe(200);
    const answer = await t.call("DELETE", "/documents/plan/members/guest", { token: chair });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ removed: "guest" });
    expect((await t.call("GET", "/documents/plan", { token: guest })).status).toBe(404);
    expect((await t.call("DELETE", "/documents/plan/members/guest", { token: chair })).status).toBe(404);
  });

  it("removes by body too", async () => {
    await add(chair, { username: "guest", role: "observer" });
    const answer = await t.call("DELETE", "/documents/plan/members", { token: chair, json: { username: "guest" } });
    expect(answer.status).toBe(200);
  });

  it("keeps a chair: the only chair can be neither demoted nor removed", async () => {
    const demote = await add(chair, { username: "chair", role: "observer" });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toMatch(/no chair/);
    expect((await t.call("DELETE", "/documents/plan/members/chair", { token: chair })).status).toBe(409);
    await add(chair, { username: "secretariat", role: "chair" });
    expect((await add(chair, { username: "chair", role: "secretariat" })).status).toBe(200);
  });
});
