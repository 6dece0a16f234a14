import type { Node } from "prosemirror-model";
import { Plugin, type EditorState } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { changedBlocks } from "../changed-blocks.js";
import { drawnBlockDecorations, drawnRangeKey, nextDrawnRange, selectionBlockIndex, setDrawnRange, type DrawnRange } from "./drawn-range.js";
import { scrollParent } from "./scroll-parent.js";
import { whenQuiet, type QuietCall } from "../timing/when-quiet.js";
import { HeightEstimate, indexAtOffset, offsetOf, planWindow } from "./window-plan.js";

/** A block outside the window: `display: none`, its height kept as space. */
export const OFFSCREEN_CLASS = "accord-offscreen";
/** How far beyond the visible part of the text blocks stay drawn, in heights of the visible part. */
const MARGIN_SCREENS = 1;
/** The least margin, for a short window. */
const MIN_MARGIN_PX = 600;
/**
 * Documents up to this many blocks are drawn whole (the browser's find and
 * screen readers see all of it); it costs a keystroke little at that size.
 */
export const DRAW_WHOLE_UP_TO = 400;

/**
 * The text growing or shrinking (a line more as someone types) moves the
 * window only once such changes pause this long, and at least this often
 * while they go on: measuring the drawn blocks and planning costs a frame
 * tens of milliseconds at 2,000 paragraphs, and the margin around the view
 * covers a few lines more or less meanwhile.
 */
const GROWTH_QUIET_MS = 300;
const GROWTH_MAX_WAIT_MS = 3000;

/** Where the window was when its editor state was replaced (a restart after a refusal), so the new one starts there. */
const lastAnchor = new WeakMap<EditorView, { index: number; offset: number }>();


/**
 * Draws only the blocks near the visible part of the text: every other
 * block is `display: none`, and the height they would take is kept as space
 * above and below (`--accord-above`, `--accord-below` on the editor), from
 * their measured height, or an estimate from their length until they were
 * drawn once. A 2,000-paragraph negotiation then costs the browser what a
 * few dozen paragraphs cost, for opening and for every keystroke. Documents
 * of up to `DRAW_WHOLE_UP_TO` blocks are drawn whole.
 *
 * The blocks the selection starts and ends in are always drawn (the caret
 * must be somewhere the browser can put it), the window follows scrolling,
 * resizing and changes to the document, and it keeps the text under the top
 * of the view where it was when the window moves (scroll anchoring of its
 * own: Chrome's anchor may lie in a block about to be hidden). `revealBlock`
 * brings any block into the window first, for code that scrolls to it.
 * In a longer document the browser's find-in-page sees only drawn blocks.
 */
export function blockWindow(): Plugin {
  return new Plugin<DrawnRange | null>({
    key: drawnRangeKey,
    // The drawn range in the state, for the plugins that work per drawn block; the view keeps it in step.
    state: {
      init: (_, state) => initialRange(state.doc),
      apply: (tr, value) => nextDrawnRange(tr, value),
    },
    view: (view) => new BlockWindowView(view),
    props: {
      // Which blocks have their text made at all (block-view.ts): the drawn ones.
      decorations: drawnBlockDecorations,
      // Before ProseMirror scrolls to the selection: a selection's block away from the window is drawn there but out of place.
      handleScrollToSelection: (view) => {
        views.get(view)?.followSelection();
        return false;
      },
    },
  });
}

/**
 * Draws block `index` in its place with the blocks around it, unless it is
 * drawn there already, so that it can be scrolled to. True when the window
 * moved for it (scroll there at once: a smooth scroll across the space
 * would draw everything on the way); false when it was there, or there is
 * no such block or no window.
 */
export function revealBlock(view: EditorView, index: number): boolean {
  return views.get(view)?.reveal(index) ?? false;
}

const views = new WeakMap<EditorView, BlockWindowView>();

/** A block element's block id (the node view writes it). */
const idOf = (element: HTMLElement): string => element.dataset.blockId ?? "";

