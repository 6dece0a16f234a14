// Which keystroke each Event Timing entry belongs to, for the browser benchmarks.

/**
 * The Event Timing duration of each keystroke of a typing probe's result
 * (`stopTyping`: `records` with each keydown's time, `eventTiming` entries):
 * an entry belongs to the keystroke whose keydown came last before it, and a
 * keystroke takes its longest entry; null for one with no entry (under 16 ms).
 */
export function keystrokeDurations(typed) {
  const durations = typed.records.map(() => null);
  for (const entry of typed.eventTiming) {
    let i = typed.records.length - 1;
    while (i >= 0 && typed.records[i].down > entry.start + 0.5) i--;
    if (i >= 0) durations[i] = Math.max(durations[i] ?? 0, entry.duration);
  }
  return durations;
}
