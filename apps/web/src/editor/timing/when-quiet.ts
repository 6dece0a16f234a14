/** A call deferred until requests pause, and how to stop it. */
export interface QuietCall {
  /** Asks for a call: it comes once requests have paused, or once they have gone on too long. */
  (): void;
  /** Drops a pending call; later requests are ignored. */
  cancel(): void;
}

/**
 * Calls `fn` once requests have paused for `quietMs`, and at least every
 * `maxWaitMs` while they go on: work over the whole document (panels,
 * footnote numbers) waits for a pause in typing instead of taking a share of
 * every other keystroke. Throws a RangeError unless 0 ≤ quietMs ≤ maxWaitMs.
 */
export function whenQuiet(fn: () => void, quietMs: number, maxWaitMs: number): QuietCall {
  if (!(quietMs >= 0 && maxWaitMs >= quietMs)) throw new RangeError(`need 0 ≤ quietMs ≤ maxWaitMs, not ${quietMs} and ${maxWaitMs}`);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstRequest = 0;
  let cancelled = false;
  const run = () => {
    timer = null;
    fn();
  };
  const call = (() => {
    if (cancelled) return;
    const now = Date.now();
    if (timer) clearTimeout(timer);
    else firstRequest = now;
    timer = setTimeout(run, Math.max(0, Math.min(quietMs, firstRequest + maxWaitMs - now)));
  }) as QuietCall;
  call.cancel = () => {
    cancelled = true;
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return call;
}
