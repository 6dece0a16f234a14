import { mayAct, type Action, type ActionFacts, type Member, type NegotiationDocument } from "@accord/schema";
import type { Request, Response } from "express";
import { DOCUMENT_NAME } from "../collab/authentication.js";
import { UnreadableDocument } from "../collab/unavailable.js";
import type { Actor } from "../collab/live.js";
import type { DocumentRecord } from "../storage/storage.js";
import type { ApiDeps } from "./deps.js";
import { HttpError, noSuchDocument } from "./errors.js";
import { deny, type Denial } from "./operate.js";
import { signedIn } from "./session.js";

/** A document the caller is a member of, and the caller as an actor in it. */
export interface Access {
  readonly id: string;
  readonly record: DocumentRecord;
  readonly actor: Actor;
}

/**
 * The document `:id` names and the caller's membership of it; the same 404
 * for a malformed id, an unknown document and one the caller is not a member
 * of (the API does not reveal which documents exist).
 */
export async function access(deps: ApiDeps, req: Request, res: Response): Promise<Access> {
  const { user } = signedIn(res);
  const id = String(req.params["id"] ?? "");
  if (!DOCUMENT_NAME.test(id)) throw noSuchDocument(id);
  const [record, membership] = await Promise.all([deps.storage.getDocument(id), deps.storage.getMembership(id, user.id)]);
  if (!record || !membership) throw noSuchDocument(id);
  return { id, record, actor: { user, membership } };
}

/** The caller as `mayAct` of `@accord/schema` sees it: its role and its delegation. */
export function memberOf(actor: Actor): Member {
  return { role: actor.membership.role, delegation: actor.membership.delegation };
}

/**
 * Throws unless the actor may do `action` on what `facts` describe (facts
 * left out are not judged: before the document is read, the role and the
 * request alone): a 403 with the rule's reason when the role or delegation
 * forbids it, a 400 when the request lacks what the rule needs.
 */
export function requirePermission(actor: Actor, action: Action, facts: ActionFacts = {}): void {
  const verdict = mayAct(memberOf(actor), action, facts);
  if (!verdict.ok) throw new HttpError(verdict.forbidden ? 403 : 400, verdict.reason);
}

/**
 * Inside an operation's step, on the document as it stands: a 403 denial
 * when the actor's role or delegation forbids `action` on the target, else
 * null — what nobody may do to the target (a decided proposal …) is left to
 * the operation, which refuses it with a sentence naming it.
 */
export function forbiddenOn(actor: Actor, action: Action, facts: ActionFacts): Denial | null {
  const verdict = mayAct(memberOf(actor), action, facts);
  return !verdict.ok && verdict.forbidden ? deny(403, verdict.reason) : null;
}

/** The document as it stands live; throws `UnreadableDocument` (a 409 naming it) when its stored content does not read. */
export async function liveDocument(deps: ApiDeps, id: string): Promise<NegotiationDocument> {
  const read = await deps.live.read(id);
  if (!read.ok) throw new UnreadableDocument(id, read.message);
  return read.value;
}
