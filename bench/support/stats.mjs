// The numbers the benchmark scripts print: percentiles and the summary of a series.

/** The p-th percentile (0–100) of an ascending array, by nearest rank; NaN for an empty one. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A series of measurements in any order summed up: how many, median, p90, p95, p99 and max (NaN when empty). */
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}
