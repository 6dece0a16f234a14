/**
 * The children of a container kept in step with a list of items, one element
 * per item: an element is made again only when its item is a different
 * object, and the container is reordered only when the keys' order changed.
 * With items cached per ProseMirror node, a keystroke in a 2,000-paragraph
 * document touches one element.
 */
export class KeyedList<T> {
  private rendered = new Map<string, { item: T; element: Element }>();
  private order: string[] = [];

  /** `key` names an item (keys seen twice are told apart by position); `render` makes its element and must not fail. */
  constructor(
    readonly container: Element,
    private readonly key: (item: T) => string,
    private readonly render: (item: T) => Element,
  ) {}

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
}
