import type {
  afterHandleMessagePayload,
  afterLoadDocumentPayload,
  beforeHandleMessagePayload,
  Connection,
  Extension,
} from "@hocuspocus/server";
import type { Storage } from "../../storage/storage.js";
import type { ConnectionContext } from "../context.js";
import type { DurableLog } from "../durable-log.js";
import type * as Y from "yjs";
import { ClientIds } from "../client-ids.js";
import { clientIdsOf, readUpdate, type ReadUpdate } from "../read-update.js";
import { isEmptyUpdate, readClientFrame, RefusedFrame } from "../frames.js";
import { judgeUpdate, RejectedUpdate, typedProposals } from "./judge.js";
import { ShadowDocument, type TypedBefore } from "./shadow.js";
import type { Touched } from "./touched.js";
import type { Typing, TypingContext } from "./typing.js";

/**
 * How long after a document loads the check learns its ids (`ShadowDocument.warmUp`:
 * typing is then judged with no copy), unless an update needs them sooner:
 * long enough for the first client's sync to go out first (it waited some
 * 0.3 s for the shadow of a 2,000-paragraph document, made then).
 */
const SHADOW_WARM_UP_MS = 1000;

/**
 * A document held for the server's own change (see `Permissions.hold`). The
 * change is made first on the permission check's copy, which under the hold
 * is the live document: `write` returns its update, which the caller logs
 * and only then applies to the live document — nobody sees a change that is
 * not on disk, and the live document stays the replay of its log.
 */
export interface Hold {
  /** Makes the change on the copy, as the server's own; its update, or null when it changed nothing. Throws what `change` throws (the copy then starts again). */
  write(change: (doc: Y.Doc) => void): Uint8Array | null;
  /** The written update will not reach the live document (it could not be logged): the copy forgets it. */
  discard(): void;
  /** Lets the held updates through again. */
  release(): void;
}

/**
 * An update from a connection whose earlier update could not be stored: it
 * may build on that one, so it is not judged (it would be refused as
 * depending on changes the server has not received, and the page told to
 * reload). The connection is reset instead, and the page syncs again.
 */
class AfterUnstoredEdit extends Error {
  /** Hocuspocus' ResetConnection: the provider connects again and syncs. */
  readonly code = 4205;
  readonly reason = "an earlier edit could not be stored; connect again";
}

/** A refusal the sender is told of: an update that breaks the rules, or a frame the server does not take at all. */
type Refusal = RejectedUpdate | RefusedFrame;

/** The permission check as the server uses it: the extension, and a way to act on a document between updates. */
export interface Permissions {
  readonly extension: Extension;
  /** Who owns the Yjs client ids of a loaded document (presence asks too); null when it is not loaded. */
  clientIds(documentName: string): ClientIds | null;
  /** Client updates the live documents received without the check: always 0, unless the one door has a gap. */
  readonly uncheckedUpdates: number;
  /** Client updates accepted so far, and how many of them typing judged before they were applied (`ShadowDocument.typeBefore`). */
  readonly accepted: { readonly updates: number; readonly typedBefore: number };
  /**
   * Holds the document's incoming updates back and resolves, once every
   * update accepted so far has reached the live document, with the hold:
   * what the caller reads and writes meanwhile (the API's operations) comes
   * after the accepted updates and before the next ones are judged. Throws
   * when the document is not loaded.
   */
  hold(documentName: string): Promise<Hold>;
}

/**
 * The trust rule of design.md §4, enforced on every incoming update before
 * it is logged or applied. The update is first applied to a shadow copy of
 * the document (shadow.ts), which runs ahead of the live document by the
 * accepted updates still being written; the blocks it touched are compared
 * before and after. A delegate of X may change only what strip_X leaves
 * unchanged, never in a locked (agreed, approved, deleted) block, never the
 * metadata or registry; every update must leave valid blocks and must not
 * depend on changes the server has not seen.
 *
 * Checking an update and queueing it for the log is one synchronous step,
 * so updates are judged in the order they are logged and a chair's lock
 * cannot slip between the check and the application of a delegate's edit;
 * the update is applied (and acknowledged) once it is on disk, and while one
 * commit is on disk the next updates are checked and grouped into the next.
 * A refusal closes the sender's connection for the document with the reason
 * (sent first as a stateless message `{"type":"rejected","reason":…}`) and is
 * audited; the shadow is rebuilt without it.
 */
