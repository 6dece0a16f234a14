/** How a long list is split into chunks, of which only those near the view hold their items. */
export interface ListChunks {
  /** Items per chunk. */
  readonly size: number;
  /** A new, empty chunk element. */
  make(): HTMLElement;
  /** A first guess at an item's height in pixels, for chunks never drawn (then the drawn ones' average serves). */
  readonly itemHeight: number;
}

/** How far beyond the scrolled view chunks are drawn: a view's height above and below. */
const DRAWN_MARGIN = "100% 0px";

/** One item of the list with its key (keys seen twice are told apart by position). */
interface Keyed<T> {
  readonly key: string;
  readonly item: T;
}

/**
 * The children of a container kept in step with a list of items, one element
 * per item: an element is made again only when its item is a different
 * object, and the container is reordered only when the keys' order changed.
 * With items cached per ProseMirror node, a keystroke in a 2,000-paragraph
 * document touches one element.
 *
 * With `chunks`, the container's children are chunk elements of
 * `chunks.size` items each, and only the chunks within a view's height of
 * the visible part of the list (an IntersectionObserver on the nearest
 * scrolling ancestor) hold their items' elements; the others are empty,
 * as tall as they were when last drawn, or as their items are estimated to
 * be. Thousands of entries, of which a panel shows thirty, would otherwise
 * each cost the browser elements, style and memory (the side panels held
 * nine in ten of the document page's elements), and every frame a share of
 * the compositor's commit.
 */
export class KeyedList<T> {
  private rendered = new Map<string, { item: T; element: Element }>();
  private order: string[] = [];
  // Chunked lists only.
  private all: Keyed<T>[] = [];
  private readonly chunkElements: HTMLElement[] = [];
  private readonly near = new Set<HTMLElement>();
  private readonly drawnHeights = new WeakMap<HTMLElement, { count: number; height: number }>();
  private measured = { items: 0, height: 0 };
  private observer: IntersectionObserver | null = null;

  /** `key` names an item; `render` makes its element and must not fail. Throws a RangeError for a chunk size that is not a positive whole number. */
  constructor(
    readonly container: Element,
    private readonly key: (item: T) => string,
    private readonly render: (item: T) => Element,
    private readonly chunks: ListChunks | null = null,
  ) {
    if (chunks && !(Number.isInteger(chunks.size) && chunks.size > 0)) throw new RangeError(`a chunk holds a positive whole number of items, not ${chunks.size}`);
  }

  /** Shows these items, in this order. */
  update(items: readonly T[]): void {
    const keyed: Keyed<T>[] = [];
    const seen = new Set<string>();
    items.forEach((item, index) => {
      let key = this.key(item);
      if (seen.has(key)) key = `${key}\u0000${index}`;
      seen.add(key);
      keyed.push({ key, item });
    });
    if (this.chunks) this.updateChunks(keyed);
    else this.updateAll(keyed);
  }

  /** Stops watching the scrolling (the list is gone). */
  destroy(): void {
    this.observer?.disconnect();
    this.observer = null;
  }

  private updateAll(keyed: readonly Keyed<T>[]): void {
    const next = new Map<string, { item: T; element: Element }>();
    const replaced: [Element, Element][] = [];
    for (const { key, item } of keyed) {
      const old = this.rendered.get(key);
      const element = old && old.item === item ? old.element : this.render(item);
      if (old && old.element !== element) replaced.push([old.element, element]);
      next.set(key, { item, element });
    }
    const keys = keyed.map((k) => k.key);
    const sameOrder = keys.length === this.order.length && keys.every((key, i) => key === this.order[i]);
    if (sameOrder) {
      for (const [before, after] of replaced) before.replaceWith(after);
    } else {
      const fragment = document.createDocumentFragment();
      for (const key of keys) fragment.appendChild(next.get(key)!.element);
      this.container.replaceChildren(fragment);
    }
    this.rendered = next;
    this.order = keys;
  }

