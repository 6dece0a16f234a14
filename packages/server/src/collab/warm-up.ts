import { documentToUpdate, readDocument } from "@accord/collab";
import { generateDocument } from "@accord/schema/generate";
import * as Y from "yjs";

/**
 * Runs what loading a document runs — applying its stored state, reading it
 * (`readDocument`) and encoding it for a client's sync — on a small
 * generated document, several times, so that a fresh process has compiled
 * that code before the first real document arrives (a 2,000-paragraph
 * document's first load cost 1.2 s of CPU in a fresh process, 0.7 s after
 * this: docs/benchmarks.md). Costs about 1 s of CPU, once. Throws when the
 * generated document does not read back: a bug in the reading, not bad input.
 */
export function warmUpLoading(rounds = 6, paragraphs = 300): void {
  const update = documentToUpdate(generateDocument({ seed: 1, paragraphs, proposals: paragraphs * 2 }));
  for (let round = 0; round < rounds; round++) {
    const ydoc = new Y.Doc();
    try {
      Y.applyUpdate(ydoc, update);
      const read = readDocument(ydoc);
      if (!read.ok) throw new Error(`the warm-up document does not read: ${read.message}`);
      Y.encodeStateAsUpdate(ydoc);
    } finally {
      ydoc.destroy();
    }
  }
}
