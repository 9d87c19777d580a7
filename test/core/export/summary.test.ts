import { describe, expect, it } from 'vitest';
import { countClusters, successByRestarts } from '../../../core/export/summary';
import { summarize } from '../../../core/analysis/stats';

describe('successByRestarts', () => {
  it('is the chance that at least one of k restarts succeeds, drawing k of n without replacement', () => {
    // 2 successes of 5: P(none in k) = C(3, k)/C(5, k): k=1 3/5, k=2 3/10, k=3 1/10, k>=4 0.
    const p = successByRestarts(5, 2);
    expect(p.map((v) => Number(v.toFixed(12)))).toEqual([0.4, 0.7, 0.9, 1, 1]);
  });

  it('stays 0 without successes and 1 with all', () => {
    expect(successByRestarts(4, 0)).toEqual([0, 0, 0, 0]);
    expect(successByRestarts(3, 3)).toEqual([1, 1, 1]);
    expect(successByRestarts(0, 0)).toEqual([]);
  });

  it('grows with the number of restarts', () => {
    const p = successByRestarts(50, 7);
    for (let k = 1; k < p.length; k++) expect(p[k]!).toBeGreaterThanOrEqual(p[k - 1]!);
    expect(p[0]).toBeCloseTo(7 / 50, 15);
  });
});

describe('countClusters', () => {
  it('groups points within the radius of a group\'s first point', () => {
    const pts = [[0, 0], [0.01, 0], [1, 1], [1, 1.02], [5, 5], [0, 0.04]];
    expect(countClusters(pts, 0.05)).toBe(3);
    expect(countClusters(pts, 0)).toBe(6);
    expect(countClusters([], 1)).toBe(0);
  });
});

describe('summarize', () => {
  it('gives count, mean, sample std, min, median and max', () => {
    expect(summarize([3, 1, 2, 4])).toEqual({ count: 4, mean: 2.5, std: Math.sqrt(5 / 3), min: 1, median: 2.5, max: 4 });
    expect(summarize([7])).toEqual({ count: 1, mean: 7, std: null, min: 7, median: 7, max: 7 });
    expect(summarize([])).toEqual({ count: 0, mean: null, std: null, min: null, median: null, max: null });
  });
});
