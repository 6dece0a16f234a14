import { YDOC_PARTS } from "@accord/collab";
import { HocuspocusProvider, WebSocketStatus } from "@hocuspocus/provider";
import * as Y from "yjs";
import { interceptMessages, sendUpdate, settleClosedSocket, takeOverSending } from "../adapters/index.js";
import { connectionState, type ConnectionFacts } from "./connection-state.js";
import { OwnUpdates } from "./own-updates.js";
import type { ConnectionState } from "../types.js";

/** What a sync session reports to the editor. */
export interface SyncSessionOptions {
  /** `ws(s)://host/collab`. */
  readonly url: string;
  readonly documentId: string;
  readonly token: string;
  /** The WebSocket class; the browser's by default (Node has none before version 22). */
  readonly WebSocketPolyfill?: unknown;
  onState(state: ConnectionState): void;
  /** The document arrived from the server (once per session). */
  onFirstSync(): void;
  /** The server refused an update of ours (a stateless `{"type":"rejected","reason"}`); the session must be replaced. */
  onRejected(reason: string): void;
  /** The server would not let us in (session ended, membership removed). */
  onAuthenticationFailed(reason: string): void;
  /**
   * Called just before a message from the server is applied to the Y.Doc
   * (its echo of our own updates is not applied, nor announced). The editor
   * reads the page's selection into its state here: y-prosemirror notes the
   * state's selection to restore it after a remote change, and a click the
   * editor had not read yet would be drawn over with the old one.
   */
  beforeApply?(): void;
}

/**
 * Calls an owner's callback from inside the provider's event handling. A
 * throwing callback must not break the provider (its connection attempt runs
 * these handlers inside a promise and would retry), so the error is rethrown
 * on its own, where the page's error reporting sees it.
 */
function safely(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** The latest a local change waits to be sent when no frame comes (a hidden page draws none). */
const SEND_AT_THE_LATEST_MS = 100;

/**
 * Runs `task` once, just after the page's next frame (a task queued from the
 * frame's animation callback runs after its rendering), or after `latestMs`
 * should no frame come; returns a function that cancels it.
 */
function afterNextFrame(task: () => void, latestMs: number): () => void {
  let done = false;
  let frameTimer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    task();
  };
  const frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(() => (frameTimer = setTimeout(run, 0))) : null;
  const latest = setTimeout(run, latestMs);
  function cancel() {
    done = true;
    if (frame !== null) cancelAnimationFrame(frame);
    if (frameTimer !== null) clearTimeout(frameTimer);
    clearTimeout(latest);
  }
  return cancel;
}

/** Reads the reason of a stateless `{"type":"rejected","reason":…}` message; null for any other message. */
export function rejectionReason(payload: string): string | null {
  try {
    const message = JSON.parse(payload) as { type?: unknown; reason?: unknown };
    if (message?.type !== "rejected") return null;
    return typeof message.reason === "string" && message.reason ? message.reason : "the server refused the edit";
  } catch {
    return null;
  }
}

/**
 * One connection of a document: a Y.Doc and the Hocuspocus provider that
 * keeps it in step with the server, with its state as the page shows it.
 * Going offline (the browser's offline mode) closes the socket so nothing is
 * half-sent; coming back opens a fresh one at once, and the sync handshake
 * sends what was typed meanwhile (Yjs applies an update once, so nothing is
 * duplicated). A refused update or a failed authentication ends the session's
 * usefulness: the owner destroys it and, after a refusal, starts a new one.
 *
 * Three costs of a long document are avoided: the server's echo of this
 * client's own updates is not applied again (`OwnUpdates`); the document's
 * first arrival is not re-encoded as an update event (Yjs encodes every
 * transaction for its `update` listeners; the provider's listener only
 * sends local changes, and there are none before the first sync); and a
 * local change is sent just after the frame that shows it, not inside the
 * keystroke that made it (sending costs a keystroke a millisecond or two on
 * this page's main thread, where the typist waits for the frame; the others
 * get it one frame later). Changes made before that frame go as one update.
 * `unsentChanges` counts a change waiting for its frame, and closing the
 * session sends it first.
 */
export class SyncSession {
  readonly ydoc = new Y.Doc();
  readonly fragment: Y.XmlFragment;
  readonly provider: HocuspocusProvider;
  private facts: ConnectionFacts;
  private reported: ConnectionState | null = null;
  private destroyed = false;
  /** The provider reports while its constructor runs; the owner hears of it only once this one is built. */
  private ready = false;
  private readonly own = new OwnUpdates();
  private listening = false;
  /** Local changes waiting for the frame after them (`afterNextFrame`). */
  private waiting: Uint8Array[] = [];
  private cancelSend: (() => void) | null = null;
  /**
   * The current connection's handshake is done: the server acknowledged our
   * answer to its state, so it holds everything this copy held then. Until
   * it is, local changes wait: a server that lost changes it never
   * acknowledged (it died, or its database went away) would otherwise get
   * newer ones that build on them before the handshake brings them again,
   * and refuse them as depending on changes it has not received.
   */
  private handshakeDone = false;

