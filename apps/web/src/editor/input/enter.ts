import { schema } from "@accord/schema";
import { chainCommands, liftEmptyBlock, newlineInCode, splitBlockAs } from "prosemirror-commands";
import { keymap } from "prosemirror-keymap";
import type { Command, Plugin } from "prosemirror-state";

/**
 * Splits the block at the cursor, as ProseMirror's `splitBlock`, except that
 * the block Enter makes at the end of a paragraph or a heading is a
 * paragraph: ProseMirror makes the first block type the document allows
 * there, which in this schema is a heading — a new line of text after a
 * paragraph would have been a title. In the middle of a block the two halves
 * keep its type. False, changing nothing, where `splitBlock` is.
 */
export const splitIntoParagraph: Command = splitBlockAs((_node, atEnd) => (atEnd ? { type: schema.nodes.paragraph! } : null));

/** Enter as ProseMirror's base keymap binds it, with `splitIntoParagraph` for its split; placed before that keymap. */
export function enterKeymap(): Plugin {
  return keymap({ Enter: chainCommands(newlineInCode, liftEmptyBlock, splitIntoParagraph) });
}
