import * as decoding from "lib0/decoding";

const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/**
 * The Yjs update a Hocuspocus frame carries, when it carries one: a sync
 * step 2 or an update message. Null for anything else (step 1, awareness,
 * auth, stateless). Throws on a frame that cannot be decoded — the caller
 * closes that connection.
 */
export function updateInFrame(frame: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarString(decoder); // document name
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
  const type = decoding.readVarUint(decoder);
  if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return null;
  return decoding.readVarUint8Array(decoder);
}

/**
 * Whether a Yjs update (version 1 encoding) carries nothing: no structs and
 * an empty delete set, the two bytes a client sends as its sync step 2 when
 * the server has everything it has.
 */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
