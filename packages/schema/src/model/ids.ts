const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * A new random id (12 base-36 characters, about 62 bits) for a paragraph,
 * proposal or footnote made by an editor: unique without coordination, so two
 * clients never pick the same one. Uses Web Crypto, so it runs in Node and
 * in the browser alike.
 */
export function newId(prefix = ""): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  let out = prefix;
  for (const byte of bytes) out += ALPHABET[byte % 36];
  return out;
}

/**
 * Hands out ids in sequence (`p1`, `p2`, … per prefix). Importing the same
 * text twice yields the same ids, which makes imports comparable.
 */
export class SequentialIds {
  private readonly counters = new Map<string, number>();

  /** The next id with this prefix. */
  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${n}`;
  }
}
