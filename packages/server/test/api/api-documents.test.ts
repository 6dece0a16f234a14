import { parseDocumentJSON } from "@accord/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAFT, startApi, type ApiServer } from "./api-support.js";

let t: ApiServer;
let chair: string;
beforeAll(async () => {
  t = await startApi({ maxImportBytes: 64 * 1024 });
  await t.user("chair");
  chair = await t.login("chair");
});
afterAll(async () => t.close());

describe("POST /api/documents", () => {
  it("imports a text: 201 with the id and the diagnostics, line and column", async () => {
    const answer = await t.call("POST", "/documents?id=plan&title=Plan%20of%20Action", { token: chair, text: DRAFT });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("location")).toBe("/api/documents/plan");
    expect(answer.body).toEqual({
      id: "plan",
      title: "Plan of Action",
      diagnostics: [{ line: 9, column: 47, message: "‘]’ closes no bracket; it is kept as text", excerpt: expect.stringContaining("results]") }],
    });
  });

  it("makes the creator the chair", async () => {
    const answer = await t.call("GET", "/documents/plan", { token: chair });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      id: "plan",
      title: "Plan of Action",
      meta: { title: "Plan of Action", symbol: "", body: "", date: "", revision: "", dateStyle: "MM/DD/YY" },
      delegations: expect.any(Array),
      role: "chair",
      delegation: "",
      createdAt: expect.any(String),
    });
  });

  it("generates an id from the title when none is given", async () => {
    const answer = await t.call("POST", "/documents", { token: chair, text: "Title: Draft Resolution on Water\n---\n\n1. Text." });
    expect(answer.status).toBe(201);
    expect(answer.body.id).toMatch(/^draft-resolution-on-water-[0-9a-f]{8}$/);
    expect(answer.body.diagnostics).toEqual([]);
  });

  it("refuses a taken id with 409, a malformed id with 400", async () => {
    const taken = await t.call("POST", "/documents?id=plan", { token: chair, text: DRAFT });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatch(/exists already/);
    const bad = await t.call("POST", "/documents?id=Not_Valid", { token: chair, text: DRAFT });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^bad query parameters: id: a document id is/);
  });

  it("refuses binary data with 400 and decodeText's message", async () => {
    const answer = await t.call("POST", "/documents", { token: chair, text: new Uint8Array([0x31, 0x2e, 0x20, 0x00, 0x01, 0x02]) });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/not a text file .*NUL byte at offset 3/);
  });

  it("refuses text that is not UTF-8 with 400 naming line and column", async () => {
    const answer = await t.call("POST", "/documents", { token: chair, text: new Uint8Array([0x31, 0x2e, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]) });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/not UTF-8.*line 1, column 7/);
  });

  it("refuses an empty body with 400, JSON with 415, a text over the limit with 413", async () => {
    const empty = await t.call("POST", "/documents", { token: chair, text: "" });
    expect(empty.status).toBe(400);
    const json = await t.call("POST", "/documents", { token: chair, json: { text: DRAFT } });
    expect(json.status).toBe(415);
    expect(json.body.error).toMatch(/text\/plain/);
    const large = await t.call("POST", "/documents", { token: chair, text: `1. ${"word ".repeat(20_000)}` });
    expect(large.status).toBe(413);
    expect(large.body.error).toMatch(/too large \(the limit is 65536 bytes\)/);
  });

  it("needs a session", async () => {
    expect((await t.call("POST", "/documents", { text: DRAFT })).status).toBe(401);
  });
});

describe("GET /api/documents", () => {
  it("lists the caller's documents with role, delegation and progress", async () => {
    await t.user("uruguay", { documentId: "plan", role: "delegate", delegation: "URY" });
    const uruguay = await t.login("uruguay");
    const answer = await t.call("GET", "/documents", { token: uruguay });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      documents: [
        {
          id: "plan",
          title: "Plan of Action",
          role: "delegate",
          delegation: "URY",
          createdAt: expect.any(String),
          readable: true,
          progress: { paragraphs: 6, agreed: 1, deleted: 0, openProposals: 5 },
        },
      ],
    });
    const mine = await t.call("GET", "/documents", { token: chair });
    expect(mine.body.documents.map((d: { id: string }) => d.id)).toContain("plan");
    expect(mine.body.documents).toHaveLength(2);
  });

  it("is empty for a user with no documents", async () => {
    await t.user("newcomer");
    const answer = await t.call("GET", "/documents", { token: await t.login("newcomer") });
    expect(answer.body).toEqual({ documents: [] });
  });
});

describe("GET /api/documents/:id and …/content", () => {
  it("gives the document JSON as it stands", async () => {
    const answer = await t.call("GET", "/documents/plan/content", { token: chair });
    expect(answer.status).toBe(200);
    const parsed = parseDocumentJSON(JSON.stringify(answer.body));
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.value.content.textContent).toContain("To develop plans while respecting human rights.");
    expect(answer.body.meta.title).toBe("Plan of Action");
  });

  it("describes the document with the caller's role and the delegation registry", async () => {
    const answer = await t.call("GET", "/documents/plan", { token: chair });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: "plan", title: "Plan of Action", role: "chair", delegation: "" });
    const uruguay = answer.body.delegations.find((d: { code: string }) => d.code === "URY");
    expect(uruguay).toMatchObject({ code: "URY", name: "Uruguay" });
    expect(uruguay.tags).toContain("Uru");
    // Read without the content, the same as the whole document says.
    const whole = await t.call("GET", "/documents/plan/content", { token: chair });
    expect(answer.body.meta).toEqual(whole.body.meta);
    expect(answer.body.delegations).toEqual(whole.body.delegations);
  });

  it("answers 404 alike for an unknown document, a malformed id and a document the user is not a member of", async () => {
    await t.user("stranger");
    const stranger = await t.login("stranger");
    const notMember = await t.call("GET", "/documents/plan", { token: stranger });
    const unknown = await t.call("GET", "/documents/no-such-plan", { token: stranger });
    const malformed = await t.call("GET", "/documents/..%2Fetc", { token: stranger });
    expect(notMember.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(notMember.body.error).toBe("there is no document 'plan' that you are a member of");
    expect(unknown.body.error).toBe("there is no document 'no-such-plan' that you are a member of");
    for (const path of ["/content", "/stats", "/proposals", "/members", "/audit", "/export?version=clean&format=txt"]) {
      expect((await t.call("GET", `/documents/plan${path}`, { token: stranger })).status, path).toBe(404);
    }
    const operation = await t.call("POST", "/documents/plan/proposals/b1/accept", { token: stranger });
    expect(operation.status).toBe(404);
  });
});
