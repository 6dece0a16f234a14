import type { NegotiationDocument } from "@accord/schema";
import type { Request, Response } from "express";
import { DOCUMENT_NAME } from "../collab/authentication.js";
import { UnreadableDocument } from "../collab/unavailable.js";
import type { Actor } from "../collab/live.js";
import type { DocumentRecord, Role } from "../storage/storage.js";
import type { ApiDeps } from "./deps.js";
import { HttpError, noSuchDocument } from "./errors.js";
import { signedIn } from "./session.js";

/** The roles that resolve proposals and record statuses (design.md §4). */
export const MANAGERS: readonly Role[] = Object.freeze(["chair", "secretariat"]);

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

/** A 403 unless the actor has one of `roles`; `what` completes "only the chair or the secretariat may …". */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (roles.includes(actor.membership.role)) return;
  throw new HttpError(403, `only ${roleList(roles)} may ${what}; you are ${describeRole(actor)}`);
}

/** "the chair or the secretariat". */
export function roleList(roles: readonly Role[]): string {
  const names = roles.map((role) => (role === "delegate" ? "a delegate" : role === "observer" ? "an observer" : `the ${role}`));
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}` : (names[0] ?? "nobody");
}

/** "the chair", "a delegate of URY", "an observer" — how the caller's role reads in a refusal. */
export function describeRole(actor: Actor): string {
  const { role, delegation } = actor.membership;
  if (role === "delegate") return `a delegate of ${delegation}`;
  return role === "observer" ? "an observer" : `the ${role}`;
}

/** The document as it stands live; throws `UnreadableDocument` (a 409 naming it) when its stored content does not read. */
export async function liveDocument(deps: ApiDeps, id: string): Promise<NegotiationDocument> {
  const read = await deps.live.read(id);
  if (!read.ok) throw new UnreadableDocument(id, read.message);
  return read.value;
}
