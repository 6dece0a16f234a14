/**
 * Which blocks of a long document to draw: the pure arithmetic of the
 * block window (`block-window.ts`), apart from the DOM so it can be tested
 * on its own. Positions are in pixels from the top of the first block, as if
 * every block were drawn with its height.
 */

/** The blocks to draw, `first` to `last` inclusive, and the height the hidden ones take above and below them. */
export interface WindowPlan {
  readonly first: number;
  readonly last: number;
  /** The summed height of the blocks before `first` that are not drawn. */
  readonly above: number;
  /** The summed height of the blocks after `last` that are not drawn. */
  readonly below: number;
}

/**
 * The blocks whose extent meets `[top, bottom)` (at least one block when
 * there are any, the last one when `top` is past the end), with the space
 * the others take: `above` counts the blocks before `first` and `below`
 * those after `last`, except the indices in `kept`, which are drawn wherever
 * they are (the selection's blocks). Throws a RangeError for an empty list
 * of heights or a region that ends before it starts (a caller's bug).
 */
export function planWindow(heights: ArrayLike<number>, top: number, bottom: number, kept: ReadonlySet<number> = new Set()): WindowPlan {
  const n = heights.length;
  if (n === 0) throw new RangeError("a window needs at least one block");
  if (!(bottom >= top)) throw new RangeError(`the region to draw ends (${bottom}) before it starts (${top})`);
  let y = 0;
  let first = -1;
  let last = n - 1;
  for (let i = 0; i < n; i++) {
    const end = y + heights[i]!;
    if (first < 0 && end > top) first = i;
    if (y >= bottom && first >= 0) {
      last = i - 1;
      break;
    }
    y = end;
  }
  if (first < 0) first = n - 1;
  if (last < first) last = first;
  let above = 0;
  let below = 0;
  for (let i = 0; i < first; i++) if (!kept.has(i)) above += heights[i]!;
  for (let i = last + 1; i < n; i++) if (!kept.has(i)) below += heights[i]!;
  return { first, last, above, below };
}

/** The top of block `index` with every block before it at its height. */
export function offsetOf(heights: ArrayLike<number>, index: number): number {
  let y = 0;
  for (let i = 0; i < index && i < heights.length; i++) y += heights[i]!;
  return y;
}

/** The block at height `y`: the first whose extent reaches past it (the last block past the end, the first before the start). */
export function indexAtOffset(heights: ArrayLike<number>, y: number): number {
  let top = 0;
  for (let i = 0; i < heights.length; i++) {
    top += heights[i]!;
    if (top > y) return i;
  }
  return Math.max(0, heights.length - 1);
}

/**
 * Guesses the height of blocks not yet drawn from their length (text
 * characters plus inline nodes), scaled to what the drawn blocks measured:
 * good enough for the scroll bar, and corrected as soon as a block is drawn.
 */
export class HeightEstimate {
  private measured = 0;
  private guessed = 0;

  /** Pixels per block of this length before anything is measured: one line of chrome plus a line per ~90 characters. */
  private static base(length: number): number {
    return 16 + length * 0.3;
  }

  /** Notes a drawn block's measured height against its length. */
  learn(length: number, height: number): void {
    this.measured += height;
    this.guessed += HeightEstimate.base(length);
  }

  /** Forgets what was learned (the text column changed width). */
  reset(): void {
    this.measured = this.guessed = 0;
  }

  /** The estimated height of a block of this length. */
  height(length: number): number {
    const scale = this.guessed > 0 ? this.measured / this.guessed : 1;
    return HeightEstimate.base(length) * scale;
  }
}