export function permissions(
  storage: Storage,
  record: DurableLog["record"],
  options: {
    /** A document's check copy is let go after this long without an update (`ShadowDocument.release`); undefined: never. */
    readonly shadowIdleMs?: number;
  } = {},
): Permissions {
  const shadows = new Map<string, ShadowDocument>();
  const owners = new Map<string, ClientIds>();
  const warmUps = new Map<string, ReturnType<typeof setTimeout>>();
  // The accepted update each connection is applying (a connection handles one message at a time).
  const applying = new WeakMap<Connection, { shadow: ShadowDocument; update: Uint8Array }>();
  const landed = (connection: Connection) => {
    const entry = applying.get(connection);
    applying.delete(connection);
    entry?.shadow.landed(entry.update);
  };
  let unchecked = 0;
  const accepted = { updates: 0, typedBefore: 0 };
  // Connections with an accepted update that could not be stored (see AfterUnstoredEdit).
  const unstored = new WeakSet<Connection>();

  /** Tells the sender why, closes its connection (by throwing), and audits. */
  const refuse = async (error: Refusal, connection: Connection, documentName: string, context: ConnectionContext, bytes: number): Promise<never> => {
    connection.sendStateless(JSON.stringify({ type: "rejected", reason: error.reason }));
    await storage.appendAudit({
      documentId: documentName,
      userId: context.user.id,
      username: context.user.username,
      delegation: context.membership.delegation,
      action: "rejected",
      message: `Refused an edit by ${context.user.displayName}: ${error.reason}`,
      detail: { bytes },
    });
    throw error;
  };

  /**
   * A page publishes its (empty) presence as it connects, before it writes
   * anything: the client ids it names become its own then, so nobody who
   * saw them broadcast can write or speak under them first. Ids that are
   * another's are left to the presence extension, which drops their states.
   */
  const claimPresence = async (documentName: string, ids: readonly number[], connection: Connection, context: ConnectionContext) => {
    const clients = owners.get(documentName);
    if (!clients || ids.length === 0) return;
    await clients.know(ids);
    for (const id of ids) if (!clients.presenceProblem(id, connection, context.user.id)) clients.claim([id], connection, context.user.id);
  };

  const extension: Extension = {
    extensionName: "accord-permissions",

    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      const shadow = new ShadowDocument(document, { idleMs: options.shadowIdleMs });
      shadows.set(documentName, shadow);
      owners.set(documentName, new ClientIds(document, () => storage.readUpdates(documentName)));
      // Made once the first client has its sync (the first update to judge makes it sooner).
      const warmUp = setTimeout(() => shadow.warmUp(), SHADOW_WARM_UP_MS);
      warmUp.unref?.();
      warmUps.set(documentName, warmUp);
      document.on("update", (update: Uint8Array, origin: unknown) => {
        const from = origin as { source?: string; connection?: Connection } | null;
        // What reaches the document other than a client's checked update (the API's changes) reaches the shadow too.
        if (from?.source !== "connection") return shadow.applyLive(update);
        // The one door: a client's update reaches the document only after it was checked and logged.
        if (!from.connection || !applying.has(from.connection)) {
          unchecked++;
          console.error(`accord: an update to ${documentName} was applied without being checked; closing its connection`);
          from.connection?.close({ code: 4500, reason: "an update was applied without being checked" });
        }
      });
    },

    async afterUnloadDocument({ documentName }: { documentName: string }) {
      clearTimeout(warmUps.get(documentName));
      warmUps.delete(documentName);
      shadows.get(documentName)?.destroy();
      shadows.delete(documentName);
      owners.delete(documentName);
    },

    async beforeHandleMessage({ update: frame, documentName, connection, context }: beforeHandleMessagePayload<ConnectionContext>) {
      let update: Uint8Array;
      let read: ReadUpdate;
      let ids: number[];
      try {
        const message = readClientFrame(frame);
        if (message.kind === "presence") return await claimPresence(documentName, message.clients, connection, context);
        // An empty update (a client's sync step 2 with nothing new) changes nothing: there is nothing to judge or log.
        if (message.kind !== "update" || connection.readOnly || isEmptyUpdate(message.update)) return;
        if (unstored.has(connection)) throw new AfterUnstoredEdit();
        update = message.update;
        // Read once, for every question the check asks of it.
        read = readUpdate(update);
        ids = clientIdsOf(read);
      } catch (error) {
        if (error instanceof AfterUnstoredEdit) throw error;
        const refusal = error instanceof RefusedFrame ? error : new RejectedUpdate("the edit cannot be read");
        return refuse(refusal, connection, documentName, context, frame.length);
      }
      const clients = owners.get(documentName);
      if (!clients) throw new RejectedUpdate("the document is not ready");
      // Owners of ids written before the document was loaded come from its log, once.
      await clients.know(ids);
      // While an API operation holds the document, updates wait here; it takes milliseconds.
      while (shadows.get(documentName)?.isHeld) await shadows.get(documentName)!.gate();
      const shadow = shadows.get(documentName);
      if (!shadow) throw new RejectedUpdate("the document is not ready");

      let durable: Promise<void>;
      // Typing judged before it is applied never touches the shadow; anything else is tried on it, which a refusal undoes.
      let typedBefore: TypedBefore | null = null;
      try {
        // One synchronous step: judged, then queued for the log in the same order.
        const foreign = clients.problem(ids, connection, context.user.id);
        if (foreign) throw new RejectedUpdate(`the edit is written under ${foreign}`);
        const typingRule = (typing: Typing, block: TypingContext) => typedProposals(typing, context.membership, block);
        let touched: Touched;
        try {
          // Typing a delegation's own proposal is judged before it is applied, or else as it is applied on the shadow;
          // anything else after, the long way.
          typedBefore = shadow.typeBefore(read, typingRule);
          touched = typedBefore ?? shadow.apply(update, typingRule);
        } catch {
          throw new RejectedUpdate("the edit cannot be read");
        }
        judgeUpdate(touched, context.membership, shadow);
        durable = record(documentName, update, context);
        clients.claim(ids, connection, context.user.id);
        shadow.remember(touched);
      } catch (error) {
        if (!typedBefore) shadow.reset();
        if (error instanceof RejectedUpdate) return refuse(error, connection, documentName, context, update.length);
        throw error;
      }
      shadow.accepted(update, typedBefore ?? undefined);
      accepted.updates++;
      if (typedBefore) accepted.typedBefore++;
      applying.set(connection, { shadow, update });
      try {
        await durable;
      } catch (error) {
        // Not on disk, so never applied: the shadow must forget it too, and what the connection sends after it is not judged.
        landed(connection);
        shadow.reset();
        unstored.add(connection);
        throw error;
      }
    },

    async afterHandleMessage({ connection }: afterHandleMessagePayload) {
      landed(connection);
    },
  };

  return {
    extension,
    async hold(documentName) {
      const shadow = shadows.get(documentName);
      if (!shadow) throw new Error(`document ${documentName} is not loaded`);
      const release = await shadow.hold();
      return {
        release,
        discard: () => shadow.reset(),
        write(change) {
          try {
            const { update, clientID } = shadow.write(change);
            owners.get(documentName)?.ownedByServer(clientID);
            return update;
          } catch (error) {
            shadow.reset();
            throw error;
          }
        },
      };
    },
    clientIds: (documentName) => owners.get(documentName) ?? null,
    get uncheckedUpdates() {
      return unchecked;
    },
    get accepted() {
      return { ...accepted };
    },
  };
}

