import { collectOptionGroups, parseDocumentJSON, type NegotiationDocument } from "@accord/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiServer } from "./api-support.js";

// POST /api/documents/:id/proposals/:pid/choose with the id of an option of an option block (`Option 1:` …): the
// chair or the secretariat chooses it; it is accepted, the group's other options rejected, in one logged step.

let t: ApiServer;
let chair: string;
let uruguay: string;

const DRAFT = `1. Each Party shall prepare a contribution:

Option 1: Each Party shall communicate it every five years in accordance with decision 1/CP.21.

Option 2:

1. Developed country Parties shall lead.

2. Developing country Parties should continue.

Option 3: No text

2. Each Party shall report.`;

beforeAll(async () => {
  t = await startApi();
  await t.user("chair");
  chair = await t.login("chair");
  await t.create(chair, DRAFT, "options");
  uruguay = await t.member("uruguay", "options", "delegate", "URY");
});
afterAll(async () => t.close());

async function content(): Promise<NegotiationDocument> {
  const answer = await t.call("GET", "/documents/options/content", { token: chair });
  const parsed = parseDocumentJSON(JSON.stringify(answer.body));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}
const optionId = async (label: string) => collectOptionGroups((await content()).content)[0]!.options.find((o) => o.label === label)!.id;
const states = async () => collectOptionGroups((await content()).content)[0]!.options.map((o) => [o.label, o.state]);
const choose = (token: string, pid: string) => t.call("POST", `/documents/options/proposals/${pid}/choose`, { token, json: {} });

describe("choosing an option of an option block over the API", () => {
  it("refuses a delegate with 403, and nothing changes", async () => {
    const answer = await choose(uruguay, await optionId("Option 2:"));
    expect(answer.status).toBe(403);
    expect(await states()).toEqual([["Option 1:", "open"], ["Option 2:", "open"], ["Option 3:", "open"]]);
  });

  it("the chair chooses: the option accepted, the others rejected; the stats count the group once, chosen", async () => {
    const answer = await choose(chair, await optionId("Option 2:"));
    expect(answer.status).toBe(200);
    expect(await states()).toEqual([["Option 1:", "rejected"], ["Option 2:", "accepted"], ["Option 3:", "rejected"]]);
    const stats = await t.call("GET", "/documents/options/stats", { token: chair });
    expect(stats.body.optionGroups).toEqual({ total: 1, open: 0, chosen: 1, options: 3, noText: 1, nested: 0 });
  });
});
