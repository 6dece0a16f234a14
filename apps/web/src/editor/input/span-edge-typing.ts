import { Plugin, type EditorState, type Transaction } from "prosemirror-state";
import { spanPartsAt } from "../span-edges.js";

/**
 * The transaction typing `text` at `from`–`to` makes where the parts of a
 * bracket spanning paragraphs meet — at the start of a later part's
 * paragraph, at the end of an earlier part's: the text goes inside the
 * bracket, as typing inside it does, with the marks ProseMirror would give it
 * and the part's (`spanPartsAt`). Null anywhere else, and for typing over a
 * selection, which keep ProseMirror's way. Never throws for positions in the document.
 */
export function spanEdgeInsertion(state: EditorState, from: number, to: number, text: string): Transaction | null {
  if (from !== to || !text) return null;
  const parts = spanPartsAt(state.doc, from);
  if (!parts.length) return null;
  const marks = parts.reduce((set, part) => part.addToSet(set), state.storedMarks ?? state.doc.resolve(from).marks());
  return state.tr.setStoredMarks(marks).insertText(text, from, to).scrollIntoView();
}

/**
 * Typing where the parts of a bracket spanning paragraphs meet goes inside
 * the bracket (`spanEdgeInsertion`). By ProseMirror's rule it went outside
 * (a proposal mark is not inclusive at its ends), between the parts, where it
 * leaves the span broken: the server refuses that from a delegate, and reads
 * the span as a bracket per paragraph after anyone else's edit. The propose
 * mode then makes a delegate's text its own proposal inside the part
 * (`insertionMarks`). Composition (IME) keeps ProseMirror's way.
 */
export function spanEdgeTyping(): Plugin {
  return new Plugin({
    props: {
      handleTextInput(view, from, to, text) {
        if (view.composing) return false;
        const tr = spanEdgeInsertion(view.state, from, to, text);
        if (!tr) return false;
        view.dispatch(tr);
        return true;
      },
    },
  });
}
