/**
 * A small floating panel under an anchor — a bracket's actions, a block's
 * menu. One at a time: showing another closes the first. Closes on Escape,
 * on a mousedown outside it, and when `close` is called; focus returns to
 * where it was. Lives inside `host` (positioned), so it scrolls with the text.
 * The focus goes to the panel itself, never to one of its buttons: a key
 * pressed just after the click that opened it (Space, Enter, the next word
 * being typed) must not accept, reject, withdraw or choose anything. Tab
 * reaches the buttons; a decision takes a click or its own shortcut.
 */
export class Popover {
  private panel: HTMLElement | null = null;
  private restoreFocus: HTMLElement | null = null;

  constructor(private readonly host: HTMLElement) {}

  /** Whether a panel is showing. */
  get isOpen(): boolean {
    return this.panel !== null;
  }

  /** Shows `content` under `anchor`, labelled for assistive technology; focuses the panel (not a control in it). */
  show(anchor: Element, content: HTMLElement, label: string): void {
    this.close();
    const panel = document.createElement("div");
    panel.className = "accord-popover";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", label);
    panel.tabIndex = -1;
    panel.append(content);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.close();
      }
    });
    this.host.append(panel);
    const hostRect = this.host.getBoundingClientRect();
    const rect = anchor.getBoundingClientRect();
    const left = Math.max(0, Math.min(rect.left - hostRect.left, this.host.clientWidth - panel.offsetWidth - 4));
    panel.style.left = `${left}px`;
    panel.style.top = `${rect.bottom - hostRect.top + 4}px`;
    this.panel = panel;
    this.restoreFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.addEventListener("mousedown", this.onOutside, true);
    panel.focus({ preventScroll: true });
  }

  /** Closes the panel, if one is showing. */
  close(): void {
    if (!this.panel) return;
    document.removeEventListener("mousedown", this.onOutside, true);
    this.panel.remove();
    this.panel = null;
    const focus = this.restoreFocus;
    this.restoreFocus = null;
    if (focus?.isConnected) focus.focus({ preventScroll: true });
  }

  private readonly onOutside = (event: MouseEvent) => {
    if (this.panel && event.target instanceof globalThis.Node && !this.panel.contains(event.target)) this.close();
  };
}
