import { mayAct } from "@accord/schema";
import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import type { Storage } from "../storage/storage.js";
import type { ConnectionContext } from "./context.js";
import { UnavailableDocument } from "./unavailable.js";

/** A document name: the document's id, lower-case letters, digits and dashes. */
export const DOCUMENT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** What authentication needs of the running server. */
export interface AuthenticationOptions {
  /**
   * Closes the socket a client's request opened, for it to reconnect (see
   * `OwnedServer.closeSocket`); false when the request is no client's socket.
   */
  readonly closeSocket?: (request: onAuthenticatePayload["request"], reason: string) => boolean;
}

/**
 * Lets a socket in only with a valid session token and a membership of the
 * document it asks for; observers get a read-only connection. Identity comes
 * from the session, so what the client says about itself proves nothing.
 * A refused socket is closed by Hocuspocus with the reason. When the
 * database fails to answer, nothing was decided: the client is not told it
 * may not open the document (it would stop for good) but its socket is
 * closed, and it reconnects in a moment.
 */
export function authentication(storage: Storage, options: AuthenticationOptions = {}): Extension {
  return {
    extensionName: "accord-authentication",
    async onAuthenticate({ token, documentName, connectionConfig, request }: onAuthenticatePayload): Promise<ConnectionContext> {
      if (!DOCUMENT_NAME.test(documentName)) throw new Error("no such document");
      let found: Awaited<ReturnType<Storage["findSession"]>>;
      let membership: Awaited<ReturnType<Storage["getMembership"]>> = null;
      try {
        found = token ? await storage.findSession(token) : null;
        if (found) membership = await storage.getMembership(documentName, found.user.id);
      } catch {
        // A close reason holds at most 123 bytes: short, and without the document's id.
        options.closeSocket?.(request, "database out of reach; reconnect in a moment");
        throw new UnavailableDocument(documentName, "the sign-in cannot be checked at the moment; open the document again in a moment");
      }
      if (!found) throw new Error("not signed in, or the session has expired");
      if (!membership) throw new Error("not a member of this document");
      // Whoever may neither edit nor propose reads: Hocuspocus then applies none of its updates.
      const member = { role: membership.role, delegation: membership.delegation };
      if (!mayAct(member, "edit-text").ok && !mayAct(member, "propose-text").ok) connectionConfig.readOnly = true;
      return { user: found.user, membership, token, expiresAt: found.session.expiresAt };
    },
  };
}
