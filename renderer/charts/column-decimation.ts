// Min/max decimation of a line for drawing: of the points that fall in one pixel column, a line drawn
// through every one of them covers the same pixels as one through the column's lowest and highest, so
// those two (in the order they occur) are all that is kept, plus the first and last point of each
// unbroken run so that a line starts and ends exactly where its data do. Spikes survive; values are the
// data's own, never averaged.

/** The most points `decimateMinMax` writes for `count` input points: each point once, and a break after each. */
export function decimatedCapacity(count: number): number {
  return 2 * count;
}

/**
 * Decimates the line through (xs[i], ys[i]), i < count (xs ascending), for drawing the x range
 * [x0, x1] (x1 > x0) in `columns` pixel columns. Per column it keeps the points with the smallest and
 * largest y, in their original order, and the first and last point of each run of finite y; it also
 * keeps the nearest point beyond each end of the range, so the line runs on to the plot's edges. A
 * non-finite y (a diverged restart's NaN or Infinity) breaks the line: it is never kept, and one
 * (NaN, NaN) pair marks the gap. Writes (x, y) pairs into `out` (at least 2 × decimatedCapacity(count)
 * numbers long) and returns how many pairs it wrote.
 */
export function decimateMinMax(xs: ArrayLike<number>, ys: ArrayLike<number>, count: number, x0: number, x1: number, columns: number, out: Float64Array): number {
  if (!(x1 > x0) || !Number.isFinite(x0) || !Number.isFinite(x1)) throw new RangeError(`expected a finite x range x0 < x1, found [${x0}, ${x1}]`);
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`expected a whole number of columns >= 1, found ${columns}`);
  if (out.length < 2 * decimatedCapacity(count)) throw new RangeError(`expected an output of at least ${2 * decimatedCapacity(count)} numbers for ${count} points, found ${out.length}`);
  const from = Math.max(0, lowerBound(xs, count, x0) - 1);
  const to = Math.min(count - 1, upperBound(xs, count, x1));
  const perX = columns / (x1 - x0);
  let n = 0;
  // The open column: its index, the first point that opened it, its lowest and highest point.
  let col = NaN;
  let first = -1;
  let lo = -1;
  let hi = -1;
  // Whether `first` opened a run (the line's start or the first point after a gap).
  let runStart = true;
  let prev = -1;
  const emit = (i: number) => {
    out[2 * n] = xs[i]!;
    out[2 * n + 1] = ys[i]!;
    n++;
  };
  /** Writes the open column's kept points in index order; `runEnd` when its last point ends a run. */
  const close = (runEnd: boolean) => {
    if (first < 0) return;
    const a = Math.min(lo, hi);
    const b = Math.max(lo, hi);
    if (runStart && first < a) emit(first);
    emit(a);
    if (b !== a) emit(b);
    if (runEnd && prev > b) emit(prev);
    first = -1;
    runStart = false;
  };
  for (let i = from; i <= to; i++) {
    const y = ys[i]!;
    if (!Number.isFinite(y)) {
      if (first >= 0) {
        close(true);
        out[2 * n] = NaN;
        out[2 * n + 1] = NaN;
        n++;
      }
      runStart = true;
      continue;
    }
    const x = xs[i]!;
    // Points beyond the range get columns −1 and `columns`; the right end belongs to the last column.
    const c = x < x0 ? -1 : x > x1 ? columns : Math.min(columns - 1, Math.floor((x - x0) * perX));
    if (c !== col || first < 0) {
      close(false);
      col = c;
      first = lo = hi = i;
    } else {
      if (y < ys[lo]!) lo = i;
      if (y > ys[hi]!) hi = i;
    }
    prev = i;
  }
  close(true);
  // A break with nothing after it marks no gap.
  if (n > 0 && Number.isNaN(out[2 * n - 1]!)) n--;
  return n;
}

/** The first index i < count with xs[i] >= x, xs ascending (count when none): a binary search. */
export function lowerBound(xs: ArrayLike<number>, count: number, x: number): number {
  let a = 0;
  let b = count;
  while (a < b) {
    const m = (a + b) >> 1;
    if (xs[m]! < x) a = m + 1;
    else b = m;
  }
  return a;
}

/** The first index i < count with xs[i] > x, xs ascending (count when none): a binary search. */
export function upperBound(xs: ArrayLike<number>, count: number, x: number): number {
  let a = 0;
  let b = count;
  while (a < b) {
    const m = (a + b) >> 1;
    if (xs[m]! <= x) a = m + 1;
    else b = m;
  }
  return a;
}
