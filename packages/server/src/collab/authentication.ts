import { mayAct } from "@accord/schema";
import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import type { Storage } from "../storage/storage.js";
import type { ConnectionContext } from "./context.js";

/** A document name: the document's id, lower-case letters, digits and dashes. */
export const DOCUMENT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Lets a socket in only with a valid session token and a membership of the
 * document it asks for; observers get a read-only connection. Identity comes
 * from the session, so what the client says about itself proves nothing.
 * A refused socket is closed by Hocuspocus with the reason.
 */
export function authentication(storage: Storage): Extension {
  return {
    extensionName: "accord-authentication",
    async onAuthenticate({ token, documentName, connectionConfig }: onAuthenticatePayload): Promise<ConnectionContext> {
      if (!DOCUMENT_NAME.test(documentName)) throw new Error("no such document");
      const found = token ? await storage.findSession(token) : null;
      if (!found) throw new Error("not signed in, or the session has expired");
      const membership = await storage.getMembership(documentName, found.user.id);
      if (!membership) throw new Error("not a member of this document");
      // Whoever may neither edit nor propose reads: Hocuspocus then applies none of its updates.
      const member = { role: membership.role, delegation: membership.delegation };
      if (!mayAct(member, "edit-text").ok && !mayAct(member, "propose-text").ok) connectionConfig.readOnly = true;
      return { user: found.user, membership, token };
    },
  };
}
