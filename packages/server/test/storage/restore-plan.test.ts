import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lastReadablePrefix } from "@accord/server";

// Invariant: the state a restore goes back to reads, and the entry after it
// breaks the document (a break of the log); when the log, once broken,
// stayed broken, it is the last state that reads — found in O(log n) reads.

/** A log of `entries` entries whose states read where `reads[count - 1]`; the last does not. */
function search(reads: readonly boolean[]) {
  let count = 0;
  const found = lastReadablePrefix(reads.length, (prefix) => {
    count++;
    return reads[prefix - 1] ? null : "does not read";
  });
  return { found, count };
}

describe("lastReadablePrefix", () => {
  it("finds the last state that reads of a log that, once broken, stayed broken, in few reads", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5000 }), fc.integer({ min: 0, max: 4999 }), (entries, at) => {
        const readable = Math.min(at, entries - 1);
        const { found, count } = search(Array.from({ length: entries }, (_, i) => i < readable));
        expect(found).toBe(readable === 0 ? null : readable);
        expect(count).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(entries)) + 2);
      }),
    );
  });

  it("finds a state that reads followed by one that does not, in any log", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 300 }), (pattern) => {
        const reads = [...pattern, false];
        const { found } = search(reads);
        if (found === null) {
          // Only when no state reads on the way back: the first does not.
          expect(reads[0]).toBe(false);
        } else {
          expect(reads[found - 1]).toBe(true);
          expect(reads[found]).toBe(false);
        }
      }),
    );
  });

  it("reads nothing for a log of one entry that does not read", () => {
    expect(search([false])).toEqual({ found: null, count: 0 });
  });
});
