import { addReservation, chooseAlternative, findBlock, openBracketsOf, setStatus, type OpenBracket, type StatusDetails } from "@accord/merge";
import { formatIsoDate, isParagraphStatus, isStatusDate, MAX_BODY_LENGTH, MAX_FOOTNOTE_LENGTH, PARAGRAPH_STATUSES, type NegotiationDocument, type ParagraphStatus } from "@accord/schema";
import type { Router } from "express";
import { z } from "zod";
import { access, requirePermission } from "../access.js";
import type { ApiDeps } from "../deps.js";
import { HttpError } from "../errors.js";
import { deny, operate, type Step } from "../operate.js";
import { parseBody } from "../validate.js";

const statusBody = z.strictObject({
  status: z.string().refine(isParagraphStatus, `one of ${PARAGRAPH_STATUSES.join(", ")}`),
  date: z.string().refine(isStatusDate, "a date written YYYY-MM-DD").optional(),
  body: z.string().max(MAX_BODY_LENGTH).optional(),
  footnote: z.string().max(MAX_FOOTNOTE_LENGTH).optional(),
});

const reservationBody = z.strictObject({
  delegation: z.string().min(1).max(16).optional(),
  text: z.string().min(1).max(MAX_FOOTNOTE_LENGTH),
});

/** Today where the server runs, `YYYY-MM-DD` (the date a status gets when none is given, as in `accord status`). */
function today(now = new Date()): string {
  return formatIsoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** A 404 step unless the block exists (and is a paragraph, when `paragraph`). */
function missingBlock(document: NegotiationDocument, id: string, paragraph: boolean): Step | null {
  const block = findBlock(document.content, id);
  if (block && (!paragraph || block.node.type.name === "paragraph")) return null;
  return deny(404, `there is no ${paragraph ? "paragraph" : "paragraph or heading"} ${id} in this document`);
}

/**
 * What is done to a paragraph or heading: record its status (chair,
 * secretariat), add a delegation's reservation (a delegate for its own
 * delegation only), choose it among its alternatives (chair, secretariat).
 */
export function blockRoutes(api: Router, deps: ApiDeps): void {
  api.post("/documents/:id/blocks/:bid/status", async (req, res) => {
    const body = parseBody(req, statusBody);
    const { id, actor } = await access(deps, req, res);
    requirePermission(actor, "status");
    const bid = req.params.bid;
    const status = body.status as ParagraphStatus;
    const details: StatusDetails =
      status === "open" ? {} : { date: body.date ?? today(), body: body.body ?? "", ...(body.footnote === undefined ? {} : { footnote: body.footnote }) };
    // A status other than open settles the paragraph: the answer lists the brackets still open in it, as a warning (the status is recorded all the same).
    let openBrackets: OpenBracket[] = [];
    const step = (document: NegotiationDocument): Step => {
      const missing = missingBlock(document, bid, false);
      if (missing) return missing;
      openBrackets = status === "open" ? [] : openBracketsOf(findBlock(document.content, bid)!.node, document.registry);
      return setStatus(document, bid, status, details);
    };
    const answer = await operate(deps, id, actor, "status", step, { block: bid, status, date: details.date ?? "", body: details.body ?? "" });
    res.json(openBrackets.length ? { ...answer, openBrackets: openBrackets.map(({ id: proposal, by, description }) => ({ id: proposal, by, description })) } : answer);
  });

  api.post("/documents/:id/blocks/:bid/reservation", async (req, res) => {
    const body = parseBody(req, reservationBody);
    const { id, actor } = await access(deps, req, res);
    // A delegate reserves for its own delegation; the chair and the secretariat name the delegation they act for.
    requirePermission(actor, "reserve", body.delegation === undefined ? {} : { for: body.delegation });
    const { role, delegation: own } = actor.membership;
    if (role !== "delegate" && body.delegation === undefined) throw new HttpError(400, 'name the delegation that reserves its position: {"delegation": "ECU", "text": …}');
    const delegation = body.delegation ?? own;
    const bid = req.params.bid;
    const step = (document: NegotiationDocument): Step => {
      const missing = missingBlock(document, bid, true);
      if (missing) return missing;
      if (!document.registry.get(delegation)) return deny(400, `${delegation} is not a delegation code of this document`);
      return addReservation(document, bid, delegation, body.text);
    };
    res.json(await operate(deps, id, actor, "reservation", step, { block: bid, delegation }));
  });

  api.post("/documents/:id/blocks/:bid/choose", async (req, res) => {
    parseBody(req, z.strictObject({}));
    const { id, actor } = await access(deps, req, res);
    requirePermission(actor, "choose");
    const bid = req.params.bid;
    const step = (document: NegotiationDocument): Step => missingBlock(document, bid, true) ?? chooseAlternative(document, bid);
    res.json(await operate(deps, id, actor, "choose", step, { block: bid }));
  });
}
