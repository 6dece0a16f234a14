import { WebSocketStatus, type HocuspocusProvider } from "@hocuspocus/provider";
import type * as Y from "yjs";

// ─────────────────────────────────────────────────────────────────────────────
// The Hocuspocus provider's internals, as the sync session uses them: the one
// place that touches them (`test/editor/editor-adapters.test.ts` fails when their
// shape changes; the version is pinned in package.json).
// ─────────────────────────────────────────────────────────────────────────────

/** The @hocuspocus/provider release this adapter was written against (pinned exactly in package.json). */
export const HOCUSPOCUS_PROVIDER_VERSION = "4.8.0";

/**
 * Stops the provider sending each change of `ydoc` itself (its bound
 * `update` listener): the caller sends them with `sendUpdate`.
 */
export function takeOverSending(provider: HocuspocusProvider, ydoc: Y.Doc): void {
  ydoc.off("update", provider.boundDocumentUpdateHandler);
}

/** Sends a Yjs update of the document to the server as the provider's own listener would (counted as unsynced until acknowledged). */
export function sendUpdate(provider: HocuspocusProvider, update: Uint8Array, origin: unknown): void {
  provider.documentUpdateHandler(update, origin);
}

/**
 * Puts `intercept` between the socket and the provider's handling of each
 * message of this document: it gets the message and `apply`, which hands it
 * to the provider (or not, should `intercept` drop it).
 */
export function interceptMessages(provider: HocuspocusProvider, intercept: (event: MessageEvent, apply: (event: MessageEvent) => void) => void): void {
  const apply = provider.onMessage.bind(provider);
  provider.onMessage = (event: MessageEvent) => intercept(event, apply);
}

/** Settles a socket closed while offline that has not reported its close yet, so the next `connect()` starts afresh. */
export function settleClosedSocket(provider: HocuspocusProvider): void {
  const socket = provider.configuration.websocketProvider;
  if (socket.status !== WebSocketStatus.Disconnected) socket.onClose({ event: { code: 4000, reason: "back online" } as CloseEvent });
}
