import { parseOptionPath, repairOptionPaths, writeOptionPath, type OptionStep } from "@accord/schema";

interface BlockJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: unknown[];
}

/**
 * Concurrent edits can leave option blocks broken: a block moved or pasted
 * out of its option, an option chosen by the chair while the secretariat
 * chose another, a paragraph split inside an option of no text. Every
 * replica reads the same Y.Doc through the one rule of `repairOptionPaths`
 * (schema), so all read the same sound document; the next write carries it
 * back. A path that does not read is none. Works in place on ProseMirror
 * JSON of the whole document — never on one block read alone, whose groups
 * would seem to have one option.
 */
export function reconcileOptionPaths(doc: { content?: BlockJSON[] }): void {
  const blocks = doc.content ?? [];
  const paths = blocks.map((block) => {
    const read = parseOptionPath(block.attrs?.optionPath ?? "");
    return typeof read === "string" ? ([] as OptionStep[]) : read;
  });
  if (!paths.some((path) => path.length)) return;
  const repaired = repairOptionPaths(blocks.map((block, i) => ({ path: paths[i]!, emptyParagraph: block.type === "paragraph" && !block.content?.length })));
  blocks.forEach((block, i) => {
    const optionPath = writeOptionPath(repaired[i]!);
    if (optionPath !== (block.attrs?.optionPath ?? "")) block.attrs = { ...block.attrs, optionPath };
  });
}
