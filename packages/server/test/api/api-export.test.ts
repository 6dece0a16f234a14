import { cleanHtml, cleanText, markupHtml, markupText } from "@accord/merge";
import { importDocx } from "@accord/docx";
import { canonicalContent } from "@accord/schema";
import { importText } from "@accord/text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeBrowser, pdfPageCount } from "../../../../test/support/browser.js";
import { DRAFT, startApi, type ApiServer } from "./api-support.js";

let t: ApiServer;
let chair: string;
const imported = importText(DRAFT).document;

beforeAll(async () => {
  t = await startApi();
  await t.user("chair");
  chair = await t.login("chair");
  await t.create(chair, DRAFT, "plan");
});
afterAll(async () => t.close());

const get = (query: string) => t.call("GET", `/documents/plan/export?${query}`, { token: chair });

/** An export's raw bytes and headers (the API helper reads bodies as text or JSON). */
async function getBytes(query: string): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
  const response = await fetch(`${t.url}/api/documents/plan/export?${query}`, { headers: { authorization: `Bearer ${chair}` } });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** The server's day, as exportFileName writes it (the draft has no symbol: the id stands for it). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
const attachment = (name: string) => `attachment; filename=plan_${name}_${today()}`;

describe("GET /api/documents/:id/export", () => {
  it("writes the clean version as text, as an attachment", async () => {
    const answer = await get("version=clean&format=txt");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(answer.headers.get("content-disposition")).toBe(`${attachment("clean")}.txt`);
    const expected = cleanText(imported);
    expect(expected.ok && answer.body).toBe(expected.ok && expected.value);
    expect(answer.body).toContain("[while]");
    expect(answer.body).not.toContain("Uru:");
  });

  it("writes the marked-up version as text", async () => {
    const answer = await get("version=markup&format=txt");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-disposition")).toBe(`${attachment("markup")}.txt`);
    expect(answer.body).toBe(markupText(imported));
    expect(answer.body).toContain("[Uru: while]");
  });

  it("writes both versions as HTML pages", async () => {
    const clean = await get("version=clean&format=html&concordance=1");
    expect(clean.status).toBe(200);
    expect(clean.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(clean.headers.get("content-disposition")).toBe(`${attachment("clean-concordance")}.html`);
    const expected = cleanHtml(imported, { concordance: true });
    expect(expected.ok && clean.body).toBe(expected.ok && expected.value);
    const plain = await get("version=clean&format=html");
    expect(plain.headers.get("content-disposition")).toBe(`${attachment("clean")}.html`);
    const markup = await get("version=markup&format=html");
    expect(markup.body).toBe(markupHtml(imported));
    expect(markup.body).toMatch(/^<!DOCTYPE html>/i);
  });

  it("writes one delegation's version, by code or by tag", async () => {
    const byCode = await get("version=markup&format=txt&delegation=URY");
    expect(byCode.status).toBe(200);
    expect(byCode.headers.get("content-disposition")).toBe(`${attachment("markup-URY")}.txt`);
    expect(byCode.body).toBe(markupText(imported, { delegation: "URY" }));
    expect((await get("version=markup&format=txt&delegation=Uru")).body).toBe(byCode.body);
    const unknown = await get("version=markup&format=txt&delegation=Atlantis");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/unknown delegation 'Atlantis'/);
  });

  it("refuses a final text that is not final with 409 and the list of what is unresolved", async () => {
    const answer = await get("version=clean&format=txt&final=1");
    expect(answer.status).toBe(409);
    expect(answer.body.error).toBe("not a final text: 5 unresolved proposals and 3 paragraphs not agreed");
    expect(answer.body.unresolved).toMatch(/^not a final text: [^\n]*\n {2}paragraph 2 under/);
    expect(answer.body.unresolved).toContain("Uruguay’s proposal b1 “while” [b1]");
    expect(answer.body.items).toContainEqual({ kind: "proposal", id: "b1", where: expect.any(String), description: expect.stringContaining("while") });
    expect(answer.body.items).toHaveLength(8);
  });

  it("refuses missing, unknown and misplaced parameters with 400", async () => {
    const cases: [string, RegExp][] = [
      ["format=txt", /version: version must be "clean", "markup", "revisions"/],
      ["version=clean", /format: format must be "txt", "html", "docx", "pdf"/],
      ["version=clean&format=odt", /format must be "txt", "html", "docx", "pdf"/],
      ["version=revisions&format=html", /format: version=revisions is a Word document: use format=docx/],
      ["version=markup&format=txt&final=1", /final: applies only to version=clean/],
      ["version=clean&format=txt&delegation=URY", /delegation: applies only to version=markup/],
      ["version=clean&format=txt&final=yes", /final: write 1 or 0/],
      ["version=clean&format=txt&colour=red", /colour/],
      ["version=clean&version=markup&format=txt", /version/],
    ];
    for (const [query, error] of cases) {
      const answer = await get(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error, query).toMatch(error);
    }
  });

  it("writes every version as Word, each file with its own name, the marked-up one read back by importDocx as the document", async () => {
    const names = new Set<string>();
    for (const [query, name] of [
      ["version=markup&format=docx", "markup"],
      ["version=markup&format=docx&delegation=URY", "markup-URY"],
      ["version=revisions&format=docx", "revisions"],
      ["version=clean&format=docx&concordance=1", "clean-concordance"],
    ] as const) {
      const answer = await getBytes(query);
      expect(answer.status, query).toBe(200);
      expect(answer.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      expect(answer.headers.get("content-disposition")).toBe(`${attachment(name)}.docx`);
      expect([...answer.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
      names.add(answer.headers.get("content-disposition")!);
      if (query === "version=markup&format=docx") {
        const read = importDocx(answer.bytes);
        expect(read.ok && canonicalContent(read.document.content, { renameIds: true })).toEqual(canonicalContent(imported.content, { renameIds: true }));
      }
    }
    expect(names.size).toBe(4);
  });

  it("exports the document as it stands, after operations", async () => {
    expect((await t.call("POST", "/documents/plan/proposals/b1/reject", { token: chair })).status).toBe(200);
    const answer = await get("version=clean&format=txt");
    expect(answer.body).toContain("To develop plans respecting human rights.");
  });

  it("gives a final text once everything is resolved and agreed", async () => {
    await t.call("POST", "/documents/plan/proposals/b2/accept", { token: chair });
    await t.call("POST", "/documents/plan/proposals/b3/reject", { token: chair });
    await t.call("POST", "/documents/plan/blocks/p6/choose", { token: chair });
    for (const block of ["p2", "p3", "p4", "p6"]) {
      const status = await t.call("POST", `/documents/plan/blocks/${block}/status`, { token: chair, json: { status: "agreed-ad-referendum", date: "2026-11-25" } });
      expect(status.status, JSON.stringify(status.body)).toBe(200);
    }
    const answer = await get("version=clean&format=txt&final=1");
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.headers.get("content-disposition")).toBe(`${attachment("final")}.txt`);
    expect(answer.body).toContain("To ensure a age perspective");
  });
});

describeBrowser("GET /api/documents/:id/export as PDF (printed by headless Chromium)", () => {
  it("prints the clean and the marked-up version, each its own file", async () => {
    for (const [query, name] of [
      ["version=clean&format=pdf", "clean"],
      ["version=markup&format=pdf", "markup"],
    ] as const) {
      const answer = await getBytes(query);
      expect(answer.status, query).toBe(200);
      expect(answer.headers.get("content-type")).toBe("application/pdf");
      expect(answer.headers.get("content-disposition")).toBe(`${attachment(name)}.pdf`);
      expect(Buffer.from(answer.bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
      expect(pdfPageCount(Buffer.from(answer.bytes))).toBeGreaterThanOrEqual(1);
    }
  });
});