  constructor(private readonly options: SyncSessionOptions) {
    this.fragment = this.ydoc.getXmlFragment(YDOC_PARTS.content);
    this.facts = { online: globalThis.navigator?.onLine ?? true, socket: "connecting", everSynced: false, synced: false, unsyncedChanges: 0 };
    this.provider = new HocuspocusProvider({
      url: options.url,
      name: options.documentId,
      token: options.token,
      document: this.ydoc,
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
      onStatus: ({ status }) => {
        // A new socket (or none): the next handshake is to come.
        this.handshakeDone = false;
        this.update({
          socket: status === WebSocketStatus.Connected ? "connected" : status === WebSocketStatus.Connecting ? "connecting" : "disconnected",
          // The provider is unset while its constructor runs.
          synced: status === WebSocketStatus.Connected && (this.provider?.isSynced ?? false),
        });
      },
      onSynced: () => {
        this.listen();
        const first = !this.facts.everSynced;
        this.update({ synced: true, everSynced: true, unsyncedChanges: this.provider.unsyncedChanges });
        if (first && !this.destroyed) safely(() => options.onFirstSync());
        this.noteHandshake();
      },
      onUnsyncedChanges: ({ number }) => {
        this.update({ unsyncedChanges: number, synced: this.provider.isSynced });
        this.noteHandshake();
      },
      onStateless: ({ payload }) => {
        const reason = rejectionReason(payload);
        if (reason !== null && !this.destroyed) {
          // Stop at once: reconnecting would offer the refused update again.
          this.provider.disconnect();
          safely(() => options.onRejected(reason));
        }
      },
      onAuthenticationFailed: ({ reason }) => {
        if (this.destroyed) return;
        this.provider.disconnect();
        safely(() => options.onAuthenticationFailed(reason || "the server would not open this document"));
      },
    });
    // The provider's own listener would send each change at once (this session sends them after their frame), and
    // before the first sync it would only make Yjs encode the whole arriving document again.
    takeOverSending(this.provider, this.ydoc);
    interceptMessages(this.provider, (event, apply) => {
      if (event.data instanceof ArrayBuffer && this.own.isEcho(new Uint8Array(event.data))) return;
      if (options.beforeApply) safely(() => options.beforeApply!());
      apply(event);
    });
    globalThis.window?.addEventListener("offline", this.onOffline);
    globalThis.window?.addEventListener("online", this.onOnline);
    this.ready = true;
    this.report();
  }

  /** The presence of everyone on the document (cursors). */
  get awareness() {
    return this.provider.awareness!;
  }

  /** Local changes the server has not acknowledged yet (typed offline, still on their way, or waiting to be sent). */
  get unsentChanges(): number {
    return this.facts.unsyncedChanges + (this.waiting.length ? 1 : 0);
  }

  /** Once the connection is synced with nothing of ours unacknowledged, its handshake is done: what waited is sent. */
  private noteHandshake(): void {
    if (this.handshakeDone || !this.provider?.isSynced || this.provider.unsyncedChanges > 0) return;
    this.handshakeDone = true;
    if (this.waiting.length) this.sendWaiting();
  }

  /** Sends the local changes waiting for the next frame now (`evenBeforeHandshake`: also before the connection's handshake is done). */
  private sendWaiting(evenBeforeHandshake = false): void {
    this.cancelSend?.();
    this.cancelSend = null;
    const updates = this.waiting;
    if (!updates.length) return;
    // They wait in the Y.Doc meanwhile; the handshake itself carries them.
    if (!this.handshakeDone && !evenBeforeHandshake) return;
    this.waiting = [];
    const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    // What goes out is what the server echoes: remembered as sent.
    this.own.remember(update);
    sendUpdate(this.provider, update, this);
  }

  /** The state the page shows now. */
  get state(): ConnectionState {
    return connectionState(this.facts);
  }

  /**
   * Closes the connection for good and stops reporting, keeping the Y.Doc
   * (a view may still show it until its replacement is ready). Safe to call twice.
   */
  disconnect(): void {
    if (this.destroyed) return;
    this.sendWaiting(true);
    this.destroyed = true;
    globalThis.window?.removeEventListener("offline", this.onOffline);
    globalThis.window?.removeEventListener("online", this.onOnline);
    this.ydoc.off("update", this.onUpdate);
    this.provider.destroy();
  }

  /** Closes the connection and frees the Y.Doc; safe to call twice. */
  destroy(): void {
    this.disconnect();
    this.ydoc.destroy();
  }

  /** From the first sync on: local changes go to the server after their frame, and are remembered to recognise their echo. */
  private listen(): void {
    if (this.listening || this.destroyed) return;
    this.listening = true;
    this.ydoc.on("update", this.onUpdate);
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    // Changes that came from the server are not sent back.
    if (origin === this.provider || this.destroyed) return;
    this.waiting.push(update);
    this.cancelSend ??= afterNextFrame(() => this.sendWaiting(), SEND_AT_THE_LATEST_MS);
  };

  private readonly onOffline = () => {
    this.update({ online: false });
    this.provider.disconnect();
  };

  private readonly onOnline = () => {
    this.update({ online: true });
    if (this.destroyed) return;
    // A socket closed while offline may not have reported its close yet; settle it so connect() starts afresh.
    settleClosedSocket(this.provider);
    void this.provider.connect();
  };

  private update(change: Partial<ConnectionFacts>): void {
    this.facts = { ...this.facts, ...change };
    this.report();
  }

  private report(): void {
    if (this.destroyed || !this.ready) return;
    const state = connectionState(this.facts);
    if (state === this.reported) return;
    this.reported = state;
    safely(() => this.options.onState(state));
  }
}
