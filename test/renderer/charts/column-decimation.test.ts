import { describe, expect, it } from 'vitest';
import { decimateMinMax, decimatedCapacity } from '../../../renderer/charts/column-decimation';

/** Decimates (xs, ys) for [x0, x1] in `columns` columns; the kept points as [x, y] pairs. */
function kept(xs: number[], ys: number[], x0: number, x1: number, columns: number): number[][] {
  const out = new Float64Array(2 * decimatedCapacity(xs.length));
  const n = decimateMinMax(xs, ys, xs.length, x0, x1, columns, out);
  return Array.from({ length: n }, (_, i) => [out[2 * i]!, out[2 * i + 1]!]);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A reproducible wiggly series (no Math.random in tests). */
function wiggle(n: number): number[] {
  let s = 12345;
  return range(n).map(() => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
}

describe('decimateMinMax', () => {
  it('keeps every point when there are fewer points than columns', () => {
    const ys = [3, 1, 4, 1, 5];
    expect(kept(range(5), ys, 0, 4, 100)).toEqual(range(5).map((i) => [i, ys[i]!]));
  });

  it('keeps the min and the max of each column in the order they occur, with their exact values', () => {
    // Two columns over [0, 8]: x in [0, 4) and x in [4, 8] (the right end belongs to the last column).
    const ys = [0.5, 9.25, -1.125, 0.3, 7, 2, 8.5, -3.75, 1];
    const out = kept(range(9), ys, 0, 8, 2);
    expect(out).toEqual([
      [0, 0.5], // first point of the line
      [1, 9.25], // max of column 0
      [2, -1.125], // then its min
      [6, 8.5], // column 1: max first
      [7, -3.75], // then min
      [8, 1], // last point of the line
    ]);
  });

  it('keeps the first and last point of the line even when they are neither min nor max', () => {
    const out = kept(range(10), [5, 9, 0, 4, 4, 4, 4, 9, 0, 5], 0, 9, 1);
    expect(out[0]).toEqual([0, 5]);
    expect(out.at(-1)).toEqual([9, 5]);
    expect(out).toEqual([
      [0, 5],
      [1, 9],
      [2, 0],
      [9, 5],
    ]);
  });

  it('draws at most about two points per column, and every column keeps its extremes', () => {
    const n = 5001;
    const xs = range(n).map((i) => i * 2);
    const ys = wiggle(n);
    ys[1234] = 40; // a spike
    ys[4321] = -40;
    const columns = 300;
    const out = kept(xs, ys, 0, xs[n - 1]!, columns);
    expect(out.length).toBeLessThanOrEqual(2 * columns + 2);
    expect(out).toContainEqual([xs[1234], 40]);
    expect(out).toContainEqual([xs[4321], -40]);
    // Per column, the kept points span exactly the data's min and max there.
    const col = (x: number) => Math.min(columns - 1, Math.floor(x * (columns / xs[n - 1]!)));
    for (let c = 0; c < columns; c++) {
      const data = ys.filter((_, i) => col(xs[i]!) === c);
      const mine = out.filter(([x]) => col(x!) === c).map(([, y]) => y!);
      if (data.length === 0) continue;
      expect(Math.min(...mine)).toBe(Math.min(...data));
      expect(Math.max(...mine)).toBe(Math.max(...data));
    }
    // In x order, as the line runs.
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]!);
  });

  it('breaks the line at NaN and Infinity, keeping the finite points on each side', () => {
    const ys = [1, 2, NaN, 3, Infinity, -Infinity, 4, 5];
    expect(kept(range(8), ys, 0, 7, 100)).toEqual([
      [0, 1],
      [1, 2],
      [NaN, NaN],
      [3, 3],
      [NaN, NaN],
      [6, 4],
      [7, 5],
    ]);
  });

  it('ends a diverged line at its last finite point, without a trailing break', () => {
    // Many points per column: the last finite one is kept though it is no extreme.
    const ys = [1, 0.5, 0.75, 0.6, NaN, NaN];
    expect(kept(range(6), ys, 0, 5, 1)).toEqual([
      [0, 1],
      [1, 0.5],
      [3, 0.6],
    ]);
    expect(kept(range(3), [NaN, Infinity, NaN], 0, 2, 10)).toEqual([]);
    expect(kept(range(4), [NaN, 2, 3, NaN], 0, 3, 10)).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('decimates only the x range asked for, plus the nearest point beyond each end', () => {
    const xs = range(100);
    const ys = xs.map((x) => x * x);
    const out = kept(xs, ys, 40.5, 49.5, 1000);
    expect(out[0]).toEqual([40, 1600]);
    expect(out.at(-1)).toEqual([50, 2500]);
    expect(out.length).toBe(11);
    // A range between two records still draws the segment that crosses it.
    expect(kept(xs, ys, 10.2, 10.8, 5)).toEqual([
      [10, 100],
      [11, 121],
    ]);
  });

  it('handles no points, and refuses a bad range, columns or a short output', () => {
    expect(kept([], [], 0, 1, 10)).toEqual([]);
    const out = new Float64Array(8);
    expect(() => decimateMinMax([0, 1], [0, 1], 2, 1, 1, 10, out)).toThrow('expected a finite x range x0 < x1, found [1, 1]');
    expect(() => decimateMinMax([0, 1], [0, 1], 2, 0, 1, 0, out)).toThrow('expected a whole number of columns >= 1, found 0');
    expect(() => decimateMinMax([0, 1, 2], [0, 1, 2], 3, 0, 2, 10, out)).toThrow('expected an output of at least 12 numbers for 3 points, found 8');
  });
});
