import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocket } from "ws";
import * as Y from "yjs";

// A client written from the wire formats, not from a provider, so that a test
// can send what no honest editor sends.
//
// Hocuspocus frame (server/src/MessageReceiver.ts, OutgoingMessage.ts):
//   varString(address: documentName or documentName\0sessionId) · varUint(type) · payload
//   Sync 0 / SyncReply 4: varUint(step1 0 | step2 1 | update 2) · varUint8Array(state vector | update)
//     (the server handles SyncReply like Sync, except that a step 1 gets no step 1 back)
//   Awareness 1: varUint8Array(awareness update)
//   Auth 2: varUint(0 token) · varString(token) [· varString(provider version)];
//     server → client: varUint(1 denied | 2 authenticated) · varString(reason | scope)
//   QueryAwareness 3, Stateless 5: varString(payload), BroadcastStateless 6: varString(payload),
//   CLOSE 7: varString(reason) (server → client: this document's connection is closed; the socket stays),
//   SyncStatus 8: varUint(1 applied | 0 not) — the server's acknowledgement of a step 2 or an update.
//
// Yjs update, version 1 (yjs/src/utils/encoding.js, UpdateEncoderV1):
//   varUint(#clients) · per client [varUint(#structs) · varUint(client) · varUint(first clock) · structs]
//   · delete set: varUint(#clients) · per client [varUint(client) · varUint(#ranges) · (varUint(clock) varUint(len))*]
//   struct: uint8 info — low 5 bits: 0 GC, 10 Skip, else the item's content ref (1 Deleted, 2 JSON,
//   3 Binary, 4 String, 5 Embed, 6 Format, 7 Type, 8 Any, 9 Doc); bit 8 origin, bit 7 right origin,
//   bit 6 parentSub. GC and Skip: varUint(length). Item: [origin id] [right origin id] and, with
//   neither, varUint(1) varString(root type name) or varUint(0) id of the parent item, then
//   [varString(parentSub)], then the content. An id is varUint(client) varUint(clock).
//
// Awareness update (y-protocols/awareness.js):
//   varUint(#states) · per state [varUint(clientID) · varUint(clock) · varString(JSON state, "null" to remove)]

/** Hocuspocus message types. */
export const MessageType = Object.freeze({
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  SyncReply: 4,
  Stateless: 5,
  BroadcastStateless: 6,
  Close: 7,
  SyncStatus: 8,
});

/** The sub-messages of Sync and SyncReply. */
export const SyncStep = Object.freeze({ step1: 0, step2: 1, update: 2 });

/** How a Yjs update is carried to the server. */
export type Framing = "sync-update" | "sync-step2" | "reply-update" | "reply-step2";
export const FRAMINGS: readonly Framing[] = Object.freeze(["sync-update", "sync-step2", "reply-update", "reply-step2"]);

/** A Hocuspocus frame: the address, the message type and what `write` adds. */
export function frame(address: string, type: number, write: (encoder: encoding.Encoder) => void = () => {}): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, address);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** The frame that carries a Yjs update the way `framing` says. */
export function updateFrame(address: string, update: Uint8Array, framing: Framing): Uint8Array {
  const type = framing.startsWith("reply") ? MessageType.SyncReply : MessageType.Sync;
  const step = framing.endsWith("step2") ? SyncStep.step2 : SyncStep.update;
  return frame(address, type, (e) => {
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, update);
  });
}

// ---------------------------------------------------------------------------
// Hand-encoded updates

/** A Yjs id. */
export interface StructId {
  readonly client: number;
  readonly clock: number;
}

/** The content of a hand-encoded item. */
export type ItemContent =
  | { readonly string: string }
  | { readonly embed: unknown }
  | { readonly format: { readonly key: string; readonly value: unknown } }
  | { readonly type: "XmlElement" | "XmlHook"; readonly name: string }
  | { readonly type: "XmlText" | "Map" | "Array" | "Text" | "XmlFragment" }
  | { readonly deleted: number }
  | { readonly any: readonly unknown[] };

