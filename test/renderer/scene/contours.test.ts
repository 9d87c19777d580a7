import { describe, expect, it } from 'vitest';
import { marchingSquares } from '../../../renderer/scene/contours';

/** Segments as [[c0, r0], [c1, r1]] pairs. */
function segments(values: number[], rows: number, cols: number, level: number): [number, number][][] {
  const out: number[] = [];
  const n = marchingSquares(values, rows, cols, level, out);
  expect(out.length).toBe(4 * n);
  return Array.from({ length: n }, (_, s) => [
    [out[4 * s]!, out[4 * s + 1]!],
    [out[4 * s + 2]!, out[4 * s + 3]!],
  ]);
}

// A cone: distance from the centre (2, 2) of a 5 × 5 grid.
const cone = Array.from({ length: 25 }, (_, k) => Math.hypot(Math.floor(k / 5) - 2, (k % 5) - 2));

const key = ([c, r]: [number, number]) => `${c.toFixed(9)},${r.toFixed(9)}`;

describe('marchingSquares', () => {
  it('draws a closed ring around a cone: 12 segments, every end shared by two', () => {
    const segs = segments(cone, 5, 5, 1.5);
    expect(segs).toHaveLength(12);
    const ends = new Map<string, number>();
    for (const s of segs) for (const p of s) ends.set(key(p as [number, number]), (ends.get(key(p as [number, number])) ?? 0) + 1);
    expect([...ends.values()].every((n) => n === 2)).toBe(true);
    expect(ends.size).toBe(12);
  });

  it('puts each crossing on a grid edge where the linear interpolation equals the level', () => {
    const at = (r: number, c: number) => cone[r * 5 + c]!;
    for (const s of segments(cone, 5, 5, 1.5)) {
      for (const [c, r] of s) {
        const onColumn = Number.isInteger(c);
        expect(onColumn || Number.isInteger(r)).toBe(true);
        const v = onColumn ? at(Math.floor(r), c) + (r - Math.floor(r)) * (at(Math.ceil(r), c) - at(Math.floor(r), c)) : at(r, Math.floor(c)) + (c - Math.floor(c)) * (at(r, Math.ceil(c)) - at(r, Math.floor(c)));
        expect(v).toBeCloseTo(1.5, 12);
      }
    }
  });

  it('crosses the cone\'s axes half way between distance 1 and 2', () => {
    const ends = new Set(segments(cone, 5, 5, 1.5).flatMap((s) => s.map((p) => key(p as [number, number]))));
    for (const p of [[3.5, 2], [0.5, 2], [2, 0.5], [2, 3.5]] as [number, number][]) expect(ends.has(key(p))).toBe(true);
  });

  it('draws a straight line across a ramp', () => {
    const ramp = Array.from({ length: 12 }, (_, k) => k % 4);
    expect(segments(ramp, 3, 4, 1.5)).toEqual([
      [[1.5, 0], [1.5, 1]],
      [[1.5, 1], [1.5, 2]],
    ]);
  });

  it('splits a saddle by its centre: centre above the level joins the high corners', () => {
    // (row 0) 1 0 / (row 1) 0 1: the high corners are (0,0) and (1,1); their mean is 0.5.
    const saddle = [1, 0, 0, 1];
    expect(segments(saddle, 2, 2, 0.5)).toEqual([
      [[0.5, 0], [1, 0.5]],
      [[0.5, 1], [0, 0.5]],
    ]);
  });

  it('splits a saddle by its centre: centre below the level cuts off the high corners', () => {
    const saddle = [1, 0, 0, 1];
    const segs = segments(saddle, 2, 2, 0.6);
    expect(segs).toHaveLength(2);
    expect(segs[0]![0]![0]).toBe(0);
    expect(segs[0]![0]![1]).toBeCloseTo(0.4, 12);
    expect(segs[0]![1]![0]).toBeCloseTo(0.4, 12);
    expect(segs[0]![1]![1]).toBe(0);
    expect(segs[1]![0]![0]).toBe(1);
    expect(segs[1]![0]![1]).toBeCloseTo(0.6, 12);
    expect(segs[1]![1]![0]).toBeCloseTo(0.6, 12);
    expect(segs[1]![1]![1]).toBe(1);
  });

  it('draws nothing for a level outside the values or a flat grid', () => {
    expect(segments(cone, 5, 5, 10)).toEqual([]);
    expect(segments(cone, 5, 5, -1)).toEqual([]);
    expect(segments(Array(9).fill(2), 3, 3, 2.5)).toEqual([]);
  });

  it('skips cells with a non-finite corner (rows not computed yet)', () => {
    const partial = cone.map((v, k) => (k >= 20 ? NaN : v));
    expect(segments(partial, 5, 5, 1.5)).toHaveLength(8);
    expect(segments(cone.map((v, k) => (k === 12 ? Infinity : v)), 5, 5, 0.5)).toEqual([]);
  });

  it('appends to out and returns only this call\'s count', () => {
    const out = [7, 7];
    expect(marchingSquares([0, 1, 0, 1], 2, 2, 0.5, out)).toBe(1);
    expect(out).toEqual([7, 7, 0.5, 0, 0.5, 1]);
  });

  it('rejects values that do not fill the grid', () => {
    expect(() => marchingSquares([1, 2, 3], 2, 2, 0, [])).toThrow('marchingSquares: 3 values do not fill 2 × 2');
  });
});
