import { blockSpanFacts, brokenSpans, previousBlocks, type SpanBlockJSON } from "@accord/schema";

interface BlockJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: { type: string; marks?: { type: string; attrs?: Record<string, unknown> }[] }[];
}

/**
 * Edits can leave a bracket spanning paragraphs broken — two of its
 * paragraphs joined, one deleted, text typed before its last part,
 * concurrent decisions on two parts. Every replica reads the same Y.Doc
 * through this one rule, so all read the same sound document: a broken span
 * is unlinked (its parts lose `span` and stay brackets of their own
 * paragraphs, every word kept); the next write carries it back. Works in
 * place on ProseMirror JSON of the whole document, and only looks closely
 * when some mark carries a span.
 */
export function reconcileSpans(doc: { content?: BlockJSON[] }): void {
  const blocks = doc.content ?? [];
  const holding = blocks.map((block) => (block.content ?? []).some((child) => child.marks?.some((mark) => mark.type === "proposal" && Boolean(mark.attrs?.span))));
  if (!holding.includes(true)) return;
  // Each part with the block before it that the span rules read (paragraphs with nothing in them passed over).
  const previous = previousBlocks(blocks as SpanBlockJSON[]);
  const broken = brokenSpans(blocks.flatMap((block, index) => (holding[index] ? blockSpanFacts(block as SpanBlockJSON, index, previous[index]) : [])));
  if (!broken.size) return;
  blocks.forEach((block, index) => {
    if (!holding[index]) return;
    for (const child of block.content ?? []) {
      if (!child.marks) continue;
      child.marks = child.marks.map((mark) => (mark.type === "proposal" && broken.has(String(mark.attrs?.span ?? "")) ? { ...mark, attrs: { ...mark.attrs, span: "" } } : mark));
    }
  });
}
