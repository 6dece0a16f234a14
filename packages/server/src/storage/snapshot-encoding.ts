import { promisify } from "node:util";
import { deflate, inflate } from "node:zlib";

// A snapshot is the whole document (5 MB at 2,000 paragraphs after 20,000
// edits) and the log is kept beside it, so the database holds the document
// about twice; a Yjs update deflates to a quarter or less (its attribute keys
// and values repeat), which keeps the database near the size of the log.
// zlib works on libuv's thread pool: neither direction blocks the event loop.

/** How a stored snapshot's bytes are written: as Yjs encoded them, or deflated (zlib). */
export type SnapshotEncoding = "none" | "deflate";

/** The encoding new snapshots are stored in. */
export const SNAPSHOT_ENCODING: SnapshotEncoding = "deflate";

/** The largest snapshot inflated: a bound on what a damaged or hostile row can make the server allocate. */
const MAX_SNAPSHOT_BYTES = 1024 * 1024 * 1024;

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

/** A snapshot's Yjs update as stored in `SNAPSHOT_ENCODING`. */
export async function encodeSnapshot(update: Uint8Array): Promise<Uint8Array> {
  const stored = await deflateAsync(update, { level: 6 });
  return new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
}

/**
 * The Yjs update a stored snapshot holds. Throws (a broken database) on an
 * unknown encoding, bytes that do not inflate, or more than 1 GiB.
 */
export async function decodeSnapshot(stored: Uint8Array, encoding: string): Promise<Uint8Array> {
  if (encoding === "none") return stored;
  if (encoding !== "deflate") throw new Error(`a snapshot stored in an unknown encoding, ${JSON.stringify(encoding)}`);
  const update = await inflateAsync(stored, { maxOutputLength: MAX_SNAPSHOT_BYTES });
  return new Uint8Array(update.buffer, update.byteOffset, update.byteLength);
}
