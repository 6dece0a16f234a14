/** A throttled function, and how to stop it. */
export interface Throttled {
  /** Asks for a call: at once if none happened in the last interval, otherwise once at the interval's end. */
  (): void;
  /** Drops a pending call; later requests are ignored. */
  cancel(): void;
}

/**
 * Calls `fn` at most once per `ms`: the first request runs immediately, the
 * ones during the interval fold into one call at its end, so the last state
 * is always delivered. Throws a RangeError for a negative interval.
 */
export function throttle(fn: () => void, ms: number): Throttled {
  if (!(ms >= 0)) throw new RangeError(`throttle interval must be at least 0, not ${ms}`);
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let cancelled = false;
  const run = () => {
    timer = null;
    last = Date.now();
    fn();
  };
  const throttled = (() => {
    if (cancelled || timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  }) as Throttled;
  throttled.cancel = () => {
    cancelled = true;
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return throttled;
}
