/** The nearest ancestor of `element` that scrolls vertically, or null for the window. */
export function scrollParent(element: HTMLElement): HTMLElement | null {
  for (let e = element.parentElement; e && e !== document.body && e !== document.documentElement; e = e.parentElement) {
    const overflow = getComputedStyle(e).overflowY;
    if (overflow === "auto" || overflow === "scroll" || overflow === "overlay") return e;
  }
  return null;
}
