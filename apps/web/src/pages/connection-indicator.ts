import type { ConnectionState } from "../editor/types.js";
import { h } from "../panels/dom.js";

const WORDS: Readonly<Record<ConnectionState, { label: string; hint: string }>> = Object.freeze({
  connecting: { label: "Connecting…", hint: "Connecting to the server." },
  connected: { label: "Connected", hint: "Your changes reach the others as you type." },
  syncing: { label: "Syncing…", hint: "Sending your changes and receiving the others’." },
  offline: { label: "Offline", hint: "You can keep working: your changes are sent when the connection returns." },
});

/**
 * Changes in flight for less than this are not worth a "Syncing…": each
 * keystroke is acknowledged within a fraction of a second, and a dot pulsing
 * on and off with every key would only distract (and redraw the header).
 */
export const SYNCING_SHOWN_AFTER_MS = 1000;

/**
 * The sync connection's state as the header shows it: a coloured dot and a
 * word, announced politely when it changes. "Syncing…" after "Connected" is
 * shown only once changes have been in flight for `syncingAfterMs`; the
 * state as it is at every moment is in `data-sync` (for code that waits for
 * every change to be acknowledged), the state shown in `data-state`.
 */
export class ConnectionIndicator {
  readonly element: HTMLElement;
  private readonly label: HTMLElement;
  private current: ConnectionState | null = null;
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(
    initial: ConnectionState = "connecting",
    private readonly syncingAfterMs = SYNCING_SHOWN_AFTER_MS,
  ) {
    this.label = h("span", { class: "connection-label" });
    this.element = h("span", { class: "connection", role: "status" }, h("span", { class: "connection-dot", "aria-hidden": "true" }), this.label);
    this.set(initial);
  }

  /** The state shown now. */
  get state(): ConnectionState {
    return this.current!;
  }

  /** Takes the connection's state; an unknown value (a caller's bug) shows as "connecting". */
  set(state: ConnectionState): void {
    const known = WORDS[state] ? state : "connecting";
    this.element.dataset.sync = known;
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    if (known === "syncing" && this.current === "connected" && this.syncingAfterMs > 0) {
      this.pending = setTimeout(() => {
        this.pending = null;
        this.show("syncing");
      }, this.syncingAfterMs);
      return;
    }
    this.show(known);
  }

  /** Stops a pending change of what is shown (the page is going away). */
  destroy(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
  }

  private show(state: ConnectionState): void {
    if (state === this.current) return;
    const words = WORDS[state];
    this.current = state;
    this.element.dataset.state = state;
    this.element.title = words.hint;
    this.label.textContent = words.label;
  }
}
