/** How a long list is split into chunks the browser may skip: `size` items per chunk element (made by `make`). */
export interface ListChunks {
  readonly size: number;
  /** A new, empty chunk element (styled so the browser skips it off screen: `content-visibility: auto`). */
  make(): Element;
}

/**
 * The children of a container kept in step with a list of items, one element
 * per item: an element is made again only when its item is a different
 * object, and the container is reordered only when the keys' order changed.
 * With items cached per ProseMirror node, a keystroke in a 2,000-paragraph
 * document touches one element. With `chunks`, the items go into chunk
 * elements of `chunks.size` each (the container's children are the chunks),
 * so that the browser lays out and paints only the chunks on screen — for
 * thousands of items, one element per item would each cost it something.
 */
export class KeyedList<T> {
  private rendered = new Map<string, { item: T; element: Element }>();
  private order: string[] = [];

  /** `key` names an item (keys seen twice are told apart by position); `render` makes its element and must not fail. */
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
    const next = new Map<string, { item: T; element: Element }>();
    const keys: string[] = [];
    const replaced: [Element, Element][] = [];
    items.forEach((item, index) => {
      let key = this.key(item);
      if (next.has(key)) key = `${key}\u0000${index}`;
      const old = this.rendered.get(key);
      const element = old && old.item === item ? old.element : this.render(item);
      if (old && old.element !== element) replaced.push([old.element, element]);
      next.set(key, { item, element });
      keys.push(key);
    });
    const sameOrder = keys.length === this.order.length && keys.every((key, i) => key === this.order[i]);
    if (sameOrder) {
      for (const [before, after] of replaced) before.replaceWith(after);
    } else if (this.chunks) {
      this.fillChunks(keys.map((key) => next.get(key)!.element));
    } else {
      const fragment = document.createDocumentFragment();
      for (const key of keys) fragment.appendChild(next.get(key)!.element);
      this.container.replaceChildren(fragment);
    }
    this.rendered = next;
    this.order = keys;
  }

  /** Forgets every element, so the next update renders all items afresh (after a change `render` depends on). */
  reset(): void {
    this.rendered.clear();
    this.order = [];
    this.container.replaceChildren();
  }

  /** Puts the elements into chunks in order, touching only the chunks whose items changed. */
  private fillChunks(elements: readonly Element[]): void {
    const { size, make } = this.chunks!;
    const count = Math.ceil(elements.length / size);
    const existing = [...this.container.children];
    for (let c = 0; c < count; c++) {
      const part = elements.slice(c * size, (c + 1) * size);
      let chunk = existing[c];
      if (!chunk) this.container.appendChild((chunk = make()));
      const children = chunk.children;
      if (children.length !== part.length || part.some((element, i) => children[i] !== element)) chunk.replaceChildren(...part);
    }
    for (let c = count; c < existing.length; c++) existing[c]!.remove();
  }
}
