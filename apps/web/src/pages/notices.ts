import type { Notice } from "../editor/types.js";
import { h } from "../panels/dom.js";

/** How long an information notice stays before it fades. */
export const INFO_NOTICE_MS = 6000;
/** At most this many notices are on screen; the oldest go first. */
const MAX_NOTICES = 5;

/**
 * The page's notices (toasts): errors — a refused edit, a failed export —
 * stay until dismissed; information (an operation's sentence) fades after a
 * few seconds. Screen readers hear errors at once and information politely.
 */
export class NoticeArea {
  readonly element: HTMLElement;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor() {
    this.element = h("div", { class: "notices", "aria-label": "Notices" });
  }

  /** Shows a notice, with `detail` (a list, a longer text) under its sentence; the same error twice is shown once, moved to the end. */
  show(notice: Notice, detail?: Node): void {
    for (const existing of this.element.querySelectorAll<HTMLElement>(".notice-error")) {
      if (notice.kind === "error" && existing.dataset.text === notice.text) existing.remove();
    }
    const close = h("button", { type: "button", class: "notice-close", "aria-label": "Dismiss" }, "×");
    const item = h(
      "div",
      { class: `notice notice-${notice.kind}`, role: notice.kind === "error" ? "alert" : "status", "data-text": notice.text },
      h("div", { class: "notice-body" }, h("p", { class: "notice-text" }, notice.text), detail ?? null),
      close,
    );
    close.addEventListener("click", () => item.remove());
    this.element.appendChild(item);
    if (notice.kind === "info") {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        item.classList.add("notice-leaving");
        setTimeout(() => item.remove(), 300);
      }, INFO_NOTICE_MS);
      this.timers.add(timer);
    }
    while (this.element.children.length > MAX_NOTICES) {
      (this.element.querySelector(".notice-info") ?? this.element.firstElementChild)!.remove();
    }
  }

  /** Removes every notice and stops the timers. */
  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.element.replaceChildren();
  }
}