/** The blocks a document starts with drawn, from estimates alone (nothing is laid out yet): those filling the first window's height; null when it is drawn whole. */
function initialRange(doc: Node): DrawnRange | null {
  if (doc.childCount <= DRAW_WHOLE_UP_TO) return null;
  const estimate = new HeightEstimate();
  const heights: number[] = [];
  doc.forEach((block) => heights.push(estimate.height(block.content.size)));
  const plan = planWindow(heights, 0, (typeof window === "undefined" ? 800 : window.innerHeight) * (1 + MARGIN_SCREENS));
  return rangeOf(doc, plan.first, plan.last);
}

/** The document positions of blocks first..last. */
function rangeOf(doc: Node, first: number, last: number): DrawnRange {
  const $start = doc.resolve(0);
  return { from: $start.posAtIndex(first, 0), to: $start.posAtIndex(last + 1, 0) };
}

class BlockWindowView {
  /** Heights of blocks once drawn, by block id: a block's element is made anew as it leaves or enters the window. */
  private readonly measured = new Map<string, number>();
  private readonly estimate = new HeightEstimate();
  /** Found at the first frame: looking for it earlier would make the browser style the whole document drawn before the window hides most of it. */
  private scroller: HTMLElement | null | undefined = undefined;
  private resizeObserver: ResizeObserver | null = null;
  /** The text's width when last observed: another width moves the window at once, another height only after a pause. */
  private observedWidth = -1;
  private readonly afterGrowth: QuietCall = whenQuiet(() => this.schedule(), GROWTH_QUIET_MS, GROWTH_MAX_WAIT_MS);
  /** Where the previous state's window was (a restart), restored at the first frame. */
  private pendingAnchor: { index: number; offset: number } | null;
  private frame = 0;
  private width = 0;
  private above = -1;
  private below = -1;
  /** The drawn range (the selection's blocks outside it are drawn too, but out of place: just before or after it). */
  private first = 0;
  private last = -1;
  /** The heights the space was last set from. */
  private spaceHeights: readonly number[] | null = null;

  constructor(private readonly view: EditorView) {
    views.set(view, this);
    this.pendingAnchor = lastAnchor.get(view) ?? null;
    lastAnchor.delete(view);
    this.drawAround(this.pendingAnchor?.index ?? 0);
    this.schedule();
  }

  update(view: EditorView, prev: EditorState): void {
    const { doc, selection } = view.state;
    if (doc === prev.doc && selection.eq(prev.selection)) return;
    // Blocks added or removed: the space above and below changes; the next frame sees to it all.
    let changed = doc.childCount !== prev.doc.childCount;
    // Per keystroke, only the blocks a change touched are looked at (through ProseMirror's own map of them, not the DOM's thousands of children).
    const range = doc === prev.doc ? null : changedBlocks(prev.doc, doc);
    if (range) {
      // A block drawn anew (added, or its view made again) stays hidden unless it sits next to a drawn block.
      doc.nodesBetween(range.from, range.newTo, (block, pos) => {
        const element = this.elementAt(pos);
        if (element && doc.childCount > DRAW_WHOLE_UP_TO && !this.measured.has(idOf(element)) && !element.classList.contains(OFFSCREEN_CLASS)) {
          const index = doc.resolve(pos).index(0);
          const before = index > 0 ? this.elementAt(doc.resolve(pos).posAtIndex(index - 1, 0)) : null;
          const after = pos + block.nodeSize < doc.content.size ? this.elementAt(pos + block.nodeSize) : null;
          const drawnNeighbour = [before, after].some((e) => e && !e.classList.contains(OFFSCREEN_CLASS) && this.measured.has(idOf(e)));
          if (!drawnNeighbour) {
            element.classList.add(OFFSCREEN_CLASS);
            changed = true;
          }
        }
        return false;
      });
    }
    for (const pos of [selection.from, selection.to]) {
      const $pos = doc.resolve(pos);
      const index = Math.min($pos.index(0), doc.childCount - 1);
      const element = index >= 0 ? this.elementAt($pos.posAtIndex(index, 0)) : null;
      if (element?.classList.contains(OFFSCREEN_CLASS)) {
        element.classList.remove(OFFSCREEN_CLASS);
        changed = true;
      }
    }
    if (changed) {
      const elements = this.blockElements();
      if (elements) this.setSpace(elements, this.heights(elements));
      this.syncRange(false);
      this.schedule();
    }
  }

