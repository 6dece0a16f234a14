/** A page of the app: its element, and what to release when the app leaves it. */
export interface Page {
  readonly element: HTMLElement;
  /** The title the browser tab shows while the page is open. */
  readonly title: string;
  /** Releases connections, timers and listeners; called once when the app leaves the page. */
  destroy(): void;
}
