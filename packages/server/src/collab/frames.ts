import * as decoding from "lib0/decoding";

// Hocuspocus' message types (its `MessageType`) and y-protocols' sync steps.
const MESSAGE = Object.freeze({
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  syncReply: 4,
  stateless: 5,
  broadcastStateless: 6,
  close: 7,
  syncStatus: 8,
});
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** A frame a client sent, as far as the server's checks need to know it. */
export type ClientFrame =
  /** A Yjs update Hocuspocus will apply: a sync step 2 or an update, under message type Sync or SyncReply. */
  | { readonly kind: "update"; readonly update: Uint8Array }
  /** Presence: the Yjs client ids it publishes a state for (removals aside). */
  | { readonly kind: "presence"; readonly clients: readonly number[] }
  /** A frame that asks or says something but never changes the document. */
  | { readonly kind: "other" };

/** Why a frame is not accepted at all: the connection is closed, nothing is applied. */
export class RefusedFrame extends Error {
  readonly code = 4400;
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Reads a frame a client sent, the way Hocuspocus' MessageReceiver will, and
 * says whether it carries a Yjs update. This is the one door: Hocuspocus
 * applies the update of a sync step 2 or an update message carried under
 * either Sync or SyncReply, so both are recognised here; every other message
 * type a client may send is named, and anything else (BroadcastStateless,
 * which only servers may send, an unknown type or sync step, a frame that
 * does not decode) throws a RefusedFrame instead of being let through.
 */
export function readClientFrame(frame: Uint8Array): ClientFrame {
  try {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarString(decoder); // the document name (and session id)
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE.sync:
      case MESSAGE.syncReply: {
        const step = decoding.readVarUint(decoder);
        if (step === SYNC_STEP_1) {
          decoding.readVarUint8Array(decoder);
          return { kind: "other" };
        }
        if (step === SYNC_STEP_2 || step === SYNC_UPDATE) return { kind: "update", update: decoding.readVarUint8Array(decoder) };
        throw new RefusedFrame(`unknown sync step ${step}`);
      }
      case MESSAGE.awareness:
        return { kind: "presence", clients: publishedClients(decoding.readVarUint8Array(decoder)) };
      case MESSAGE.auth:
      case MESSAGE.queryAwareness:
      case MESSAGE.stateless:
      case MESSAGE.close:
        return { kind: "other" };
      case MESSAGE.broadcastStateless:
        throw new RefusedFrame("broadcast messages are the server's own");
      default:
        throw new RefusedFrame(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof RefusedFrame) throw error;
    throw new RefusedFrame(`the message cannot be read: ${(error as Error).message}`);
  }
}

/** The client ids an awareness update (y-protocols' encoding) gives a state for; a removal (state null) gives none. */
function publishedClients(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const clients: number[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    if (decoding.readVarString(decoder) !== "null") clients.push(client);
  }
  return clients;
}

/**
 * Whether a Yjs update (version 1 encoding) carries nothing: no structs and
 * an empty delete set, the two bytes a client sends as its sync step 2 when
 * the server has everything it has.
 */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