  /** The element of the block at `pos`, when it is one. */
  private elementAt(pos: number): HTMLElement | null {
    const dom = this.view.nodeDOM(pos);
    return dom instanceof HTMLElement && dom.classList.contains("accord-block") ? dom : null;
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.detach();
    const elements = this.blockElements();
    const anchor = elements && this.scroller !== undefined ? this.anchor(elements) : null;
    if (anchor) lastAnchor.set(this.view, { index: anchor.index, offset: anchor.top - this.viewTop() });
    if (views.get(this.view) === this) views.delete(this.view);
  }

  /** Moves the window to the selection's head when it lies outside the drawn range, so that scrolling to it goes to its place in the text. */
  followSelection(): void {
    const { doc, selection } = this.view.state;
    const index = selectionBlockIndex(doc, selection.head);
    if (index < this.first || index > this.last) this.drawAround(index);
  }

  /** Brings block `index` into the window at once; see `revealBlock`. */
  reveal(index: number): boolean {
    if (index < 0 || index >= this.view.state.doc.childCount || (index >= this.first && index <= this.last)) return false;
    // At once: the caller scrolls to the block next, and its text is made only when the drawn range says so.
    this.drawAround(index, true);
    return true;
  }

  private readonly schedule = () => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.plan();
    });
  };

  private attach(): void {
    this.scroller = scrollParent(this.view.dom);
    (this.scroller ?? window).addEventListener("scroll", this.schedule, { passive: true });
    if (typeof ResizeObserver !== "undefined") {
      this.resizeObserver = new ResizeObserver(this.resized);
      this.resizeObserver.observe(this.view.dom);
      if (this.scroller) this.resizeObserver.observe(this.scroller);
    }
  }

  private detach(): void {
    if (this.scroller !== undefined) (this.scroller ?? window).removeEventListener("scroll", this.schedule);
    this.resizeObserver?.disconnect();
    this.afterGrowth.cancel();
  }

  /** The view (the scroller) resized, or the text: at the next frame, unless only the text's height changed. */
  private readonly resized = (entries: readonly ResizeObserverEntry[]) => {
    let now = false;
    for (const entry of entries) {
      if (entry.target !== this.view.dom) now = true;
      else if (entry.contentRect.width !== this.observedWidth) {
        this.observedWidth = entry.contentRect.width;
        now = true;
      }
    }
    if (now) this.schedule();
    else this.afterGrowth();
  };

  /** The block elements in document order, or null when they do not line up with the document's blocks (a redraw under way). */
  private blockElements(): HTMLElement[] | null {
    const elements: HTMLElement[] = [];
    for (const child of this.view.dom.children) if (child.classList.contains("accord-block")) elements.push(child as HTMLElement);
    return elements.length === this.view.state.doc.childCount ? elements : null;
  }

  private heights(elements: readonly HTMLElement[]): number[] {
    const heights: number[] = [];
    this.view.state.doc.forEach((block, _, i) => heights.push(this.measured.get(idOf(elements[i]!)) ?? this.estimate.height(block.content.size)));
    return heights;
  }

  /**
   * Without reading the layout (the whole document may just have been
   * drawn): draws the blocks that estimates put within a window's height
   * either side of block `index`, hides the rest.
   */
  private drawAround(index: number, now = false): void {
    const elements = this.blockElements();
    if (!elements?.length) return;
    if (elements.length <= DRAW_WHOLE_UP_TO) {
      this.apply(elements, this.heights(elements), 0, elements.length - 1, now);
      return;
    }
    const heights = this.heights(elements);
    const at = offsetOf(heights, index);
    const screen = window.innerHeight * (1 + MARGIN_SCREENS);
    const plan = planWindow(heights, Math.max(0, at - screen), at + screen, this.selectionBlocks());
    this.apply(elements, heights, plan.first, plan.last, now);
  }

  /**
   * Measures the drawn blocks, works out the window from where the view is,
   * and applies it, keeping the text at the top of the view in place. The
   * block there (the anchor) is found in the layout as it stands, drawn or
   * inside the space (after a jump), and stays at the same height on screen
   * however the measurements change the space around it.
   */
  private plan(): void {
    if (!this.view.dom.isConnected) return;
    if (this.scroller === undefined) this.attach();
    const elements = this.blockElements();
    if (!elements?.length) return;
    if (elements.length <= DRAW_WHOLE_UP_TO) {
      this.apply(elements, this.heights(elements), 0, elements.length - 1);
      return;
    }
    const width = this.view.dom.clientWidth;
    if (width !== this.width) {
      // Another width, other heights: what was measured no longer holds.
      if (this.width) this.measured.clear();
      this.estimate.reset();
      this.width = width;
    }
    const doc = this.view.state.doc;
    elements.forEach((element, i) => {
      if (element.classList.contains(OFFSCREEN_CLASS)) return;
      const height = element.getBoundingClientRect().height;
      if (!this.measured.has(idOf(element))) this.estimate.learn(doc.child(i).content.size, height);
      this.measured.set(idOf(element), height);
    });
    const heights = this.heights(elements);
    // The heights the space was last set from: the layout as it stands.
    const standing = this.spaceHeights?.length === heights.length ? this.spaceHeights : heights;
    const viewTop = this.viewTop();
    const viewHeight = this.scroller?.clientHeight ?? window.innerHeight;
    const margin = Math.max(MIN_MARGIN_PX, viewHeight * MARGIN_SCREENS);
    const restore = this.pendingAnchor;
    this.pendingAnchor = null;
    let anchor: { index: number; top: number } | null =
      restore && elements[restore.index] && !elements[restore.index]!.classList.contains(OFFSCREEN_CLASS) ? { index: restore.index, top: viewTop + restore.offset } : this.anchor(elements);
    // The top of the view in the heights just measured.
    let at: number;
    if (anchor) at = offsetOf(heights, anchor.index) - (anchor.top - viewTop);
    else {
      // The view is inside the space (after a jump), or past either end of the text: where is it, from the first drawn block?
      const reference = this.firstDrawn(elements);
      if (!reference) return;
      const origin = reference.top - offsetOf(standing, reference.index);
      const y = viewTop - origin;
      const standingTotal = offsetOf(standing, standing.length);
      if (y < 0) at = y;
      else if (y >= standingTotal) at = offsetOf(heights, heights.length) + (y - standingTotal);
      else {
        const index = indexAtOffset(standing, y);
        anchor = { index, top: origin + offsetOf(standing, index) };
        at = offsetOf(heights, index) - (anchor.top - viewTop);
      }
    }
    const plan = planWindow(heights, at - margin, at + viewHeight + margin, this.selectionBlocks());
    const moved = this.apply(elements, heights, plan.first, plan.last, true);
    // Blocks coming into the window or leaving it were made anew (with their text, or as placeholders).
    const element = anchor && (this.blockElements() ?? elements)[anchor.index];
    if (anchor && element && element.isConnected && !element.classList.contains(OFFSCREEN_CLASS)) {
      const shift = element.getBoundingClientRect().top - anchor.top;
      const scroller = this.scroller ?? document.scrollingElement;
      if (Math.abs(shift) >= 0.5 && scroller) scroller.scrollTop += shift;
    }
    // Blocks drawn for the first time have only estimated heights so far: measure them next frame.
    if (moved) this.schedule();
  }

  /**
   * Draws blocks first..last and the selection's, hides the others, sets the
   * space and the drawn range in the state (at once when `now`, else as soon
   * as the view's update is over); true when something changed.
   */
  private apply(elements: readonly HTMLElement[], heights: readonly number[], first: number, last: number, now = false): boolean {
    const kept = this.selectionBlocks();
    let changed = false;
    elements.forEach((element, i) => {
      const hide = (i < first || i > last) && !kept.has(i);
      if (hide !== element.classList.contains(OFFSCREEN_CLASS)) {
        element.classList.toggle(OFFSCREEN_CLASS, hide);
        changed = true;
      }
    });
    const spaced = this.setSpace(elements, heights, { first, last });
    this.syncRange(now);
    return spaced || changed;
  }

  /** Puts the drawn range into the editor state when it differs (so the brackets are made for the blocks coming into view). */
  private syncRange(now: boolean): void {
    const sync = () => {
      if (views.get(this.view) !== this) return;
      const { state } = this.view;
      const whole = state.doc.childCount <= DRAW_WHOLE_UP_TO;
      const last = Math.min(this.last, state.doc.childCount - 1);
      const range = whole || last < this.first ? null : rangeOf(state.doc, this.first, last);
      const current = drawnRangeKey.getState(state) ?? null;
      if (range === current || (range && current && range.from === current.from && range.to === current.to)) return;
      this.view.dispatch(setDrawnRange(state.tr, range));
    };
    if (now) sync();
    else queueMicrotask(sync);
  }

  /**
   * Sets the space of the hidden blocks before the drawn range and after it;
   * true when it changed. Without a range (blocks were added or removed,
   * which shifts indices) it is found again in the DOM: the longest run of
   * drawn blocks that is not just the selection's. A selection's block drawn
   * away from the range is left out of both spaces.
   */
  private setSpace(elements: readonly HTMLElement[], heights: readonly number[], range?: { first: number; last: number }): boolean {
    if (range) {
      this.first = range.first;
      this.last = range.last;
    } else {
      const kept = this.selectionBlocks();
      let best = { first: 0, length: 0, score: -1 };
      let run = { first: 0, length: 0, score: 0 };
      elements.forEach((element, i) => {
        if (element.classList.contains(OFFSCREEN_CLASS)) run = { first: i + 1, length: 0, score: 0 };
        else {
          run.length++;
          if (!kept.has(i)) run.score++;
          if (run.score > best.score || (run.score === best.score && run.length > best.length)) best = { ...run };
        }
      });
      this.first = best.first;
      this.last = best.first + best.length - 1;
    }
    this.spaceHeights = heights;
    let above = 0;
    let below = 0;
    elements.forEach((element, i) => {
      if (!element.classList.contains(OFFSCREEN_CLASS)) return;
      if (i < this.first) above += heights[i]!;
      else below += heights[i]!;
    });
    if (Math.abs(above - this.above) < 0.01 && Math.abs(below - this.below) < 0.01) return false;
    this.above = above;
    this.below = below;
    this.view.dom.style.setProperty("--accord-above", `${above}px`);
    this.view.dom.style.setProperty("--accord-below", `${below}px`);
    return true;
  }

  /** The indices of the blocks the selection starts and ends in. */
  private selectionBlocks(): Set<number> {
    const { doc, selection } = this.view.state;
    return new Set([selectionBlockIndex(doc, selection.from), selectionBlockIndex(doc, selection.to)]);
  }

  /** The top of the visible part of the text, in viewport coordinates. */
  private viewTop(): number {
    return this.scroller ? this.scroller.getBoundingClientRect().top : 0;
  }

  /** The first block of the drawn range that reaches below the top of the view, with its top. */
  private anchor(elements: readonly HTMLElement[]): { index: number; top: number } | null {
    const viewTop = this.viewTop();
    for (let i = this.first; i <= this.last && i < elements.length; i++) {
      const element = elements[i]!;
      if (element.classList.contains(OFFSCREEN_CLASS)) continue;
      const rect = element.getBoundingClientRect();
      if (rect.bottom > viewTop) return { index: i, top: rect.top };
    }
    return null;
  }

  /** The first block of the drawn range, which is where the space above puts it. */
  private firstDrawn(elements: readonly HTMLElement[]): { index: number; top: number } | null {
    for (let i = this.first; i <= this.last && i < elements.length; i++) {
      if (!elements[i]!.classList.contains(OFFSCREEN_CLASS)) return { index: i, top: elements[i]!.getBoundingClientRect().top };
    }
    return null;
  }
}
