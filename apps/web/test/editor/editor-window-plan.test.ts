import { describe, expect, it } from "vitest";
import { HeightEstimate, offsetOf, planWindow, type WindowPlan } from "../../src/editor/window/window-plan.js";

/** Every plan must account for every block exactly once: drawn, or in the space above or below. */
function checked(heights: number[], top: number, bottom: number, kept = new Set<number>()): WindowPlan {
  const plan = planWindow(heights, top, bottom, kept);
  expect(plan.first).toBeGreaterThanOrEqual(0);
  expect(plan.last).toBeGreaterThanOrEqual(plan.first);
  expect(plan.last).toBeLessThan(heights.length);
  const drawn = heights.reduce((sum, h, i) => sum + ((i >= plan.first && i <= plan.last) || kept.has(i) ? h : 0), 0);
  expect(plan.above + drawn + plan.below).toBeCloseTo(heights.reduce((a, b) => a + b, 0));
  // The drawn range covers the region asked for (as far as the blocks go).
  expect(offsetOf(heights, plan.first)).toBeLessThanOrEqual(Math.max(0, top));
  if (plan.last < heights.length - 1) expect(offsetOf(heights, plan.last + 1)).toBeGreaterThanOrEqual(bottom);
  return plan;
}

describe("the block window's plan", () => {
  const heights = Array.from({ length: 100 }, (_, i) => 20 + (i % 7) * 10);

  it("draws the blocks that meet the region, and keeps the rest as space", () => {
    const plan = checked(heights, 1000, 1600);
    expect(offsetOf(heights, plan.first + 1)).toBeGreaterThan(1000);
    expect(offsetOf(heights, plan.last)).toBeLessThan(1600);
    expect(plan.above).toBe(offsetOf(heights, plan.first));
  });

  it("draws the first blocks at the top and the last ones past the end", () => {
    expect(checked(heights, -500, 300).first).toBe(0);
    const end = checked(heights, 1e6, 1e6 + 800);
    expect([end.first, end.last, end.below]).toEqual([99, 99, 0]);
  });

  it("leaves the selection's blocks out of the space wherever they are", () => {
    const plan = checked(heights, 2000, 2400, new Set([3, 95]));
    expect(plan.above).toBe(offsetOf(heights, plan.first) - heights[3]!);
    expect(plan.below).toBe(offsetOf(heights, 100) - offsetOf(heights, plan.last + 1) - heights[95]!);
  });

  it("holds for any heights and region (seeded)", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let round = 0; round < 300; round++) {
      const hs = Array.from({ length: 1 + Math.floor(random() * 60) }, () => Math.floor(random() * 120));
      const top = Math.floor(random() * 4000) - 500;
      checked(hs, top, top + Math.floor(random() * 1500), new Set([Math.floor(random() * hs.length)]));
    }
  });

  it("refuses what no window can be", () => {
    expect(() => planWindow([], 0, 10)).toThrow(RangeError);
    expect(() => planWindow([10], 10, 0)).toThrow(/ends/);
  });
});

describe("the height estimate", () => {
  it("grows with the length and learns the scale of what was measured", () => {
    const estimate = new HeightEstimate();
    expect(estimate.height(600)).toBeGreaterThan(estimate.height(60));
    const before = estimate.height(300);
    estimate.learn(300, before * 2);
    expect(estimate.height(300)).toBeCloseTo(before * 2);
    estimate.reset();
    expect(estimate.height(300)).toBeCloseTo(before);
  });
});
