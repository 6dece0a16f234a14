import * as decoding from "lib0/decoding";
import { messageYjsUpdate } from "y-protocols/sync";

/** The provider's message type of a Yjs sync message (`MessageType.Sync` of @hocuspocus/provider). */
const SYNC_MESSAGE = 0;
/** Updates remembered at most: typing sends one per keystroke, and the server echoes each within a round trip. */
const REMEMBERED = 64;

/**
 * The Yjs update in a Hocuspocus sync message (`name`, Sync, Update, bytes,
 * and nothing after), or null for any other message, well-formed or not.
 */
export function updateInMessage(data: Uint8Array): Uint8Array | null {
  try {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== SYNC_MESSAGE) return null;
    if (decoding.readVarUint(decoder) !== messageYjsUpdate) return null;
    const update = decoding.readVarUint8Array(decoder);
    return decoding.hasContent(decoder) ? null : update;
  } catch {
    return null;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The updates this client made lately, to recognise the server's echo of
 * them: Hocuspocus sends every update to every connection of a document, its
 * sender included. Applying an update the document already holds changes
 * nothing, but it still runs a Yjs transaction, and with it y-prosemirror's
 * selection bookkeeping, which walks the document up to the caret: on a long
 * text a second cost per keystroke. Dropping a byte-identical echo is safe
 * whenever it comes, since every struct in it was made here. Updates
 * merged with others' on the server are not identical and are applied as usual.
 */
export class OwnUpdates {
  private readonly recent: Uint8Array[] = [];

  /** Notes an update made by this client. */
  remember(update: Uint8Array): void {
    this.recent.push(update);
    if (this.recent.length > REMEMBERED) this.recent.shift();
  }

  /** True (once) when `message` only carries an update this client made and remembered. */
  isEcho(message: Uint8Array): boolean {
    if (!this.recent.length) return false;
    const update = updateInMessage(message);
    if (!update) return false;
    const index = this.recent.findIndex((own) => sameBytes(own, update));
    if (index < 0) return false;
    this.recent.splice(index, 1);
    return true;
  }
}
