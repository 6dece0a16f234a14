/** Attribute values for `element`: strings are set, `true` sets an empty attribute, false/undefined skip; `on…` functions become listeners. */
export type ElementAttributes = Record<string, string | boolean | undefined | ((event: Event) => void)>;

/**
 * Makes an element with attributes, listeners and children (strings become
 * text): `element("button", { type: "button", onclick: go }, "Accept")`.
 * Never fails on values.
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: ElementAttributes = {},
  ...children: (globalThis.Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else if (typeof value === "string") el.setAttribute(name, value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

/** Today's date where the page runs, `YYYY-MM-DD` (the default date of a status). */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
