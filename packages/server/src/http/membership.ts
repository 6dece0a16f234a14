import { readDocument } from "@accord/collab";
import type { DelegationRegistry, NegotiationDocument, Result } from "@accord/schema";
import { readFromLog } from "../collab/from-log.js";
import { ROLES, type Role, type Storage } from "../storage/storage.js";

/**
 * Why a membership cannot be given in a document, or null when it can: a
 * delegate needs a delegation code of the document's registry (a tag such as
 * `Uru` is answered with its code), and no other role has one. Shared by the
 * API and `accord member add`.
 */
export function membershipProblem(registry: DelegationRegistry, role: string, delegation: string): string | null {
  if (!(ROLES as readonly string[]).includes(role)) return `unknown role '${role}' (roles: ${ROLES.join(", ")})`;
  if ((role as Role) !== "delegate") {
    return delegation ? `only a delegate has a delegation; a ${role} has none (leave out the delegation)` : null;
  }
  if (!delegation) return "a delegate needs a delegation: the code of one of the document's delegations, such as URY";
  if (registry.get(delegation)) return null;
  const resolved = registry.resolveTag(delegation);
  if (resolved.ok) return `'${delegation}' is a tag; give the delegation's code: ${resolved.delegation.code} (${resolved.delegation.name})`;
  return `'${delegation}' is not a delegation of this document (give a code from its registry, such as URY)`;
}

/**
 * A document as its log stands in storage, for tools that run beside the
 * server (`accord member add`): the latest snapshot and every update after
 * it. Null when there is no such document; the message when it cannot be read.
 * A running server's edits are in the log before they are acknowledged, so
 * this is the document as every acknowledged edit left it.
 */
export async function readStoredDocument(storage: Storage, id: string): Promise<Result<NegotiationDocument> | null> {
  if (!(await storage.getDocument(id))) return null;
  return readFromLog(storage, id, readDocument);
}
