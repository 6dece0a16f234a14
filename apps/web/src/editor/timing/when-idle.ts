/**
 * Runs `task` when the browser is idle, within `timeoutMs` at the latest (at
 * once, on the next task, where there is no `requestIdleCallback`); returns a
 * function that cancels it.
 */
export function whenIdle(task: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(() => task(), { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, 0);
  return () => clearTimeout(handle);
}
