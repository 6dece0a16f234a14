import type { Resolution } from "@accord/merge";
import type { NegotiationDocument } from "@accord/schema";
import type { Actor } from "../collab/live.js";
import type { ApiDeps } from "./deps.js";
import { HttpError } from "./errors.js";

/** An operation the caller may not do, or whose target does not exist: an HTTP status and the reason. */
export interface Denial {
  readonly denied: 400 | 403 | 404;
  readonly error: string;
}

/** A denial, for a step to return. */
export function deny(status: Denial["denied"], error: string): Denial {
  return { denied: status, error };
}

/** What a step gives: the operation's resolution, or a denial found on the document as it stands. */
export type Step = Resolution | Denial;

/**
 * Runs a resolution operation through `LiveDocuments.apply`, so that it sees
 * the document as it is at that instant, reaches every connected editor at
 * once, is logged and lands in the audit trail with the actor's role in its
 * detail. Checks that depend on the document (who sponsors a proposal,
 * whether a paragraph is agreed) belong in the step, so nothing changes
 * between the check and the change. Gives `{ message }`; throws an
 * `HttpError` with the denial's status, or 409 with the operation's reason
 * when it refused.
 */
export async function operate(
  deps: ApiDeps,
  id: string,
  actor: Actor,
  action: string,
  step: (document: NegotiationDocument) => Step,
  detail: Record<string, unknown> = {},
): Promise<{ message: string }> {
  const seen: { denial: Denial | null } = { denial: null };
  const result = await deps.live.apply(
    id,
    actor,
    action,
    (document) => {
      const outcome = step(document);
      if ("denied" in outcome) {
        seen.denial = outcome;
        return { ok: false, reason: outcome.error };
      }
      return outcome;
    },
    { ...detail, role: actor.membership.role },
  );
  if (seen.denial) throw new HttpError(seen.denial.denied, seen.denial.error);
  if (!result.ok) throw new HttpError(409, result.reason);
  return { message: result.message };
}
