import { setMetadata } from "@accord/merge";
import { DATE_STYLES, isDateStyle, isStatusDate, META_LIMITS, type DocumentMeta, type NegotiationDocument } from "@accord/schema";
import type { Router } from "express";
import { z } from "zod";
import { access, requirePermission } from "../access.js";
import type { ApiDeps } from "../deps.js";
import { operate } from "../operate.js";
import { parseBody } from "../validate.js";

const metadataBody = z
  .strictObject({
    title: z.string().max(META_LIMITS.title).optional(),
    symbol: z.string().max(META_LIMITS.symbol).optional(),
    body: z.string().max(META_LIMITS.body).optional(),
    date: z.string().refine(isStatusDate, "a date written YYYY-MM-DD, or empty").optional(),
    revision: z.string().max(META_LIMITS.revision).optional(),
    dateStyle: z.string().refine(isDateStyle, `one of ${DATE_STYLES.map((style) => `“${style}”`).join(", ")}`).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "name at least one field to change: title, symbol, body, date, revision or dateStyle");

/**
 * `PATCH /documents/:id/meta` (the chair or the secretariat): changes the
 * document's metadata fields named in the body — among them `dateStyle`, the
 * style every date of the document is shown and written in. Every editor
 * sees it at once; the change is logged and audited. Answers
 * `{ message, meta }`; a body that changes nothing is a 409 saying so.
 */
export function metadataRoutes(api: Router, deps: ApiDeps): void {
  api.patch("/documents/:id/meta", async (req, res) => {
    const body = parseBody(req, metadataBody) as Partial<DocumentMeta>;
    const { id, actor } = await access(deps, req, res);
    requirePermission(actor, "edit-metadata");
    let meta: DocumentMeta | null = null;
    const step = (document: NegotiationDocument) => {
      const result = setMetadata(document, body);
      if (result.ok) meta = result.document.meta;
      return result;
    };
    const answer = await operate(deps, id, actor, "metadata", step, { fields: Object.keys(body) });
    res.json({ ...answer, meta });
  });
}
