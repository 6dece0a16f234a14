import { cleanHtml, cleanText, cleanVersion, exportFileName, markupHtml, markupText } from "@accord/merge";
import { describeTagProblem, type DelegationRegistry, type NegotiationDocument, type Result } from "@accord/schema";
import type { Router } from "express";
import { z } from "zod";
import { access, liveDocument } from "./access.js";
import type { ApiDeps } from "./deps.js";
import { HttpError } from "./errors.js";
import { parseQuery } from "./validate.js";

/** `?final`, `?final=1`, `?final=true` are on; `?final=0`, `?final=false` off. */
const flag = z.enum(["", "1", "true", "0", "false"], { error: "write 1 or 0" }).transform((value) => value === "" || value === "1" || value === "true");

const exportQuery = z
  .strictObject({
    version: z.enum(["clean", "markup"], { error: 'version must be "clean" or "markup"' }),
    format: z.enum(["txt", "html"], { error: 'format must be "txt" or "html"' }),
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
  });

const RENDERERS = {
  txt: { clean: cleanText, markup: markupText, type: "text/plain; charset=utf-8" },
  html: { clean: cleanHtml, markup: markupHtml, type: "text/html; charset=utf-8" },
} as const;

/** The delegation code for a code, tag or name the registry knows (`URY`, `Uru`, `Uruguay`): its `find`; a 400 with `describeTagProblem`'s sentence otherwise. */
export function delegationCode(registry: DelegationRegistry, typed: string): string {
  const found = registry.find(typed);
  if (found.ok) return found.delegation.code;
  throw new HttpError(400, describeTagProblem(typed, found));
}

/**
 * `GET /documents/:id/export?version=clean|markup&format=txt|html` with
 * `final`, `concordance` (clean) or `delegation` (markup), as
 * `accord export` writes them, as an attachment named by `exportFileName`
 * (symbol, revision, version, the server's day). A final text that is not
 * final is a 409 with the list of what is unresolved.
 */
export function exportRoutes(api: Router, deps: ApiDeps): void {
  api.get("/documents/:id/export", async (req, res) => {
    const query = parseQuery(req, exportQuery);
    const { id } = await access(deps, req, res);
    const document = await liveDocument(deps, id);
    const render = RENDERERS[query.format];
    let name: string;
    let body: string;
    if (query.version === "clean") {
      const final = query.final ?? false;
      const concordance = query.concordance ?? false;
      const result: Result<string> = render.clean(document, { final, concordance });
      if (!result.ok) throw notFinal(document, result.message);
      body = result.value;
      name = exportFileName(document.meta, id, { version: "clean", format: query.format, final, concordance }, localDay(new Date()));
    } else {
      const code = query.delegation === undefined ? undefined : delegationCode(document.registry, query.delegation);
      body = render.markup(document, code === undefined ? {} : { delegation: code });
      name = exportFileName(document.meta, id, { version: "markup", format: query.format, ...(code === undefined ? {} : { delegation: code }) }, localDay(new Date()));
    }
    res.attachment(name).type(render.type).set("X-Content-Type-Options", "nosniff").send(body);
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
