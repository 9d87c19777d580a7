// The loss-to-height transform shared by the surface, the paths, the contours and the minima, so that
// a path lies on the surface wherever it is on the plane.

/** How losses map to heights in [0, 1]: the grid's finite minimum goes to 0, its maximum to 1. */
export interface HeightScale {
  readonly min: number;
  readonly max: number;
  /** Log height: log10(loss − min + offset), offset = LOG_OFFSET × (max − min), rescaled to [0, 1]. */
  readonly log: boolean;
}

/** The log height's offset as a fraction of the loss range: the smallest differences it still resolves. */
export const LOG_OFFSET = 1e-3;

/** The smallest and largest finite values in `values` folded into `range` (pass null to start); null when there are none. */
export function finiteRange(values: ArrayLike<number>, range: { min: number; max: number } | null = null): { min: number; max: number } | null {
  let min = range ? range.min : Infinity;
  let max = range ? range.max : -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/** A scale from a finite range; a range of zero width behaves as a range of width 1 above its minimum. */
export function heightScale(range: { min: number; max: number }, log: boolean): HeightScale {
  return { min: range.min, max: range.max, log };
}

/** Whether two scales map every loss to the same height. */
export function sameScale(a: HeightScale | null, b: HeightScale | null): boolean {
  return a === b || (a !== null && b !== null && a.min === b.min && a.max === b.max && a.log === b.log);
}

function span(scale: HeightScale): number {
  return scale.max > scale.min ? scale.max - scale.min : 1;
}

/**
 * The height of `loss` (0 at the scale's min, 1 at its max). Linear heights extend beyond [0, 1] for
 * losses outside the range; log heights are 0 for every loss at or below the min. A non-finite loss
 * (NaN, ±Infinity) gives NaN: callers decide where such points go (the surface leaves them out).
 */
export function lossToHeight(scale: HeightScale, loss: number): number {
  if (!Number.isFinite(loss)) return NaN;
  const s = span(scale);
  if (!scale.log) return (loss - scale.min) / s;
  const offset = LOG_OFFSET * s;
  const lo = Math.log10(offset);
  return (Math.log10(Math.max(0, loss - scale.min) + offset) - lo) / (Math.log10(s + offset) - lo);
}

/** The inverse of lossToHeight: the loss drawn at height h (for log heights, h ≥ 0). */
export function heightToLoss(scale: HeightScale, h: number): number {
  const s = span(scale);
  if (!scale.log) return scale.min + h * s;
  const offset = LOG_OFFSET * s;
  const lo = Math.log10(offset);
  return scale.min + 10 ** (lo + h * (Math.log10(s + offset) - lo)) - offset;
}
