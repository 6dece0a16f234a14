import { Plugin, TextSelection } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { readPageSelection } from "../adapters/index.js";

/**
 * Types a printed character at a text cursor as a transaction, instead of
 * letting the browser insert it into the page and ProseMirror read it back.
 * The browser's own insertion lays the page out in the middle of the
 * keystroke (to place the caret after the new character) and ProseMirror then
 * parses the changed text again: at 2,000 paragraphs some 6 ms of every
 * keystroke. Here the character goes through `handleTextInput` and the
 * transaction every plugin sees (the propose mode makes it the delegation's
 * proposal, as before), and the page is laid out once, in the frame. Anything
 * else — composition (IME), a selection typed over, Enter, shortcuts — takes
 * ProseMirror's usual way. A refused character never reaches the page. The
 * page's selection is read first (`readPageSelection`): a character typed
 * right after a click goes where the click put the caret.
 */
export function typedText(): Plugin {
  return new Plugin({
    props: {
      handleKeyPress: (view, event) => {
        const text = printedCharacter(event);
        if (text === null || view.composing) return false;
        // The character goes where the caret is shown, even when the browser has not told ProseMirror yet.
        readPageSelection(view);
        const selection = view.state.selection;
        if (!(selection instanceof TextSelection) || !selection.empty || !selection.$from.parent.inlineContent) return false;
        insert(view, selection.from, text);
        return true;
      },
    },
  });
}

function insert(view: EditorView, at: number, text: string): void {
  const typed = () => view.state.tr.insertText(text).scrollIntoView();
  if (!view.someProp("handleTextInput", (handle) => handle(view, at, at, text, typed))) view.dispatch(typed());
}

/**
 * The character a keypress prints, or null: a single character (one code
 * point) with no Ctrl (AltGr, which is Ctrl+Alt, prints) and no ⌘, not a
 * line break or a control character, and not part of a composition.
 */
export function printedCharacter(event: KeyboardEvent): string | null {
  if (event.isComposing || event.keyCode === 229) return null;
  if ((event.ctrlKey && !event.altKey) || event.metaKey) return null;
  const key = event.key;
  if (!key || [...key].length !== 1) return null;
  const code = key.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return null;
  return key;
}
