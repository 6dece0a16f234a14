import { markupDocx } from "@accord/docx";
import { canonicalContent, NegotiationDocument } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { importText } from "@accord/text";
import { Zip, ZipDeflate, strToU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paragraph, run, wordDraft } from "../../../docx/test/word-drafts.js";
import { DRAFT, startApi, type ApiServer } from "./api-support.js";

let t: ApiServer;
let secretariat: string;

beforeAll(async () => {
  t = await startApi();
  await t.user("secretariat");
  secretariat = await t.login("secretariat");
});
afterAll(async () => t.close());

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const post = (path: string, body: Uint8Array | string, token = secretariat) =>
  t.call("POST", path, { token, text: body, contentType: typeof body === "string" ? "text/plain" : DOCX });

/** A zip bomb: 40 MiB of XML in a few dozen KiB. */
function zipBomb(): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  const entry = new ZipDeflate("word/document.xml", { level: 6 });
  zip.add(entry);
  const block = new Uint8Array(1024 * 1024).fill(0x61);
  for (let k = 0; k < 40; k++) entry.push(block);
  entry.push(strToU8("</w:t>"), true);
  zip.end();
  return Buffer.concat(chunks);
}

describe("creating a negotiation from an uploaded draft", () => {
  it("previews a Word draft: what the import makes of it, creating nothing", async () => {
    const answer = await post("/documents/preview?format=docx", await markupDocx(importText(DRAFT).document));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.diagnostics).toEqual([]);
    expect(answer.body.paragraphs.total).toBeGreaterThan(3);
    expect(answer.body.proposals.open).toBeGreaterThan(0);
    expect((await t.call("GET", "/documents", { token: secretariat })).body.documents).toEqual([]);
  });

  it("previews the problems of a Word draft at their paragraph and column, and of a text at their line and column", async () => {
    const word = await post("/documents/preview?format=docx", wordDraft({ body: paragraph(run("1. To act.")) + paragraph(run("2. To act [Uru: now and")) }));
    expect(word.status).toBe(200);
    expect(word.body.diagnostics).toContainEqual(expect.objectContaining({ line: null, paragraph: 2, column: 11 }));
    const text = await post("/documents/preview?format=txt", "1. To act.\n\n2. To act [Uru: now and\n");
    expect(text.body.diagnostics).toContainEqual(expect.objectContaining({ line: 3, paragraph: null, column: 11 }));
  });

  it("creates the negotiation from the Word draft, its uploader the chair, the same document as the draft", async () => {
    const answer = await post("/documents/upload?format=docx&id=from-word", await markupDocx(importText(DRAFT).document));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.id).toBe("from-word");
    const record = await t.call("GET", "/documents/from-word", { token: secretariat });
    expect(record.body.role).toBe("chair");
    const content = await t.call("GET", "/documents/from-word/content", { token: secretariat });
    const stored = canonicalContent(importText(DRAFT).document.content, { renameIds: true });
    expect(canonicalContent(NegotiationDocument.fromJSON(content.body).content, { renameIds: true })).toEqual(stored);
  });

  it("refuses what is not a draft with 422 and the reason: not a zip, a zip bomb, a text that is not UTF-8", async () => {
    const notZip = await post("/documents/upload?format=docx", strToU8("hello"));
    expect(notZip.status).toBe(422);
    expect(notZip.body.error).toMatch(/not a Word \(\.docx\) file/);
    const bomb = await post("/documents/preview?format=docx", zipBomb());
    expect(bomb.status).toBe(422);
    expect(bomb.body.error).toMatch(/zip bomb/);
    const latin1 = await post("/documents/preview?format=txt", new Uint8Array([0x31, 0x2e, 0x20, 0xe9, 0x0a]));
    expect(latin1.status).toBe(422);
    expect(latin1.body.error).toMatch(/UTF-8/);
  });

  it("refuses an upload without a session, without a body, or in a format it does not read", async () => {
    expect((await t.call("POST", "/documents/preview?format=txt", { text: "1. To act." })).status).toBe(401);
    expect((await post("/documents/preview?format=txt", "")).status).toBe(400);
    const odt = await post("/documents/preview?format=odt", "x");
    expect(odt.status).toBe(400);
    expect(odt.body.error).toMatch(/format must be "txt" or "docx"/);
  });

  it("keeps answering while a large Word draft is read (the reading is off the event loop)", async () => {
    const large = await markupDocx(generateDocument({ seed: 5, paragraphs: 2_000, proposals: 5_000 }));
    let previewDone = false;
    const preview = post("/documents/preview?format=docx", large).then((answer) => {
      previewDone = true;
      return answer;
    });
    // Requests made while the draft is read are answered before it is read.
    const answered: boolean[] = [];
    for (let k = 0; k < 3; k++) {
      await t.call("GET", "/documents", { token: secretariat });
      answered.push(!previewDone);
    }
    expect(answered[0]).toBe(true);
    const answer = await preview;
    expect(answer.status).toBe(200);
    expect(answer.body.paragraphs.total).toBe(2_000);
  });
});
