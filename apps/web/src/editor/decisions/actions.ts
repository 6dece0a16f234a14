import { ApiError, type Api } from "../../api.js";
import type { ProposalAction } from "./controls.js";
import type { Notice } from "../types.js";

/**
 * Runs one call to the server and tells the person how it went: the server's
 * sentence as information, a refusal (an ApiError: 403, 409, no connection …)
 * as an error with the server's reason. Anything else is a bug: it is shown
 * too, then rethrown. Resolves true when the call succeeded.
 */
export async function runAction(call: () => Promise<string>, onNotice: (notice: Notice) => void): Promise<boolean> {
  try {
    onNotice({ kind: "info", text: await call() });
    return true;
  } catch (error) {
    if (error instanceof ApiError) {
      onNotice({ kind: "error", text: error.message });
      return false;
    }
    onNotice({ kind: "error", text: `Something went wrong: ${(error as Error).message ?? String(error)}` });
    throw error;
  }
}

/**
 * The API call behind a proposal action. `delegation` is the supporter for
 * `support-on-behalf`; throws a RangeError when it is missing there (a caller's bug).
 */
export function proposalCall(api: Api, documentId: string, proposalId: string, action: ProposalAction, delegation = ""): () => Promise<string> {
  switch (action) {
    case "accept":
    case "reject":
    case "reopen":
    case "withdraw":
      return () => api.decide(documentId, proposalId, action);
    case "withdraw-support":
      // The server takes a supporting delegate's withdrawal as the withdrawal of its support.
      return () => api.decide(documentId, proposalId, "withdraw");
    case "support":
      return () => api.support(documentId, proposalId);
    case "support-on-behalf":
      if (!delegation) throw new RangeError("support on behalf needs a delegation");
      return () => api.support(documentId, proposalId, delegation);
  }
}
