import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { throttle } from "../src/editor/throttle.js";

describe("throttle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("calls at once, then folds a burst into one call at the end of the interval", () => {
    const fn = vi.fn();
    const t = throttle(fn, 150);
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) t();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(149);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("never calls more often than the interval", () => {
    const calls: number[] = [];
    const t = throttle(() => calls.push(Date.now()), 150);
    for (let i = 0; i < 100; i++) {
      t();
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(200);
    for (let i = 1; i < calls.length; i++) expect(calls[i]! - calls[i - 1]!).toBeGreaterThanOrEqual(150);
    expect(calls.length).toBeGreaterThanOrEqual(6);
  });

  it("drops a pending call when cancelled", () => {
    const fn = vi.fn();
    const t = throttle(fn, 150);
    t();
    t();
    t.cancel();
    vi.advanceTimersByTime(1000);
    t();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("refuses a negative interval", () => {
    expect(() => throttle(() => {}, -1)).toThrow(RangeError);
  });
});
