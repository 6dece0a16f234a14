/** The longest a press holds the server's changes back (a release outside the window may go unseen). */
const MAX_HOLD_MS = 3000;

/**
 * Holds the server's changes back while a mouse button is down in `element`
 * and until just after it is released: `hold` starts a hold and returns its
 * release. The browser moves the
 * selection at the press and the editor reads it a moment later; a remote
 * change applied in between redraws the editor's old selection over the
 * click, which is then lost. Returns a function that stops listening (and
 * releases a hold in progress).
 */
export function holdWhilePressed(element: HTMLElement, hold: () => () => void): () => void {
  let release: (() => void) | null = null;
  let cap: ReturnType<typeof setTimeout> | null = null;
  const end = () => {
    element.ownerDocument.removeEventListener("mouseup", end, true);
    if (cap !== null) clearTimeout(cap);
    cap = null;
    const done = release;
    release = null;
    // After the release's own handlers, in which the editor reads the selection.
    if (done) setTimeout(done, 0);
  };
  const down = (event: MouseEvent) => {
    if (release || event.button !== 0) return;
    release = hold();
    element.ownerDocument.addEventListener("mouseup", end, true);
    cap = setTimeout(end, MAX_HOLD_MS);
  };
  element.addEventListener("mousedown", down, true);
  return () => {
    element.removeEventListener("mousedown", down, true);
    end();
  };
}
