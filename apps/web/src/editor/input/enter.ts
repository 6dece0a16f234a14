import { schema } from "@accord/schema";
import { chainCommands, liftEmptyBlock, newlineInCode, splitBlockAs } from "prosemirror-commands";
import { keymap } from "prosemirror-keymap";
import { TextSelection, type Command, type Plugin } from "prosemirror-state";

/**
 * Enter with the cursor at the start of a block that has text: an empty
 * paragraph is put before the block, which keeps its text, id, label and
 * status, and the cursor. ProseMirror's `splitBlock` would split there and
 * make the empty half the schema's first block type, a heading. False,
 * changing nothing, anywhere else.
 */
const emptyParagraphBefore: Command = (state, dispatch) => {
  const { $from } = state.selection;
  if (!(state.selection instanceof TextSelection) || !state.selection.empty || $from.depth !== 1 || $from.parentOffset > 0 || $from.parent.content.size === 0) return false;
  if (dispatch) dispatch(state.tr.insert($from.before(), schema.nodes.paragraph!.create()).scrollIntoView());
  return true;
};

/**
 * Splits the block at the cursor, as ProseMirror's `splitBlock`, except that
 * the block Enter makes is a paragraph: ProseMirror makes the first block
 * type the document allows at the end of a block (and of the empty half left
 * at its start), which in this schema is a heading — a new line of text
 * after a paragraph would have been a title. At a block's start an empty
 * paragraph goes before it (`emptyParagraphBefore`); in the middle of a
 * block the two halves keep its type. False, changing nothing, where
 * `splitBlock` is.
 */
export const splitIntoParagraph: Command = chainCommands(emptyParagraphBefore, splitBlockAs((_node, atEnd) => (atEnd ? { type: schema.nodes.paragraph! } : null)));

/** Enter as ProseMirror's base keymap binds it, with `splitIntoParagraph` for its split; placed before that keymap. */
export function enterKeymap(): Plugin {
  return keymap({ Enter: chainCommands(newlineInCode, liftEmptyBlock, splitIntoParagraph) });
}