/** One struct of a hand-encoded update. */
export type Struct =
  | { readonly gc: number }
  | { readonly skip: number }
  | {
      readonly origin?: StructId;
      readonly rightOrigin?: StructId;
      /** Where the item lives when it has no origin: a root type's name or the id of the parent type's item. */
      readonly parent?: { readonly root: string } | { readonly item: StructId };
      /** The key in a map (Y.Map entry, XML attribute). */
      readonly parentSub?: string;
      readonly content: ItemContent;
    };

/** Structs of one client, from `clock` on, in order. */
export interface ClientStructs {
  readonly client: number;
  readonly clock: number;
  readonly structs: readonly Struct[];
}

/** Deleted ranges of one client. */
export interface ClientDeletes {
  readonly client: number;
  readonly ranges: readonly (readonly [clock: number, length: number])[];
}

const TYPE_REFS = { Array: 0, Map: 1, Text: 2, XmlElement: 3, XmlFragment: 4, XmlHook: 5, XmlText: 6 } as const;

function writeId(e: encoding.Encoder, id: StructId): void {
  encoding.writeVarUint(e, id.client);
  encoding.writeVarUint(e, id.clock);
}

function contentRef(content: ItemContent): number {
  if ("string" in content) return 4;
  if ("embed" in content) return 5;
  if ("format" in content) return 6;
  if ("type" in content) return 7;
  if ("deleted" in content) return 1;
  return 8;
}

function writeContent(e: encoding.Encoder, content: ItemContent): void {
  if ("string" in content) encoding.writeVarString(e, content.string);
  else if ("embed" in content) encoding.writeVarString(e, JSON.stringify(content.embed));
  else if ("format" in content) {
    encoding.writeVarString(e, content.format.key);
    encoding.writeVarString(e, JSON.stringify(content.format.value));
  } else if ("type" in content) {
    encoding.writeVarUint(e, TYPE_REFS[content.type]);
    if (content.type === "XmlElement" || content.type === "XmlHook") encoding.writeVarString(e, content.name);
  } else if ("deleted" in content) encoding.writeVarUint(e, content.deleted);
  else {
    encoding.writeVarUint(e, content.any.length);
    for (const value of content.any) encoding.writeAny(e, value as Parameters<typeof encoding.writeAny>[1]);
  }
}

/** The length in clocks of a struct (what its successor's clock adds). */
function structLength(struct: Struct): number {
  if ("gc" in struct) return struct.gc;
  if ("skip" in struct) return struct.skip;
  const c = struct.content;
  if ("string" in c) return c.string.length;
  if ("deleted" in c) return c.deleted;
  if ("any" in c) return c.any.length;
  return 1;
}

/**
 * A Yjs update (version 1) written by hand: any structs under any client id
 * at any clock, and any delete set — what `Y.encodeStateAsUpdate` never
 * makes (a GC claiming a million clocks, an item whose parent does not
 * exist, a delete set ahead of the clocks). Throws on an item with neither
 * origin nor parent (the format cannot say where it lives).
 */
export function encodeUpdate(structs: readonly ClientStructs[], deletes: readonly ClientDeletes[] = []): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, structs.length);
  for (const group of structs) {
    encoding.writeVarUint(e, group.structs.length);
    encoding.writeVarUint(e, group.client);
    encoding.writeVarUint(e, group.clock);
    for (const struct of group.structs) {
      if ("gc" in struct) {
        encoding.writeUint8(e, 0);
        encoding.writeVarUint(e, struct.gc);
        continue;
      }
      if ("skip" in struct) {
        encoding.writeUint8(e, 10);
        encoding.writeVarUint(e, struct.skip);
        continue;
      }
      const info = (contentRef(struct.content) & 0b11111) | (struct.origin ? 0x80 : 0) | (struct.rightOrigin ? 0x40 : 0) | (struct.parentSub !== undefined ? 0x20 : 0);
      encoding.writeUint8(e, info);
      if (struct.origin) writeId(e, struct.origin);
      if (struct.rightOrigin) writeId(e, struct.rightOrigin);
      if (!struct.origin && !struct.rightOrigin) {
        if (!struct.parent) throw new Error("an item with neither origin nor right origin needs a parent");
        if ("root" in struct.parent) {
          encoding.writeVarUint(e, 1);
          encoding.writeVarString(e, struct.parent.root);
        } else {
          encoding.writeVarUint(e, 0);
          writeId(e, struct.parent.item);
        }
        if (struct.parentSub !== undefined) encoding.writeVarString(e, struct.parentSub);
      }
      writeContent(e, struct.content);
    }
  }
  encoding.writeVarUint(e, deletes.length);
  for (const d of deletes) {
    encoding.writeVarUint(e, d.client);
    encoding.writeVarUint(e, d.ranges.length);
    for (const [clock, length] of d.ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, length);
    }
  }
  return encoding.toUint8Array(e);
}

