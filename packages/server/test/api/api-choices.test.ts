import { collectChoices, collectProposals, parseDocumentJSON, type NegotiationDocument } from "@accord/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiServer } from "./api-support.js";

// POST /api/documents/:id/proposals/:pid/choose: the chair or the secretariat
// chooses an option of a choice group; it is accepted, the others rejected.

let t: ApiServer;
let chair: string;
let uruguay: string;

beforeAll(async () => {
  t = await startApi();
  await t.user("chair");
  chair = await t.login("chair");
  await t.create(chair, "1. Each Party [shall][should][URY: may] communicate its needs [in full].", "draft");
  uruguay = await t.member("uruguay", "draft", "delegate", "URY");
});
afterAll(async () => t.close());

async function content(): Promise<NegotiationDocument> {
  const answer = await t.call("GET", "/documents/draft/content", { token: chair });
  const parsed = parseDocumentJSON(JSON.stringify(answer.body));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}
const idOf = async (text: string) => collectProposals((await content()).content).find((p) => p.spans[0]!.text === text)!.id;
const choose = (token: string, pid: string) => t.call("POST", `/documents/draft/proposals/${pid}/choose`, { token, json: {} });

describe("POST /api/documents/:id/proposals/:pid/choose", () => {
  it("refuses a delegate, even for its own option: choosing is the chair's", async () => {
    const answer = await choose(uruguay, await idOf("may"));
    expect(answer.status).toBe(403);
    expect(collectChoices((await content()).content)[0]!.chosen).toBeUndefined();
  });

  it("answers 404 for a proposal that is not there, 409 for one that is no option", async () => {
    expect((await choose(chair, "nope")).status).toBe(404);
    const plain = await choose(chair, await idOf("in full"));
    expect([plain.status, plain.body.error]).toEqual([409, "proposal b4 (“in full”) in paragraph 1 is no option of a choice group: accept it instead"]);
  });

  it("the chair chooses: the option accepted, the others rejected, in one step", async () => {
    const answer = await choose(chair, await idOf("should"));
    expect(answer.status).toBe(200);
    const states = collectProposals((await content()).content).map((p) => [p.spans[0]!.text, p.state]);
    expect(states).toEqual([["shall", "rejected"], ["should", "accepted"], ["may", "rejected"], ["in full", "open"]]);
  });
});
