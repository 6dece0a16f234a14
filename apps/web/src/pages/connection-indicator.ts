import type { ConnectionState } from "../editor/types.js";
import { h } from "../panels/dom.js";

const WORDS: Readonly<Record<ConnectionState, { label: string; hint: string }>> = Object.freeze({
  connecting: { label: "Connecting…", hint: "Connecting to the server." },
  connected: { label: "Connected", hint: "Your changes reach the others as you type." },
  syncing: { label: "Syncing…", hint: "Sending your changes and receiving the others’." },
  offline: { label: "Offline", hint: "You can keep working: your changes are sent when the connection returns." },
});

/** The sync connection's state as the header shows it: a coloured dot and a word, announced politely when it changes. */
export class ConnectionIndicator {
  readonly element: HTMLElement;
  private readonly label: HTMLElement;
  private current: ConnectionState | null = null;

  constructor(initial: ConnectionState = "connecting") {
    this.label = h("span", { class: "connection-label" });
    this.element = h("span", { class: "connection", role: "status" }, h("span", { class: "connection-dot", "aria-hidden": "true" }), this.label);
    this.set(initial);
  }

  /** The state shown now. */
  get state(): ConnectionState {
    return this.current!;
  }

  /** Shows a state; an unknown value (a caller's bug) shows as "connecting". */
  set(state: ConnectionState): void {
    if (state === this.current) return;
    const words = WORDS[state] ?? WORDS.connecting;
    this.current = WORDS[state] ? state : "connecting";
    this.element.dataset.state = this.current;
    this.element.title = words.hint;
    this.label.textContent = words.label;
  }
}