/** The clock after a group of hand-made structs: where the next struct of that client goes. */
export function clockAfter(group: ClientStructs): number {
  return group.structs.reduce((clock, s) => clock + structLength(s), group.clock);
}

/** A replica of `doc`: what a client that synced with it holds, under a client id of its own. */
export function replicaOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/**
 * The update a change makes to `doc`, made under Yjs client id `clientID`
 * when given (the doc's own id is restored afterwards): what a client that
 * lies about its id would send. The change is applied to `doc`.
 */
export function updateOf(doc: Y.Doc, change: (doc: Y.Doc) => void, clientID?: number): Uint8Array {
  const own = doc.clientID;
  if (clientID !== undefined) doc.clientID = clientID;
  const before = Y.encodeStateVector(doc);
  try {
    doc.transact(() => change(doc), "raw-client");
  } finally {
    doc.clientID = own;
  }
  return Y.encodeStateAsUpdate(doc, before);
}

/**
 * Two updates of one client in sequence; the second alone depends on clocks
 * the server has not seen (a pending update). Both changes are applied to `doc`.
 */
export function pendingUpdate(doc: Y.Doc, first: (doc: Y.Doc) => void, second: (doc: Y.Doc) => void): { first: Uint8Array; second: Uint8Array } {
  const a = updateOf(doc, first);
  const b = updateOf(doc, second);
  return { first: a, second: b };
}

/** An awareness update for any client ids (`null` removes a client's state). */
export function awarenessUpdate(states: readonly { clientID: number; clock: number; state: Record<string, unknown> | null }[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, states.length);
  for (const s of states) {
    encoding.writeVarUint(e, s.clientID);
    encoding.writeVarUint(e, s.clock);
    encoding.writeVarString(e, JSON.stringify(s.state));
  }
  return encoding.toUint8Array(e);
}

// ---------------------------------------------------------------------------
// The client

/** What became of an update sent by `RawClient.send…`. */
export type Outcome =
  | { readonly kind: "acknowledged" }
  | { readonly kind: "refused"; readonly reason: string }
  | { readonly kind: "closed"; readonly reason: string }
  | { readonly kind: "no answer" };

/** Options of `RawClient.open`. */
export interface RawClientOptions {
  /** Appended to the address as `documentName\0sessionId`, as session-aware providers do. */
  readonly sessionId?: string;
  /** How long to wait for authentication and the first sync; default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * A WebSocket client of /collab that speaks the protocol frame by frame:
 * it authenticates, syncs the server's document into its own Y.Doc (and
 * keeps applying what the server broadcasts), and sends whatever frame a
 * test makes. It records stateless messages (refusals among them), the
 * server's CLOSE messages, its SyncStatus acknowledgements and awareness.
 * `open` rejects when authentication is denied or the sync does not come.
 */
export class RawClient {
  readonly doc = new Y.Doc();
  /** Stateless payloads received, in order. */
  readonly stateless: string[] = [];
  /** Reasons of `{"type":"rejected"}` stateless messages. */
  readonly rejections: string[] = [];
  /** Reasons of CLOSE messages (the document's connection closed). */
  readonly closes: string[] = [];
  /** SyncStatus acknowledgements, true for "applied". */
  readonly acks: boolean[] = [];
  /** Awareness updates received, decoded. */
  readonly awareness: { clientID: number; clock: number; state: unknown }[] = [];
  /** Set when the socket itself closed. */
  socketClosed: { code: number; reason: string } | null = null;
  private authenticated = false;
  private denied: string | null = null;
  private synced = false;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly socket: WebSocket,
    readonly documentName: string,
    readonly address: string,
  ) {}

