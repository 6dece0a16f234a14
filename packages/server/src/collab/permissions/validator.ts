import { checkBlock, delegateEditProblem, rememberedStrip } from "@accord/schema";
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
import { isEmptyUpdate, updateInFrame } from "../frames.js";
import { ShadowDocument, type Touched } from "./shadow.js";

/**
 * How long after a document loads its permission shadow is made, unless an
 * update needs it sooner: long enough for the first client's sync to go out
 * first (it waited some 0.3 s for the shadow of a 2,000-paragraph document).
 */
const SHADOW_WARM_UP_MS = 1000;

/** Why an update was refused, in words for the delegate. */
export class RejectedUpdate extends Error {
  readonly code = 4403;
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The permission check as the server uses it: the extension, and a way to act on a document between updates. */
export interface Permissions {
  readonly extension: Extension;
  /**
   * Holds the document's incoming updates back and resolves, once every
   * update accepted so far has reached the live document, with the function
   * that lets them through again: what the caller reads and writes meanwhile
   * (the API's operations) comes after the accepted updates and before the
   * next ones are judged.
   */
  hold(documentName: string): Promise<() => void>;
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
export function permissions(storage: Storage, record: DurableLog["record"]): Permissions {
  const shadows = new Map<string, ShadowDocument>();
  const warmUps = new Map<string, ReturnType<typeof setTimeout>>();
  // The accepted update each connection is applying (a connection handles one message at a time).
  const applying = new WeakMap<Connection, { shadow: ShadowDocument; update: Uint8Array }>();
  const landed = (connection: Connection) => {
    const entry = applying.get(connection);
    applying.delete(connection);
    entry?.shadow.landed(entry.update);
  };

  const extension: Extension = {
    extensionName: "accord-permissions",

    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      const shadow = new ShadowDocument(document);
      shadows.set(documentName, shadow);
      // Made once the first client has its sync (the first update to judge makes it sooner).
      const warmUp = setTimeout(() => shadow.build(), SHADOW_WARM_UP_MS);
      warmUp.unref?.();
      warmUps.set(documentName, warmUp);
      // What reaches the document other than a client's checked update (the API's changes) reaches the shadow too.
      document.on("update", (update: Uint8Array, origin: unknown) => {
        if ((origin as { source?: string } | null)?.source !== "connection") shadow.applyLive(update);
      });
    },

    async afterUnloadDocument({ documentName }: { documentName: string }) {
      clearTimeout(warmUps.get(documentName));
      warmUps.delete(documentName);
      shadows.get(documentName)?.destroy();
      shadows.delete(documentName);
    },

    async beforeHandleMessage({ update: frame, documentName, connection, context }: beforeHandleMessagePayload<ConnectionContext>) {
      const update = updateInFrame(frame);
      // An empty update (a client's sync step 2 with nothing new) changes nothing: there is nothing to judge or log.
      if (!update || connection.readOnly || isEmptyUpdate(update)) return;
      // While an API operation holds the document, updates wait here; it takes milliseconds.
      while (shadows.get(documentName)?.isHeld) await shadows.get(documentName)!.gate();
      const shadow = shadows.get(documentName);
      if (!shadow) throw new RejectedUpdate("the document is not ready");

      let durable: Promise<void>;
      try {
        // One synchronous step: judged on the shadow, then queued for the log in the same order.
        check(shadow.apply(update), context);
        durable = record(documentName, update, context);
      } catch (error) {
        shadow.reset();
        if (error instanceof RejectedUpdate) {
          connection.sendStateless(JSON.stringify({ type: "rejected", reason: error.reason }));
          await storage.appendAudit({
            documentId: documentName,
            userId: context.user.id,
            username: context.user.username,
            delegation: context.membership.delegation,
            action: "rejected",
            message: `Refused an edit by ${context.user.displayName}: ${error.reason}`,
            detail: { bytes: update.length },
          });
        }
        throw error;
      }
      shadow.accepted(update);
      applying.set(connection, { shadow, update });
      try {
        await durable;
      } catch (error) {
        // Not on disk, so never applied: the shadow must forget it too.
        landed(connection);
        shadow.reset();
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
      return (await shadows.get(documentName)?.hold()) ?? (() => {});
    },
  };
}

/** Judges what an update did, by the sender's role; throws RejectedUpdate. */
function check(touched: Touched, context: ConnectionContext): void {
  if (touched.pending) throw new RejectedUpdate("the edit depends on changes the server has not received; reload the document");
  const role = context.membership.role;
  const code = context.membership.delegation;
  const delegate = role === "delegate";
  if (touched.outsideContent && delegate) throw new RejectedUpdate("delegates cannot change the document's title, metadata or delegations");

  for (const id of touched.ids) {
    const before = touched.before.get(id) ?? null;
    const after = touched.after.get(id) ?? null;
    if (after) {
      try {
        checkBlock(after);
      } catch (error) {
        throw new RejectedUpdate(`the edit leaves an invalid block: ${(error as Error).message}`);
      }
    }
    if (!delegate) continue;
    const problem = delegateEditProblem(before, after, code, rememberedStrip);
    if (problem) throw new RejectedUpdate(problem);
  }
}
