// The Hocuspocus wire format, as much of it as a sender needs: the frames it
// sends (authentication, sync step 1 and 2, update) and a cheap look at the
// header of what it receives. A frame is varString(document name) varUint(type) …
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

export const MESSAGE = Object.freeze({ Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, SyncReply: 4, Stateless: 5, Close: 7, SyncStatus: 8, Ping: 9, Pong: 10 });
export const SYNC = Object.freeze({ Step1: 0, Step2: 1, Update: 2 });
export const AUTH = Object.freeze({ Token: 0, PermissionDenied: 1, Authenticated: 2 });

/** varString(docName) varUint(2 Auth) varUint(0 Token) varString(token). */
export function authFrame(documentName, token) {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, MESSAGE.Auth);
  encoding.writeVarUint(encoder, AUTH.Token);
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}

/** A sync frame: step 1 carries a state vector, step 2 and update carry a Yjs update. */
export function syncFrame(documentName, syncType, payload) {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, MESSAGE.Sync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** An update that changes nothing: no structs, an empty delete set. */
export const EMPTY_UPDATE = new Uint8Array([0, 0]);

/**
 * The header of a received frame: its type, for sync its sub-type, and the
 * decoder positioned after them (to read the payload when it matters).
 */
export function readHeader(data) {
  const decoder = decoding.createDecoder(data);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  let sub = -1;
  if (type === MESSAGE.Sync || type === MESSAGE.SyncReply || type === MESSAGE.Auth || type === MESSAGE.SyncStatus) sub = decoding.readVarUint(decoder);
  return { type, sub, decoder };
}
