import { reconcileContent, YDOC_PARTS } from "@accord/collab";
import { describeStatus, isParagraphStatus } from "@accord/schema";
import type {
  afterHandleMessagePayload,
  afterLoadDocumentPayload,
  beforeHandleMessagePayload,
  Connection,
  Document,
  Extension,
} from "@hocuspocus/server";
import * as Y from "yjs";
import type { Storage } from "../../storage/storage.js";
import type { ConnectionContext } from "../context.js";
import type { DurableLog } from "../durable-log.js";
import { updateInFrame } from "../frames.js";
import { checkBlock, ownStates, stripDelegation } from "./strip.js";
import { elementToJSON, type NodeJSON } from "./y-json.js";

/** Why an update was refused, in words for the delegate. */
export class RejectedUpdate extends Error {
  readonly code = 4403;
  constructor(readonly reason: string) {
    super(reason);
  }
}

interface Shadow {
  doc: Y.Doc;
  /** Serializes validation and application per document: resolves when the previous update is applied. */
  lock: Promise<void>;
}

/** The top-level block of the content fragment that a changed type lives in. */
function blockOf(type: Y.AbstractType<unknown>, fragment: Y.XmlFragment): Y.XmlElement | "fragment" | "other" {
  let current: Y.AbstractType<unknown> | null = type;
  for (;;) {
    if (current === fragment) return "fragment";
    const parent: Y.AbstractType<unknown> | null = (current?._item?.parent as Y.AbstractType<unknown> | undefined) ?? null;
    if (!parent) return "other";
    if (parent === fragment) return current as Y.XmlElement;
    current = parent;
  }
}

// Blocks by id, per fragment, rebuilt only after blocks were added or removed
// (a fragment's own observer fires for that, not for edits inside blocks):
// walking 2,000 blocks for every keystroke was most of the validation's cost.
const indexes = new WeakMap<Y.XmlFragment, Map<string, Y.XmlElement> | null>();

function blocksById(fragment: Y.XmlFragment): Map<string, Y.XmlElement> {
  let index = indexes.get(fragment);
  if (index === undefined) fragment.observe(() => indexes.set(fragment, null));
  if (!index) {
    index = new Map();
    for (const child of fragment.toArray()) if (child instanceof Y.XmlElement) index.set(String(child.getAttribute("id") ?? ""), child);
    indexes.set(fragment, index);
  }
  return index;
}

function nameOf(json: NodeJSON): string {
  const raw = typeof json.attrs?.label === "string" ? json.attrs.label : "";
  // "1." → 1, "1)" → 1, "(3)" stays "(3)".
  const label = raw.startsWith("(") ? raw : raw.replace(/[.)]$/, "");
  const words = (json.content ?? []).map((c) => c.text ?? "").join("").trim().split(/\s+/).slice(0, 5).join(" ");
  return json.type === "heading" ? "a heading" : label ? `paragraph ${label}` : `the paragraph “${words}…”`;
}

/**
 * The trust rule of design.md §4, enforced on every incoming update before
 * it is logged or applied. The update is first applied to a shadow copy of
 * the document kept in step with it; the blocks it touched are compared
 * before and after. A delegate of X may change only what strip_X leaves
 * unchanged, never in a locked (agreed, approved, deleted) block, never the
 * metadata or registry; every update must leave valid blocks and must not
 * depend on changes the server has not seen. A document's updates are
 * checked and applied one at a time, so a chair's lock cannot slip between
 * the check and the application of a delegate's edit. A refusal closes the
 * sender's connection for the document with the reason (sent first as a
 * stateless message `{"type":"rejected","reason":…}`) and is audited. An
 * accepted update is appended to the log (`record`) before the lock is let go.
 */
export function permissions(storage: Storage, record: DurableLog["record"]): Extension {
  const shadows = new Map<string, Shadow>();
  // Who holds a document's lock: the connection whose update is between check and application.
  // (A connection handles its messages one at a time, so it holds at most one.)
  const holders = new WeakMap<Connection, () => void>();
  const releaseLock = (connection: Connection) => {
    const release = holders.get(connection);
    holders.delete(connection);
    release?.();
  };

  const rebuild = (name: string, document: Document) => {
    const shadow = shadows.get(name);
    if (!shadow) return;
    shadow.doc = new Y.Doc();
    Y.applyUpdate(shadow.doc, Y.encodeStateAsUpdate(document));
  };

  return {
    extensionName: "accord-permissions",

    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(document));
      const shadow: Shadow = { doc, lock: Promise.resolve() };
      shadows.set(documentName, shadow);
      // Whatever reaches the document (accepted updates, the API's changes) reaches the shadow too.
      document.on("update", (update: Uint8Array) => Y.applyUpdate(shadow.doc, update));
    },

    async afterUnloadDocument({ documentName }: { documentName: string }) {
      shadows.delete(documentName);
    },

    async beforeHandleMessage({ update: frame, document, documentName, connection, context }: beforeHandleMessagePayload<ConnectionContext>) {
      const update = updateInFrame(frame);
      if (!update || connection.readOnly) return;
      const shadow = shadows.get(documentName);
      if (!shadow) throw new RejectedUpdate("the document is not ready");

      // Wait for the document's previous update to be applied, then hold it until this one is.
      const previous = shadow.lock;
      let release!: () => void;
      shadow.lock = new Promise<void>((resolve) => (release = resolve));
      await previous;
      holders.set(connection, release);

      try {
        check(shadow.doc, document, update, context);
        await record(documentName, update, context);
      } catch (error) {
        releaseLock(connection);
        rebuild(documentName, document);
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
    },

    async afterHandleMessage({ connection }: afterHandleMessagePayload) {
      // Only the connection that took the lock lets it go (other messages — awareness, sync step 1 — took none).
      releaseLock(connection);
    },
  };
}

