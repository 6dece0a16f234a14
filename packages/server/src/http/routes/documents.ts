import { randomBytes } from "node:crypto";
import { negotiationProgress, negotiationStats, type NegotiationDocument } from "@accord/schema";
import { decodeText, importText, type Diagnostic } from "@accord/text";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { z } from "zod";
import { DOCUMENT_NAME } from "../../collab/authentication.js";
import { UnreadableDocument } from "../../collab/unavailable.js";
import { access, liveDocument } from "../access.js";
import type { ApiDeps } from "../deps.js";
import { HttpError } from "../errors.js";
import { signedIn } from "../session.js";
import { hasBody, parseQuery } from "../validate.js";

/**
 * What `GET …/stats` answers: exactly what `accord stats --json` prints for
 * the same text (`StatsReport` in apps/cli) — `negotiationStats` of the
 * document as it stands and the diagnostics of its import.
 */
export function statsReport(document: NegotiationDocument, diagnostics: readonly Diagnostic[]) {
  const { paragraphs, headings, notes, proposals, choices, positions, optionGroups } = negotiationStats(document.content);
  return { paragraphs, headings, notes, proposals, choices, positions, optionGroups, diagnostics: diagnostics.map(publicDiagnostic) };
}

function publicDiagnostic({ line, column, message, excerpt }: Diagnostic): Diagnostic {
  return { line, column, message, excerpt };
}

const createQuery = z.strictObject({
  id: z
    .string()
    .regex(DOCUMENT_NAME, "a document id is 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit")
    .optional(),
  title: z.string().max(2_000).optional(),
});

const noQuery = z.strictObject({});

/** A fresh document id from the title: `strengthening-hemispheric-co-3f9a1c2e`. */
export function generatedId(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 40)
    .replace(/^-+|-+$/g, "");
  return `${slug || "document"}-${randomBytes(4).toString("hex")}`;
}

/** Refuses, before reading it, an import body that is not text. */
function textBody(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req) && !req.is(["text/*", "application/octet-stream"])) {
    throw new HttpError(415, "send the legacy text as the request body with Content-Type: text/plain");
  }
  next();
}

/**
 * The document routes: list, create from a legacy text, read the record,
 * the content and the statistics. Registered before the JSON body parser,
 * since creation reads its own (text) body.
 */
export function documentRoutes(api: Router, deps: ApiDeps): void {
  api.get("/documents", async (req, res) => {
    parseQuery(req, noQuery);
    const { user } = signedIn(res);
    const records = await deps.storage.listDocumentsFor(user.id);
    const documents = await Promise.all(
      records.map(async (record) => {
        // One document that cannot be read must not hide the others: it is listed without progress, saying why.
        const read = await deps.live.read(record.id);
        const listed = {
          id: record.id,
          title: (read.ok && read.value.meta.title) || record.title,
          role: record.membership.role,
          delegation: record.membership.delegation,
          createdAt: record.createdAt,
          readable: read.ok,
          progress: read.ok ? negotiationProgress(negotiationStats(read.value.content)) : null,
        };
        return read.ok ? listed : { ...listed, problem: new UnreadableDocument(record.id, read.message).message };
      }),
    );
    res.json({ documents });
  });

  api.post("/documents", textBody, express.raw({ type: () => true, limit: deps.config.maxImportBytes }), async (req, res) => {
    const query = parseQuery(req, createQuery);
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength) : new Uint8Array();
    if (bytes.length === 0) throw new HttpError(400, "send the legacy text as the request body with Content-Type: text/plain");
    const decoded = decodeText(bytes);
    if (!decoded.ok) throw new HttpError(400, decoded.message);
    const imported = importText(decoded.value);
    const title = query.title?.trim();
    const document = title ? imported.document.withMeta({ title }) : imported.document;
    const { user } = signedIn(res);

    let id = query.id ?? generatedId(document.meta.title);
    for (let attempt = 0; !(await deps.live.create(id, document, user, imported.diagnostics)); attempt++) {
      if (query.id !== undefined) throw new HttpError(409, `a document with the id '${id}' exists already; choose another id`);
      if (attempt >= 4) throw new Error("could not find a free document id");
      id = generatedId(document.meta.title);
    }
    res
      .status(201)
      .location(`${req.baseUrl}/documents/${id}`)
      .json({ id, title: document.meta.title, diagnostics: imported.diagnostics.map(publicDiagnostic) });
  });

  api.get("/documents/:id", async (req, res) => {
    parseQuery(req, noQuery);
    const { id, record, actor } = await access(deps, req, res);
    // Not the content: a page opening a long negotiation waits for this, and connects next.
    const header = await deps.live.headerForOpening(id, actor);
    if (!header.ok) throw new UnreadableDocument(id, header.message);
    const { meta, registry } = header.value;
    res.json({
      id,
      title: meta.title || record.title,
      meta,
      // The registry, so that a page can name and colour delegations without the whole content.
      delegations: registry.toJSON(),
      role: actor.membership.role,
      delegation: actor.membership.delegation,
      createdAt: record.createdAt,
    });
  });

  api.get("/documents/:id/content", async (req, res) => {
    parseQuery(req, noQuery);
    const { id } = await access(deps, req, res);
    res.json((await liveDocument(deps, id)).toJSON());
  });

  api.get("/documents/:id/stats", async (req, res) => {
    parseQuery(req, noQuery);
    const { id, record } = await access(deps, req, res);
    res.json(statsReport(await liveDocument(deps, id), record.diagnostics));
  });
}
