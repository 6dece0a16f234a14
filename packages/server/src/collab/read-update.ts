import * as Y from "yjs";

/** Yjs exports an update's decoded form as the value `decodeUpdate` returns, not as a type. */
type Decoded = ReturnType<typeof Y.decodeUpdate>;

/**
 * A client's Yjs update (version 1 encoding), read once: its structs (items,
 * GC and skip ranges, in the order of the update) and its delete set, which
 * the checks read; Hocuspocus applies its bytes. Decoding an update parses
 * every formatting marker's JSON, so the check reads it once rather than
 * once per question it asks.
 */
export interface ReadUpdate {
  readonly structs: Decoded["structs"];
  readonly ds: Decoded["ds"];
}

/** Reads an update (Yjs' `decodeUpdate`); throws when its bytes are not a Yjs update. */
export function readUpdate(bytes: Uint8Array): ReadUpdate {
  return Y.decodeUpdate(bytes);
}

/** The Yjs client ids an update writes structs under (items, GC and skip ranges alike), each once. */
export function clientIdsOf(update: ReadUpdate): number[] {
  // A set, not a search of the list: an update may name hundreds of thousands of clients.
  const ids = new Set<number>();
  for (const struct of update.structs) ids.add(struct.id.client);
  return [...ids];
}