/** A block as documents are read: its JSON with concurrent variants of a proposal merged. */
function readBlock(element: Y.XmlElement): NodeJSON {
  return (reconcileContent({ type: "doc", content: [elementToJSON(element)] }).content ?? [])[0]!;
}

/** Applies `update` to the shadow and checks what it did; throws RejectedUpdate. */
function check(shadow: Y.Doc, live: Y.Doc, update: Uint8Array, context: ConnectionContext): void {
  const fragment = shadow.getXmlFragment(YDOC_PARTS.content);
  const touched = new Set<Y.XmlElement>();
  let structural = false;
  let other = false;
  const observe = (transaction: Y.Transaction) => {
    for (const type of transaction.changed.keys()) {
      const block = blockOf(type as Y.AbstractType<unknown>, fragment);
      if (block === "fragment") structural = true;
      else if (block === "other") other = true;
      else touched.add(block);
    }
  };
  shadow.on("afterTransaction", observe);
  try {
    Y.applyUpdate(shadow, update);
  } finally {
    shadow.off("afterTransaction", observe);
  }
  if (shadow.store.pendingStructs || shadow.store.pendingDs) {
    throw new RejectedUpdate("the edit depends on changes the server has not received; reload the document");
  }

  const role = context.membership.role;
  const code = context.membership.delegation;
  const delegate = role === "delegate";
  if (other && delegate) throw new RejectedUpdate("delegates cannot change the document's title, metadata or delegations");

  const before = blocksById(live.getXmlFragment(YDOC_PARTS.content));
  const after = blocksById(fragment);
  const ids = new Set<string>();
  touched.forEach((element) => {
    if (element.parent === fragment) ids.add(String(element.getAttribute("id") ?? ""));
  });
  if (structural) {
    for (const id of before.keys()) if (!after.has(id)) ids.add(id);
    for (const id of after.keys()) if (!before.has(id)) ids.add(id);
  }

  for (const id of ids) {
    const old = before.get(id);
    const now = after.get(id);
    // Compared as every reader reads them: concurrent variants of one proposal reconciled.
    const oldJSON = old ? readBlock(old) : null;
    const nowJSON = now ? readBlock(now) : null;
    if (nowJSON) {
      try {
        checkBlock(nowJSON);
      } catch (error) {
        throw new RejectedUpdate(`the edit leaves an invalid block: ${(error as Error).message}`);
      }
    }
    if (!delegate) continue;
    const name = nameOf(nowJSON ?? oldJSON!);
    if (oldJSON?.type === "heading" || nowJSON?.type === "heading") throw new RejectedUpdate("delegates cannot change headings");
    const status = oldJSON?.attrs?.status;
    if (isParagraphStatus(status) && status !== "open") {
      throw new RejectedUpdate(`${name} is ${describeStatus(status)} and locked`);
    }
    const stripped = (json: NodeJSON | null) => (json ? stripDelegation(json, code) : null);
    let same: boolean;
    try {
      same = stripped(oldJSON) === stripped(nowJSON);
    } catch (error) {
      throw new RejectedUpdate(`the edit leaves an invalid block: ${(error as Error).message}`);
    }
    // What strip_X hides: the delegation's own proposals may be made and withdrawn, not decided.
    const was = oldJSON ? ownStates(oldJSON, code) : new Map<string, string>();
    for (const [id, state] of nowJSON ? ownStates(nowJSON, code) : []) {
      const allowed = id === "" ? ["open/open", "withdrawn/open"] : ["open", "withdrawn"];
      if (state !== was.get(id) && (!allowed.includes(state) || was.get(id)?.startsWith("withdrawn"))) {
        throw new RejectedUpdate(`in ${name}, only the chair or the secretariat can decide a proposal or set a status`);
      }
    }
    if (!same) {
      throw new RejectedUpdate(
        `in ${name}, the edit changes base text, a status or another delegation's proposal; a delegate of ${code} may only add, change, support or withdraw ${code}'s proposals`,
      );
    }
  }
}
