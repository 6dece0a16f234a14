import { importAkn } from "@accord/akn";
import { canonicalContent, NegotiationDocument } from "@accord/schema";
import { importText } from "@accord/text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAFT, startApi, type ApiServer } from "./api-support.js";

// The invariant: the Akoma Ntoso export downloaded from the API, uploaded
// again, creates the same negotiation; what is not Akoma Ntoso is a 422 with
// the reason, and options that do not apply to it are a 400.

let t: ApiServer;
let chair: string;
const imported = importText(DRAFT).document;
const same = (a: NegotiationDocument) => canonicalContent(a.content, { renameIds: true });

beforeAll(async () => {
  t = await startApi();
  await t.user("chair");
  chair = await t.login("chair");
  await t.create(chair, DRAFT, "plan");
});
afterAll(async () => t.close());

const upload = (path: string, body: string) => t.call("POST", path, { token: chair, text: body, contentType: "application/akn+xml" });

async function exportAknFile(query: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${t.url}/api/documents/plan/export?${query}`, { headers: { authorization: `Bearer ${chair}` } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe("Akoma Ntoso through the API", () => {
  it("exports the marked-up version as application/akn+xml under an .xml name, read back as the document", async () => {
    const answer = await exportAknFile("version=markup&format=akn");
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/akn+xml");
    expect(answer.headers.get("content-disposition")).toMatch(/^attachment; filename=plan_markup_\d{4}-\d{2}-\d{2}\.xml$/);
    const read = importAkn(answer.text);
    expect(read.ok && same(read.document)).toEqual(same(imported));
  });

  it("refuses the clean version and a delegation's compilation in Akoma Ntoso with 400 and why", async () => {
    const clean = await t.call("GET", "/documents/plan/export?version=clean&format=akn", { token: chair });
    expect(clean.status).toBe(400);
    expect(clean.body.error).toMatch(/marked-up version/);
    const delegation = await t.call("GET", "/documents/plan/export?version=markup&format=akn&delegation=URY", { token: chair });
    expect(delegation.status).toBe(400);
    expect(delegation.body.error).toMatch(/whole negotiation/);
  });

  it("previews and creates a negotiation from the exported file, the same document", async () => {
    const file = (await exportAknFile("version=markup&format=akn")).text;
    const preview = await upload("/documents/preview?format=akn", file);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.diagnostics).toEqual([]);
    expect(preview.body.proposals.open).toBeGreaterThan(0);
    const created = await upload("/documents/upload?format=akn&id=from-akn", file);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const content = await t.call("GET", "/documents/from-akn/content", { token: chair });
    expect(same(NegotiationDocument.fromJSON(content.body))).toEqual(same(imported));
  });

  it("refuses what is not Akoma Ntoso with 422 and the reason", async () => {
    const dtd = await upload("/documents/preview?format=akn", '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e "x">]><a/>');
    expect(dtd.status).toBe(422);
    expect(dtd.body.error).toMatch(/DTD/);
    const html = await upload("/documents/upload?format=akn", "<html><p>x</p></html>");
    expect(html.status).toBe(422);
    expect(html.body.error).toMatch(/not akomaNtoso/);
    const broken = await upload("/documents/preview?format=akn", "<akomaNtoso");
    expect(broken.status).toBe(422);
    expect(broken.body.error).toMatch(/not well-formed/);
  });
});
