import { parseDocumentJSON, type NegotiationDocument } from "@accord/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlan, type ApiServer } from "./api-support.js";

let t: ApiServer;
let chair: string;
let secretariat: string;
let uruguay: string;
let observer: string;

beforeAll(async () => {
  ({ t, chair, members: { secretariat, uruguay, observer } } = await startPlan({ secretariat: ["secretariat"], uruguay: ["delegate", "URY"], observer: ["observer"] }));
});
afterAll(async () => t.close());

async function content(): Promise<NegotiationDocument> {
  const parsed = parseDocumentJSON(JSON.stringify((await t.call("GET", "/documents/plan/content", { token: chair })).body));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function block(document: NegotiationDocument, id: string) {
  let found: NegotiationDocument["content"] | null = null;
  document.content.forEach((node) => {
    if (node.attrs.id === id) found = node;
  });
  if (!found) throw new Error(`no block ${id}`);
  return found as NegotiationDocument["content"];
}

const post = (token: string, path: string, json?: unknown) => t.call("POST", `/documents/plan${path}`, { token, ...(json === undefined ? {} : { json }) });

describe("POST …/blocks/:bid/status", () => {
  it("the chair records a status with date and body", async () => {
    const answer = await post(chair, "/blocks/p2/status", { status: "agreed-ad-referendum", date: "2026-11-25", body: "CSH" });
    expect(answer.status).toBe(200);
    expect(answer.body.message).toBe("Paragraph 2 under “Objective 1.2” is agreed ad referendum by the CSH on 11/25/26.");
    const attrs = block(await content(), "p2").attrs;
    expect([attrs.status, attrs.statusDate, attrs.statusBody]).toEqual(["agreed-ad-referendum", "2026-11-25", "CSH"]);
    // Uruguay's bracket is still open: the status is recorded, with a warning listing it.
    expect(answer.body.openBrackets).toEqual([{ id: "b1", by: ["URY"], description: "Uruguay’s proposal b1 “while”" }]);
  });

  it("a status without a date gets today's; the secretariat may record it, on a heading too", async () => {
    const answer = await post(secretariat, "/blocks/h1/status", { status: "agreed-informally" });
    expect(answer.status).toBe(200);
    expect(block(await content(), "h1").attrs.statusDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("refuses a delegate and an observer with 403", async () => {
    expect((await post(uruguay, "/blocks/p3/status", { status: "approved" })).status).toBe(403);
    expect((await post(observer, "/blocks/p3/status", { status: "approved" })).status).toBe(403);
    expect(block(await content(), "p3").attrs.status).toBe("open");
  });

  it("refuses a bad status, an impossible date, an unknown field with 400; an unknown block with 404", async () => {
    const bad = await post(chair, "/blocks/p3/status", { status: "agreed" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^bad request body: status: one of open, agreed-informally/);
    const date = await post(chair, "/blocks/p3/status", { status: "approved", date: "2026-02-30" });
    expect(date.status).toBe(400);
    expect(date.body.error).toMatch(/date: a date written YYYY-MM-DD/);
    expect((await post(chair, "/blocks/p3/status", { status: "approved", by: "me" })).status).toBe(400);
    const unknown = await post(chair, "/blocks/p99/status", { status: "approved" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe("there is no paragraph or heading p99 in this document");
  });

  it("answers a body that is not JSON with 400 or 415", async () => {
    const broken = await t.call("POST", "/documents/plan/blocks/p3/status", { token: chair, text: "{status: approved}", contentType: "application/json" });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe("the request body is not valid JSON");
    const form = await t.call("POST", "/documents/plan/blocks/p3/status", { token: chair, text: "status=approved", contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
  });

  it("answers a JSON body over 1 MiB with 413", async () => {
    const answer = await post(chair, "/blocks/p3/status", { status: "approved", footnote: "x".repeat(1_100_000) });
    expect(answer.status).toBe(413);
  });
});

describe("GET …/status-history", () => {
  it("lists the status changes, newest first, as sentences", async () => {
    await post(chair, "/blocks/p2/status", { status: "open" });
    const answer = await t.call("GET", "/documents/plan/status-history", { token: observer });
    expect(answer.status).toBe(200);
    const entries = answer.body.entries as { block: string; status: string; sentence: string; message: string; username: string }[];
    expect(entries.map((e) => [e.block, e.status])).toEqual([
      ["p2", "open"],
      ["h1", "agreed-informally"],
      ["p2", "agreed-ad-referendum"],
    ]);
    expect(entries[2]).toMatchObject({
      username: "chair",
      date: "2026-11-25",
      body: "CSH",
      sentence: "agreed ad referendum on 2026-11-25 by the CSH, recorded by chair (chair)",
      message: "Paragraph 2 under “Objective 1.2” is agreed ad referendum by the CSH on 11/25/26.",
    });
    const p2 = await t.call("GET", "/documents/plan/status-history?block=p2&limit=1", { token: observer });
    expect(p2.body.entries.map((e: { status: string }) => e.status)).toEqual(["open"]);
  });

  it("warns of a proposed paragraph still open, and says nothing when no bracket is open", async () => {
    const proposed = await post(chair, "/blocks/p6/status", { status: "agreed-informally", date: "2026-11-25" });
    expect(proposed.status).toBe(200);
    expect(proposed.body.openBrackets).toEqual([{ id: "p6", by: ["MEX"], description: "Mexico’s proposed paragraph “Instruct the chair to report.”" }]);
    const plain = await post(chair, "/blocks/p1/status", { status: "approved", date: "2026-11-25" });
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty("openBrackets");
    // Reopening settles nothing: no warning.
    expect((await post(chair, "/blocks/p6/status", { status: "open" })).body).not.toHaveProperty("openBrackets");
    await post(chair, "/blocks/p1/status", { status: "agreed-informally", date: "2012-04-19" });
  });
});

describe("POST …/blocks/:bid/reservation", () => {
  it("a delegate reserves its own delegation's position", async () => {
    const answer = await post(uruguay, "/blocks/p3/reservation", { text: "The Government of Uruguay reserves its position on this paragraph." });
    expect(answer.status).toBe(200);
    expect(answer.body.message).toMatch(/^Uruguay reserves its position on paragraph 3/);
    let footnotes = 0;
    block(await content(), "p3").forEach((node) => {
      if (node.type.name === "footnote" && node.attrs.delegation === "URY") footnotes++;
    });
    expect(footnotes).toBe(1);
  });

  it("refuses a delegate another delegation's reservation with 403, an observer with 403", async () => {
    const other = await post(uruguay, "/blocks/p3/reservation", { delegation: "BRA", text: "Brazil reserves." });
    expect(other.status).toBe(403);
    expect(other.body.error).toBe("you are a delegate of URY: you may record a reservation for URY only");
    expect((await post(observer, "/blocks/p3/reservation", { delegation: "URY", text: "x" })).status).toBe(403);
  });

  it("the secretariat records any delegation's reservation; it must name one", async () => {
    expect((await post(secretariat, "/blocks/p3/reservation", { delegation: "ECU", text: "The Government of Ecuador reserves its position." })).status).toBe(200);
    expect((await post(secretariat, "/blocks/p3/reservation", { text: "Someone reserves." })).status).toBe(400);
    expect((await post(secretariat, "/blocks/h1/reservation", { delegation: "ECU", text: "x" })).status).toBe(404);
    expect((await post(secretariat, "/blocks/p3/reservation", { delegation: "ECU", text: "" })).status).toBe(400);
  });
});

describe("POST …/blocks/:bid/choose", () => {
  it("the chair chooses an alternative: it is accepted, the original rejected", async () => {
    expect((await post(uruguay, "/blocks/p6/choose")).status).toBe(403);
    const answer = await post(chair, "/blocks/p6/choose");
    expect(answer.status).toBe(200);
    expect(answer.body.message).toMatch(/^Chose paragraph 5 bis alt/);
    const document = await content();
    expect(block(document, "p6").attrs.proposalState).toBe("accepted");
    expect(block(document, "p5").attrs.proposalState).toBe("rejected");
  });

  it("refuses a paragraph without alternatives with 409, an unknown one with 404", async () => {
    const none = await post(chair, "/blocks/p2/choose");
    expect(none.status).toBe(409);
    expect(none.body.error).toMatch(/has no alternatives/);
    expect((await post(chair, "/blocks/p77/choose")).status).toBe(404);
  });
});

describe("GET …/audit", () => {
  it("pages the trail newest first with limit and before", async () => {
    const first = await t.call("GET", "/documents/plan/audit?limit=2", { token: observer });
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.entries[0].action).toBe("choose");
    expect(first.body.next).toBe(first.body.entries[1].id);
    const all = await t.call("GET", "/documents/plan/audit", { token: observer });
    const ids = all.body.entries.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.body.entries.at(-1)).toMatchObject({ action: "create", username: "chair" });
    expect(all.body.next).toBeNull();
    const second = await t.call("GET", `/documents/plan/audit?limit=2&before=${first.body.next}`, { token: observer });
    expect(second.body.entries[0].id).toBe(ids[2]);
  });

  it("refuses a bad limit or cursor with 400", async () => {
    for (const query of ["limit=0", "limit=501", "limit=ten", "before=-1", "page=2"]) {
      expect((await t.call("GET", `/documents/plan/audit?${query}`, { token: chair })).status, query).toBe(400);
    }
  });
});
