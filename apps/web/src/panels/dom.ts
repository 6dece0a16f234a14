/** What `h` accepts as a child: nodes, text, and nothing (skipped, so conditions can be written inline). */
export type Child = Node | string | number | null | undefined | false;

/** Attribute values: a string or number is set, `true` sets an empty attribute, `false`/null/undefined skip it; `on…` functions become listeners. */
export type Attributes = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/**
 * Makes an element with attributes, listeners (`onclick: …`) and children:
 * `h("button", { type: "button", onclick: go }, "Open")`. `class` sets the
 * class attribute. Never fails on values; an unknown tag makes an HTMLUnknownElement.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** Appends children as `h` does (text for strings and numbers, nothing for empty values). */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}