  /**
   * Connects to `${serverUrl}/collab/<documentName>` (the path the web app
   * opens, on which a balancer routes), authenticates with `token` and syncs
   * `documentName`.
   */
  static async open(serverUrl: string, documentName: string, token: string, options: RawClientOptions = {}): Promise<RawClient> {
    const socket = new WebSocket(`${serverUrl.replace(/^http/, "ws")}/collab/${encodeURIComponent(documentName)}`);
    const address = options.sessionId ? `${documentName}\0${options.sessionId}` : documentName;
    const client = new RawClient(socket, documentName, address);
    socket.binaryType = "nodebuffer";
    socket.on("message", (data: Buffer) => client.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    socket.on("close", (code: number, reason: Buffer) => {
      client.socketClosed = { code, reason: reason.toString() };
      client.wake();
    });
    socket.on("error", () => {});
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    try {
      await client.authenticate(token, options.timeoutMs ?? 10_000);
    } catch (error) {
      client.destroy();
      throw error;
    }
    return client;
  }

  /**
   * Authenticates (again) on this socket and syncs into a fresh Y.Doc: after
   * the server closed this document's connection (a refusal), the socket
   * stays open and a new Auth message opens a new connection.
   */
  async reconnect(token: string, timeoutMs = 10_000): Promise<RawClient> {
    const fresh = new RawClient(this.socket, this.documentName, this.address);
    this.socket.removeAllListeners("message");
    this.socket.removeAllListeners("close");
    this.socket.on("message", (data: Buffer) => fresh.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    this.socket.on("close", (code: number, reason: Buffer) => {
      fresh.socketClosed = { code, reason: reason.toString() };
      fresh.wake();
    });
    this.doc.destroy();
    await fresh.authenticate(token, timeoutMs);
    return fresh;
  }

  private async authenticate(token: string, timeoutMs: number): Promise<void> {
    this.sendFrame(frame(this.address, MessageType.Auth, (e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarString(e, token);
    }));
    await this.until(() => this.authenticated || this.denied !== null || this.socketClosed !== null, timeoutMs, "authentication");
    if (!this.authenticated) throw new Error(`authentication failed: ${this.denied ?? JSON.stringify(this.socketClosed)}`);
    // Our step 1 (empty state vector): the server answers with its whole state (step 2) and its own step 1.
    const acks = this.acks.length;
    this.sendFrame(frame(this.address, MessageType.Sync, (e) => {
      encoding.writeVarUint(e, SyncStep.step1);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(this.doc));
    }));
    // Synced once the server's step 2 arrived and our (empty) answer to its step 1 was acknowledged.
    await this.until(() => this.synced && this.acks.length > acks, timeoutMs, "the first sync");
  }

  /** Whether the document's connection is still open (no CLOSE received, socket open). */
  get open(): boolean {
    return this.closes.length === 0 && this.socketClosed === null;
  }

  /** Sends raw bytes as one WebSocket message. */
  sendFrame(bytes: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  /** Sends a Yjs update the way `framing` says. */
  sendUpdate(update: Uint8Array, framing: Framing = "sync-update"): void {
    this.sendFrame(updateFrame(this.address, update, framing));
  }

  /** Makes a change to this client's Y.Doc (under `clientID` when given) and sends its update; returns the update. */
  change(change: (doc: Y.Doc) => void, options: { clientID?: number; framing?: Framing } = {}): Uint8Array {
    const update = updateOf(this.doc, change, options.clientID);
    this.sendUpdate(update, options.framing);
    return update;
  }

  /** Sends an awareness update as it is (any client ids). */
  sendAwareness(update: Uint8Array): void {
    this.sendFrame(frame(this.address, MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update)));
  }

  /** Sends a stateless message, or (`broadcast`) the server-internal BroadcastStateless. */
  sendStateless(payload: string, broadcast = false): void {
    this.sendFrame(frame(this.address, broadcast ? MessageType.BroadcastStateless : MessageType.Stateless, (e) => encoding.writeVarString(e, payload)));
  }

  /** Sends a frame of any message type with any payload bytes after the type. */
  sendType(type: number, payload: Uint8Array = new Uint8Array()): void {
    this.sendFrame(frame(this.address, type, (e) => encoding.writeUint8Array(e, payload)));
  }

  /**
   * Sends an update and waits for what the server makes of it: an
   * acknowledgement (SyncStatus), a refusal (a `rejected` stateless message),
   * a CLOSE without one, or nothing within `timeoutMs`.
   */
  async sendAndWait(update: Uint8Array, framing: Framing = "sync-update", timeoutMs = 5000): Promise<Outcome> {
    const mark = this.marks();
    this.sendUpdate(update, framing);
    return this.outcomeSince(mark, timeoutMs);
  }

  /** Counters to measure an outcome from (see `outcomeSince`). */
  marks(): { acks: number; rejections: number; closes: number } {
    return { acks: this.acks.length, rejections: this.rejections.length, closes: this.closes.length };
  }

  /** What the server answered since `mark`, waiting up to `timeoutMs` (a refusal wins over an acknowledgement). */
  async outcomeSince(mark: { acks: number; rejections: number; closes: number }, timeoutMs = 5000): Promise<Outcome> {
    const answered = () => this.acks.length > mark.acks || this.closes.length > mark.closes || this.rejections.length > mark.rejections || this.socketClosed !== null;
    try {
      await this.until(answered, timeoutMs, "an answer");
    } catch {
      return { kind: "no answer" };
    }
    if (this.rejections.length > mark.rejections) {
      // The CLOSE follows the refusal at once.
      await this.until(() => !this.open, 1000, "the close after a refusal").catch(() => {});
      return { kind: "refused", reason: this.rejections[mark.rejections]! };
    }
    if (this.closes.length > mark.closes) return { kind: "closed", reason: this.closes[mark.closes]! };
    if (this.socketClosed) return { kind: "closed", reason: `socket closed ${this.socketClosed.code} ${this.socketClosed.reason}` };
    return this.acks[mark.acks] ? { kind: "acknowledged" } : { kind: "closed", reason: "SyncStatus: not applied" };
  }

  /** Waits until `check` holds; throws after `timeoutMs`. */
  async until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`${what}: nothing after ${timeoutMs} ms`));
      }, timeoutMs);
      const wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  /** Closes the socket. */
  destroy(): void {
    this.socket.removeAllListeners("message");
    try {
      this.socket.terminate();
    } catch {
      // already closed
    }
    this.doc.destroy();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private receive(data: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(data);
      decoding.readVarString(decoder);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.Sync:
        case MessageType.SyncReply: {
          const step = decoding.readVarUint(decoder);
          const payload = decoding.readVarUint8Array(decoder);
          if (step === SyncStep.step1) {
            // The server's step 1: answer with what it lacks, as a provider does.
            this.sendFrame(frame(this.address, MessageType.Sync, (e) => {
              encoding.writeVarUint(e, SyncStep.step2);
              encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(this.doc, payload));
            }));
          } else {
            Y.applyUpdate(this.doc, payload, "server");
            if (step === SyncStep.step2) this.synced = true;
          }
          break;
        }
        case MessageType.Awareness: {
          const update = decoding.readVarUint8Array(decoder);
          const d = decoding.createDecoder(update);
          const n = decoding.readVarUint(d);
          for (let i = 0; i < n; i++) {
            const clientID = decoding.readVarUint(d);
            const clock = decoding.readVarUint(d);
            this.awareness.push({ clientID, clock, state: JSON.parse(decoding.readVarString(d)) });
          }
          break;
        }
        case MessageType.Auth: {
          const sub = decoding.readVarUint(decoder);
          if (sub === 2) this.authenticated = true;
          else if (sub === 1) this.denied = decoding.readVarString(decoder);
          break;
        }
        case MessageType.Stateless: {
          const payload = decoding.readVarString(decoder);
          this.stateless.push(payload);
          try {
            const parsed = JSON.parse(payload) as { type?: string; reason?: string };
            if (parsed.type === "rejected") this.rejections.push(String(parsed.reason ?? ""));
          } catch {
            // not JSON: kept in `stateless` only
          }
          break;
        }
        case MessageType.Close:
          this.closes.push(decoding.readVarString(decoder));
          break;
        case MessageType.SyncStatus:
          this.acks.push(decoding.readVarUint(decoder) === 1);
          break;
        default:
          break;
      }
    } finally {
      this.wake();
    }
  }
}
