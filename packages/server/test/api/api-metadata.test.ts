import { parseDocumentJSON } from "@accord/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlan, type ApiServer } from "./api-support.js";

// PATCH …/meta: the chair and the secretariat set the document's metadata,
// its date style among them; every date the document shows and writes
// follows it (the exports here; the page in apps/web's browser test).

let t: ApiServer;
let chair: string;
let secretariat: string;
let uruguay: string;

beforeAll(async () => {
  ({ t, chair, members: { secretariat, uruguay } } = await startPlan({ secretariat: ["secretariat"], uruguay: ["delegate", "URY"] }));
});
afterAll(async () => t.close());

const patch = (token: string, json: unknown) => t.call("PATCH", "/documents/plan/meta", { token, json });
const exported = async (query: string) => (await t.call("GET", `/documents/plan/export?${query}`, { token: chair })).body as string;

describe("PATCH …/meta", () => {
  it("a document starts in the style its draft writes dates in (AGREED INF 04/19/12: MM/DD/YY)", async () => {
    const answer = await t.call("GET", "/documents/plan", { token: chair });
    expect(answer.body.meta.dateStyle).toBe("MM/DD/YY");
    expect(await exported("version=markup&format=txt")).toContain("AGREED INF 04/19/12");
  });

  it("the chair sets the date style; the live document, its JSON and every export write dates in it", async () => {
    const answer = await patch(chair, { dateStyle: "D Month YYYY" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ message: "Dates are now written D Month YYYY, e.g. 18 November 2026.", meta: expect.objectContaining({ dateStyle: "D Month YYYY" }) });
    expect((await t.call("GET", "/documents/plan", { token: chair })).body.meta.dateStyle).toBe("D Month YYYY");
    const json = parseDocumentJSON(JSON.stringify((await t.call("GET", "/documents/plan/content", { token: chair })).body));
    expect(json.ok && json.value.meta.dateStyle).toBe("D Month YYYY");
    expect(await exported("version=markup&format=txt")).toContain("AGREED INF 19 April 2012");
    expect(await exported("version=markup&format=html")).toContain("Agreed informally · 19 April 2012");
  });

  it("the secretariat sets it too, with other fields; the status sentence uses it", async () => {
    const answer = await patch(secretariat, { dateStyle: "DD/MM/YYYY", date: "2012-04-20", revision: "rev. 3" });
    expect(answer.status).toBe(200);
    expect(answer.body.message).toBe("The date is now 20/04/2012; the revision is now “rev. 3”; dates are now written DD/MM/YYYY, e.g. 18/11/2026.");
    const status = await t.call("POST", "/documents/plan/blocks/p2/status", { token: chair, json: { status: "agreed-informally", date: "2012-05-03" } });
    expect(status.body.message).toMatch(/ on 03\/05\/2012\.$/);
  });

  it("refuses delegates, unknown styles, unknown fields, an empty body and a change to nothing, saying why", async () => {
    const delegate = await patch(uruguay, { dateStyle: "MM/DD/YY" });
    expect(delegate.status).toBe(403);
    expect(delegate.body.error).toMatch(/^only the chair or the secretariat may change the document's metadata; you are/);
    const unknown = await patch(chair, { dateStyle: "dd.mm.yy" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/dateStyle.*one of “MM\/DD\/YY”/s);
    expect((await patch(chair, { colour: "red" })).status).toBe(400);
    const empty = await patch(chair, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/name at least one field/);
    const same = await patch(chair, { dateStyle: "DD/MM/YYYY" });
    expect(same.status).toBe(409);
    expect(same.body.error).toBe("nothing to change: the metadata already reads so");
    expect((await t.call("GET", "/documents/plan", { token: chair })).body.meta.dateStyle).toBe("DD/MM/YYYY");
  });
});
