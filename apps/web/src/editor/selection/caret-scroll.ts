import { Plugin, TextSelection } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { scrollParent } from "../window/scroll-parent.js";

/** How close to the edge of the visible text the caret may come before the text scrolls (ProseMirror's default `scrollMargin`). */
const MARGIN_PX = 5;

/**
 * Scrolls to a text cursor at the next frame, and only when it is out of
 * view. ProseMirror scrolls to the selection inside the update of every
 * keystroke, reading the caret's position and its scrolling ancestors'
 * boxes there: the browser lays out the page in the middle of the update,
 * and again at the frame for what the rest of the update changed — at 2,000
 * paragraphs some 5 ms of every keystroke, for a caret that is almost always
 * in view. Here the caret is measured once, in the frame's own layout, and
 * ProseMirror's scrolling runs only when the caret is outside the visible
 * text. Node and whole-document selections are scrolled to at once, as before.
 */
export function caretScroll(): Plugin {
  return new Plugin({
    view: (view) => {
      const scroll = new CaretScroll(view);
      scrolls.set(view, scroll);
      return { destroy: () => scroll.destroy() };
    },
    props: {
      handleScrollToSelection: (view) => scrolls.get(view)?.request() ?? false,
    },
  });
}

const scrolls = new WeakMap<EditorView, CaretScroll>();

class CaretScroll {
  private frame = 0;
  /** Set while ProseMirror's own scrolling is let through. */
  private passing = false;
  private scroller: HTMLElement | null | undefined = undefined;

  constructor(private readonly view: EditorView) {}

  /** True when the scroll is taken over (deferred), false to let ProseMirror scroll now. */
  request(): boolean {
    if (this.passing || !(this.view.state.selection instanceof TextSelection)) return false;
    if (!this.frame) this.frame = requestAnimationFrame(this.check);
    return true;
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (scrolls.get(this.view) === this) scrolls.delete(this.view);
  }

  private readonly check = () => {
    this.frame = 0;
    const view = this.view;
    if (view.isDestroyed || !view.dom.isConnected) return;
    if (this.inView()) return;
    this.passing = true;
    try {
      view.dispatch(view.state.tr.scrollIntoView());
    } finally {
      this.passing = false;
    }
  };

  /** Whether the caret (the selection's head) is within the visible part of the text. */
  private inView(): boolean {
    const view = this.view;
    let caret: { top: number; bottom: number };
    try {
      caret = view.coordsAtPos(view.state.selection.head);
    } catch {
      // Not drawn (a block outside the window): ProseMirror's scrolling brings it.
      return false;
    }
    if (this.scroller === undefined) this.scroller = scrollParent(view.dom);
    const box = this.scroller?.getBoundingClientRect();
    const top = Math.max(box?.top ?? 0, 0) + MARGIN_PX;
    const bottom = Math.min(box?.bottom ?? window.innerHeight, window.innerHeight) - MARGIN_PX;
    return caret.top >= top && caret.bottom <= bottom;
  }
}
