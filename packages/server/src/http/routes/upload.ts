import { negotiationStats } from "@accord/schema";
import express, { type Request, type Router } from "express";
import { z } from "zod";
import { DOCUMENT_NAME } from "../../collab/authentication.js";
import { parseUpload, UPLOAD_FORMATS, type ParsedUpload } from "../../imports/parse-off-thread.js";
import type { ApiDeps } from "../deps.js";
import { generatedId } from "./documents.js";
import { HttpError } from "../errors.js";
import { signedIn } from "../session.js";
import { parseQuery } from "../validate.js";

const format = z.enum(UPLOAD_FORMATS, { error: `format must be ${UPLOAD_FORMATS.map((f) => `"${f}"`).join(" or ")}` });

const previewQuery = z.strictObject({ format });

const uploadQuery = z.strictObject({
  format,
  id: z
    .string()
    .regex(DOCUMENT_NAME, "a document id is 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit")
    .optional(),
  title: z.string().max(2_000).optional(),
});

function bodyBytes(req: Request): Uint8Array {
  const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength) : new Uint8Array();
  if (bytes.length === 0) throw new HttpError(400, "send the draft's file as the request body (a .txt, a .docx or an Akoma Ntoso .xml, as it is)");
  return bytes;
}

/** The draft read, or a 422 saying why it cannot be. */
async function read(formatName: (typeof UPLOAD_FORMATS)[number], req: Request): Promise<Extract<ParsedUpload, { ok: true }>> {
  const parsed = await parseUpload(formatName, bodyBytes(req));
  if (!parsed.ok) throw new HttpError(422, parsed.message);
  return parsed;
}

/**
 * Creating a negotiation from a draft as a secretariat has it, in two steps:
 * `POST /documents/preview?format=txt|docx|akn` reads the file and answers what
 * the import would make of it (title, symbol, counts, every diagnostic with
 * its line and column, or Word paragraph and column) and creates nothing;
 * `POST /documents/upload?format=…[&id=…][&title=…]` creates the
 * negotiation from the same file, its creator its chair, as `POST
 * /documents` does for a text. The file is the raw request body, bounded by
 * `maxImportBytes`, and read on a worker thread of its own with a time limit
 * (`parseUpload`), so the server answers others meanwhile; a file that is
 * not a draft is a 422 with the reason. Registered before the JSON body
 * parser.
 */
export function uploadRoutes(api: Router, deps: ApiDeps): void {
  const raw = express.raw({ type: () => true, limit: deps.config.maxImportBytes });

  api.post("/documents/preview", raw, async (req, res) => {
    const query = parseQuery(req, previewQuery);
    signedIn(res);
    const { document, diagnostics } = await read(query.format, req);
    const { paragraphs, headings, notes, proposals } = negotiationStats(document.content);
    res.json({ title: document.meta.title, symbol: document.meta.symbol, paragraphs, headings, notes, proposals, diagnostics });
  });

  api.post("/documents/upload", raw, async (req, res) => {
    const query = parseQuery(req, uploadQuery);
    const { user } = signedIn(res);
    const { document: read_, diagnostics } = await read(query.format, req);
    const title = query.title?.trim();
    const document = title ? read_.withMeta({ title }) : read_;
    // The record keeps diagnostics by line; a Word draft's are kept by paragraph in that place.
    const kept = diagnostics.map((d) => ({ line: d.line ?? d.paragraph ?? 0, column: d.column, message: d.footnote !== null ? `in footnote ${d.footnote}: ${d.message}` : d.message, excerpt: d.excerpt }));
    let id = query.id ?? generatedId(document.meta.title);
    for (let attempt = 0; !(await deps.live.create(id, document, user, kept)); attempt++) {
      if (query.id !== undefined) throw new HttpError(409, `a document with the id '${id}' exists already; choose another id`);
      if (attempt >= 4) throw new Error("could not find a free document id");
      id = generatedId(document.meta.title);
    }
    res.status(201).location(`${req.baseUrl}/documents/${id}`).json({ id, title: document.meta.title, diagnostics });
  });
}
