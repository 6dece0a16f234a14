import { cleanVersion, exportFileName } from "@accord/merge";
import { describeTagProblem, type DelegationRegistry, type NegotiationDocument } from "@accord/schema";
import type { Router } from "express";
import { z } from "zod";
import { EXPORT_FORMATS, EXPORT_VERSIONS, exportRequestProblem, renderExport } from "../../export/render.js";
import { access, liveDocument } from "../access.js";
import type { ApiDeps } from "../deps.js";
import { HttpError } from "../errors.js";
import { parseQuery } from "../validate.js";

/** `?final`, `?final=1`, `?final=true` are on; `?final=0`, `?final=false` off. */
const flag = z.enum(["", "1", "true", "0", "false"], { error: "write 1 or 0" }).transform((value) => value === "" || value === "1" || value === "true");

const exportQuery = z
  .strictObject({
    version: z.enum(EXPORT_VERSIONS, { error: `version must be ${EXPORT_VERSIONS.map((v) => `"${v}"`).join(", ")}` }),
    format: z.enum(EXPORT_FORMATS, { error: `format must be ${EXPORT_FORMATS.map((f) => `"${f}"`).join(", ")}` }),
    final: flag.optional(),
    concordance: flag.optional(),
    delegation: z.string().min(1).max(100).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.version !== "clean" && (query.final || query.concordance)) {
      ctx.addIssue({ code: "custom", path: [query.final ? "final" : "concordance"], message: "applies only to version=clean" });
    }
    if (query.version !== "markup" && query.delegation !== undefined) {
      ctx.addIssue({ code: "custom", path: ["delegation"], message: "applies only to version=markup" });
    }
    if (query.version === "revisions" && query.format !== "docx") {
      ctx.addIssue({ code: "custom", path: ["format"], message: "version=revisions is a Word document: use format=docx" });
    }
    // What Akoma Ntoso takes is said where renderExport checks it.
    const aknProblem = query.format === "akn" ? exportRequestProblem(query) : null;
    if (aknProblem) ctx.addIssue({ code: "custom", path: ["format"], message: aknProblem });
  });

/** The delegation code for a code, tag or name the registry knows (`URY`, `Uru`, `Uruguay`): its `find`; a 400 with `describeTagProblem`'s sentence otherwise. */
export function delegationCode(registry: DelegationRegistry, typed: string): string {
  const found = registry.find(typed);
  if (found.ok) return found.delegation.code;
  throw new HttpError(400, describeTagProblem(typed, found));
}

/**
 * `GET /documents/:id/export?version=clean|markup|revisions&format=txt|html|docx|pdf|akn`
 * with `final`, `concordance` (clean) or `delegation` (markup), as
 * `accord export` writes them (`renderExport`), as an attachment named by
 * `exportFileName` (symbol, revision, version, the server's day). A final
 * text that is not final is a 409 with the list of what is unresolved; a PDF
 * the server cannot print (no Chromium) a 503 saying so.
 */
export function exportRoutes(api: Router, deps: ApiDeps): void {
  api.get("/documents/:id/export", async (req, res) => {
    const query = parseQuery(req, exportQuery);
    const { id } = await access(deps, req, res);
    const document = await liveDocument(deps, id);
    const delegation = query.delegation === undefined ? undefined : delegationCode(document.registry, query.delegation);
    const request = { version: query.version, format: query.format, final: query.final ?? false, concordance: query.concordance ?? false, ...(delegation === undefined ? {} : { delegation }) };
    const rendered = await renderExport(document, request);
    if (!rendered.ok) {
      if (rendered.reason === "not-final") throw notFinal(document, rendered.message);
      throw new HttpError(503, rendered.message);
    }
    const name = exportFileName(document.meta, id, request, localDay(new Date()));
    res.attachment(name).type(rendered.value.type).set("X-Content-Type-Options", "nosniff").send(Buffer.from(rendered.value.body));
  });
}

/** `date` as `YYYY-MM-DD` in the server's time zone: the day a secretariat would write on the file. */
function localDay(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

/** The 409 for a final text that is not: the first line as the error, the full list, and the items. */
function notFinal(document: NegotiationDocument, message: string): HttpError {
  const items = cleanVersion(document).unresolved.map(({ kind, id, where, description }) => ({ kind, id, where, description }));
  return new HttpError(409, message.split("\n")[0]!, { unresolved: message, items });
}
