import { describeStatus, isParagraphStatus } from "@accord/schema";
import type { Router } from "express";
import { z } from "zod";
import type { AuditEntry } from "../../storage/storage.js";
import { access } from "../access.js";
import type { ApiDeps } from "../deps.js";
import { parseQuery } from "../validate.js";

/** The most audit entries one request returns. */
export const MAX_AUDIT_PAGE = 500;
const DEFAULT_AUDIT_PAGE = 50;

const count = (max: number) => z.string().regex(/^[1-9]\d{0,8}$/, "a whole number from 1").transform(Number).pipe(z.number().max(max, `at most ${max}`));

const auditQuery = z.strictObject({
  limit: count(MAX_AUDIT_PAGE).optional(),
  before: count(Number.MAX_SAFE_INTEGER).optional(),
});

const historyQuery = z.strictObject({
  block: z.string().min(1).max(100).optional(),
  limit: count(MAX_AUDIT_PAGE).optional(),
});

function publicEntry(entry: AuditEntry) {
  const { id, at, username, delegation, action, message, detail } = entry;
  return { id, at, username, delegation, action, message, detail };
}

/**
 * One status change as a sentence: "agreed ad referendum on 2026-11-25 by
 * the CSH, recorded by chair (chair)". Null for an entry that is not a
 * status change.
 */
export function statusSentence(entry: AuditEntry): string | null {
  const { status, date, body, role } = entry.detail as { status?: unknown; date?: unknown; body?: unknown; role?: unknown };
  if (!isParagraphStatus(status)) return null;
  const on = typeof date === "string" && date ? ` on ${date}` : "";
  const by = typeof body === "string" && body ? ` by the ${body}` : "";
  const who = entry.username ? `, recorded by ${entry.username}${typeof role === "string" && role ? ` (${role})` : ""}` : "";
  return `${describeStatus(status)}${on}${by}${who}`;
}

/** The audit trail, newest first, a page at a time; and the history of statuses. */
export function auditRoutes(api: Router, deps: ApiDeps): void {
  api.get("/documents/:id/audit", async (req, res) => {
    const query = parseQuery(req, auditQuery);
    const { id } = await access(deps, req, res);
    const limit = query.limit ?? DEFAULT_AUDIT_PAGE;
    const entries = await deps.storage.listAudit(id, { limit, ...(query.before === undefined ? {} : { before: query.before }) });
    // The cursor for the next (older) page, while there may be one.
    const next = entries.length === limit ? entries[entries.length - 1]!.id : null;
    res.json({ entries: entries.map(publicEntry), next });
  });

  api.get("/documents/:id/status-history", async (req, res) => {
    const query = parseQuery(req, historyQuery);
    const { id } = await access(deps, req, res);
    const limit = query.limit ?? MAX_AUDIT_PAGE;
    const found: ReturnType<typeof historyEntry>[] = [];
    // The store pages the trail by id; walk it back until enough status changes are found.
    let before: number | undefined;
    while (found.length < limit) {
      const page = await deps.storage.listAudit(id, { limit: MAX_AUDIT_PAGE, ...(before === undefined ? {} : { before }) });
      for (const entry of page) {
        if (entry.action !== "status" || (query.block !== undefined && entry.detail["block"] !== query.block)) continue;
        found.push(historyEntry(entry));
        if (found.length === limit) break;
      }
      if (page.length < MAX_AUDIT_PAGE) break;
      before = page[page.length - 1]!.id;
    }
    res.json({ entries: found });
  });
}

function historyEntry(entry: AuditEntry) {
  const detail = entry.detail as { block?: unknown; status?: unknown; date?: unknown; body?: unknown };
  return {
    id: entry.id,
    at: entry.at,
    username: entry.username,
    block: typeof detail.block === "string" ? detail.block : "",
    status: typeof detail.status === "string" ? detail.status : "",
    date: typeof detail.date === "string" ? detail.date : "",
    body: typeof detail.body === "string" ? detail.body : "",
    sentence: statusSentence(entry) ?? entry.message,
    message: entry.message,
  };
}
