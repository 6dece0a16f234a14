import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { whenQuiet } from "../../src/editor/timing/when-quiet.js";

describe("whenQuiet", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("calls once requests pause, with one call for a burst", () => {
    const fn = vi.fn();
    const call = whenQuiet(fn, 250, 2000);
    for (let i = 0; i < 5; i++) {
      call();
      vi.advanceTimersByTime(100);
    }
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(149);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("calls at least every maxWaitMs while requests go on (typing without a pause)", () => {
    const calls: number[] = [];
    const start = Date.now();
    const call = whenQuiet(() => calls.push(Date.now() - start), 250, 2000);
    for (let i = 0; i < 100; i++) {
      call();
      vi.advanceTimersByTime(100);
    }
    // 10 s of requests every 100 ms (the last at 9.9 s): a call every 2 s, the last one after the last request.
    expect(calls).toEqual([2000, 4000, 6000, 8000, 10000]);
    vi.advanceTimersByTime(5000);
    expect(calls).toHaveLength(5);
  });

  it("drops a pending call when cancelled, and ignores later requests", () => {
    const fn = vi.fn();
    const call = whenQuiet(fn, 250, 2000);
    call();
    call.cancel();
    call();
    vi.advanceTimersByTime(5000);
    expect(fn).not.toHaveBeenCalled();
  });

  it("refuses a quiet time longer than the longest wait, or a negative one", () => {
    expect(() => whenQuiet(() => {}, 300, 200)).toThrow(RangeError);
    expect(() => whenQuiet(() => {}, -1, 200)).toThrow(RangeError);
  });
});