  private updateChunks(keyed: Keyed<T>[]): void {
    const { size, make } = this.chunks!;
    this.all = keyed;
    const count = Math.ceil(keyed.length / size);
    const observer = this.watch();
    while (this.chunkElements.length < count) {
      const chunk = make();
      this.container.appendChild(chunk);
      this.chunkElements.push(chunk);
      observer?.observe(chunk);
    }
    for (const chunk of this.chunkElements.splice(count)) {
      observer?.unobserve(chunk);
      this.near.delete(chunk);
      chunk.remove();
    }
    // Elements of items in chunks drawn now; those of other chunks are let go.
    const previous = this.rendered;
    this.rendered = new Map();
    this.chunkElements.forEach((chunk, c) => {
      if (this.near.has(chunk) || !observer) this.drawChunk(c, previous);
      else this.emptyChunk(c);
    });
  }

  /** Puts chunk `c`'s items' elements in it, reusing those of unchanged items. */
  private drawChunk(c: number, previous: ReadonlyMap<string, { item: T; element: Element }>): void {
    const size = this.chunks!.size;
    const chunk = this.chunkElements[c]!;
    const elements: Element[] = [];
    for (const { key, item } of this.all.slice(c * size, (c + 1) * size)) {
      const old = previous.get(key);
      const element = old && old.item === item ? old.element : this.render(item);
      this.rendered.set(key, { item, element });
      elements.push(element);
    }
    const children = chunk.children;
    if (children.length !== elements.length || elements.some((element, i) => children[i] !== element)) chunk.replaceChildren(...elements);
    if (chunk.style.height) chunk.style.height = "";
  }

  /** Empties chunk `c`, keeping the height it had when drawn with as many items (else an estimate). */
  private emptyChunk(c: number): void {
    const { size, itemHeight } = this.chunks!;
    const chunk = this.chunkElements[c]!;
    const count = Math.min(size, this.all.length - c * size);
    if (chunk.firstChild) chunk.replaceChildren();
    const drawn = this.drawnHeights.get(chunk);
    const perItem = this.measured.items ? this.measured.height / this.measured.items : itemHeight;
    const height = `${drawn && drawn.count === count ? drawn.height : Math.round(count * perItem)}px`;
    // Every panel update passes here for each chunk away from the view: an unchanged height is not written again.
    if (chunk.style.height !== height) chunk.style.height = height;
  }

  /** The observer of chunks coming near the view, made once the list is in the page (its scrolling ancestor is known then); null without IntersectionObserver. */
  private watch(): IntersectionObserver | null {
    if (this.observer || typeof IntersectionObserver !== "function" || !this.container.isConnected) return this.observer;
    this.observer = new IntersectionObserver((entries) => this.nearChanged(entries), { root: scrollingAncestor(this.container), rootMargin: DRAWN_MARGIN });
    for (const chunk of this.chunkElements) this.observer.observe(chunk);
    return this.observer;
  }

  private nearChanged(entries: readonly IntersectionObserverEntry[]): void {
    const size = this.chunks!.size;
    for (const entry of entries) {
      const chunk = entry.target as HTMLElement;
      const c = this.chunkElements.indexOf(chunk);
      if (c < 0) continue;
      if (entry.isIntersecting) {
        if (this.near.has(chunk)) continue;
        this.near.add(chunk);
        this.drawChunk(c, this.rendered);
      } else {
        if (!this.near.delete(chunk)) continue;
        // Its height as drawn, from the observer's own measurement (no layout forced).
        const count = chunk.children.length;
        const height = entry.boundingClientRect.height;
        if (count && height > 0) {
          this.drawnHeights.set(chunk, { count, height });
          this.measured = { items: this.measured.items + count, height: this.measured.height + height };
        }
        for (const { key } of this.all.slice(c * size, (c + 1) * size)) this.rendered.delete(key);
        this.emptyChunk(c);
      }
    }
  }
}

/** The nearest ancestor that scrolls its content (null: the page itself). */
function scrollingAncestor(element: Element): Element | null {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const { overflowY } = getComputedStyle(node);
    if (overflowY === "auto" || overflowY === "scroll") return node;
  }
  return null;
}
