import { collectProposals, parseDocumentJSON, type NegotiationDocument } from "@accord/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiServer } from "./api-support.js";

// POST /api/documents/:id/proposals/:pid/position: a delegate states, changes
// or takes back its own delegation's position on an open bracket; the chair
// records any delegation's, naming it; nobody states another's for it.

let t: ApiServer;
let chair: string;
let eu: string;
let observer: string;

beforeAll(async () => {
  t = await startApi();
  await t.user("chair");
  chair = await t.login("chair");
  await t.create(chair, "Registry: un\n---\nOP1 Calls for [financial - G77] support and [US: a review] (accepted) now.", "draft");
  eu = await t.member("eu", "draft", "delegate", "EU");
  observer = await t.member("watcher", "draft", "observer", "");
});
afterAll(async () => t.close());

async function content(): Promise<NegotiationDocument> {
  const answer = await t.call("GET", "/documents/draft/content", { token: chair });
  const parsed = parseDocumentJSON(JSON.stringify(answer.body));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}
const proposal = async (text: string) => collectProposals((await content()).content).find((p) => p.spans[0]!.text === text)!;
const state = (token: string, pid: string, json: Record<string, unknown>) => t.call("POST", `/documents/draft/proposals/${pid}/position`, { token, json });

describe("POST /api/documents/:id/proposals/:pid/position", () => {
  it("a delegate states its own position, changes it and takes it back", async () => {
    const { id } = await proposal("financial");
    const stated = await state(eu, id, { stance: "delete" });
    expect(stated.status).toBe(200);
    expect(stated.body.message).toMatch(/European Union wants it deleted/);
    expect((await proposal("financial")).positions).toBe("dash EU:delete");
    expect((await state(eu, id, { stance: "reserve" })).status).toBe(200);
    expect((await proposal("financial")).positions).toBe("dash EU:reserve");
    expect((await state(eu, id, { stance: null })).status).toBe(200);
    expect((await proposal("financial")).positions).toBe("dash");
  });

  it("refuses a delegate another delegation's position (403), and an observer any", async () => {
    const { id } = await proposal("financial");
    const other = await state(eu, id, { stance: "delete", delegation: "USA" });
    expect(other.status).toBe(403);
    expect(other.body.error).toMatch(/you may state EU's position only/);
    expect((await state(observer, id, { stance: "delete" })).status).toBe(403);
    expect((await proposal("financial")).positions).toBe("dash");
  });

  it("lets the chair record a delegation's position, naming it", async () => {
    const { id } = await proposal("financial");
    expect((await state(chair, id, { stance: "retain" })).status).toBe(400);
    const recorded = await state(chair, id, { stance: "retain", delegation: "USA" });
    expect(recorded.status).toBe(200);
    expect((await proposal("financial")).positions).toBe("dash USA:retain");
  });

  it("answers 409 where it does not apply, 404 for no proposal, 400 for a bad body", async () => {
    expect((await state(eu, (await proposal("a review")).id, { stance: "delete" })).status).toBe(409);
    expect((await state(chair, (await proposal("financial")).id, { stance: "delete", delegation: "G77" })).status).toBe(409);
    expect((await state(eu, "nope", { stance: "delete" })).status).toBe(404);
    expect((await state(eu, (await proposal("financial")).id, { stance: "objects" })).status).toBe(400);
    // A draft's spellings are how an import writes a stance back, not stances a delegate states.
    expect((await state(eu, (await proposal("financial")).id, { stance: "reservation" })).status).toBe(400);
    expect((await state(eu, (await proposal("financial")).id, { stance: "named" })).status).toBe(400);
  });

  it("a delegate opposes or supports a proposal without co-sponsoring it, and nobody does so for another", async () => {
    const { id } = await proposal("financial");
    const opposed = await state(eu, id, { stance: "oppose" });
    expect(opposed.status).toBe(200);
    expect(opposed.body.message).toMatch(/European Union opposes it: Group of 77 and China’s proposal/);
    expect((await proposal("financial")).positions).toBe("dash USA:retain EU:oppose");
    const supported = await state(eu, id, { stance: "support" });
    expect(supported.status).toBe(200);
    expect(supported.body.message).toMatch(/European Union supports it/);
    expect(await proposal("financial")).toMatchObject({ by: ["G77"], positions: "dash USA:retain EU:support" });
    expect((await state(eu, id, { stance: "support" })).status).toBe(409);
    expect((await state(eu, id, { stance: "oppose", delegation: "USA" })).status).toBe(403);
    expect((await proposal("financial")).positions).toBe("dash USA:retain EU:support");
    expect((await state(eu, id, { stance: null })).status).toBe(200);
  });
});
