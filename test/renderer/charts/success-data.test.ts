import { describe, expect, it } from 'vitest';
import { describeSuccess, networkSuccess, observedSuccess, searchSuccess, successCurves, successProbability } from '../../../renderer/charts/success-data';
import { fakeRestart, functionConfig, networkConfig } from './results';

/** P(at least one success among k of R, s successes) by listing every k-subset of R restarts. */
function bruteForce(r: number, s: number, k: number): number {
  let hit = 0;
  let total = 0;
  for (let mask = 0; mask < 1 << r; mask++) {
    let bits = 0;
    for (let i = 0; i < r; i++) if (mask & (1 << i)) bits++;
    if (bits !== k) continue;
    total++;
    // Restarts 0..s−1 are the successes.
    if ((mask & ((1 << s) - 1)) !== 0) hit++;
  }
  return hit / total;
}

describe('successProbability', () => {
  it('matches enumeration of every draw of k restarts without replacement, for R up to 9', () => {
    for (let r = 1; r <= 9; r++) {
      for (let s = 0; s <= r; s++) {
        const p = successProbability(r, s);
        expect(p.length).toBe(r);
        for (let k = 1; k <= r; k++) expect(p[k - 1]).toBeCloseTo(bruteForce(r, s, k), 12);
      }
    }
  });

  it('is 0 without successes, 1 once k exceeds the failures, and s/R for one restart', () => {
    expect(successProbability(5, 0)).toEqual([0, 0, 0, 0, 0]);
    expect(successProbability(5, 5)).toEqual([1, 1, 1, 1, 1]);
    expect(successProbability(5, 2)[3]).toBe(1);
    expect(successProbability(8, 3)[0]).toBeCloseTo(3 / 8, 15);
  });

  it('stays finite and exact for many restarts, where binomial coefficients overflow', () => {
    const p = successProbability(2000, 1);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(p[999]).toBeCloseTo(0.5, 12);
    const q = successProbability(2000, 1000);
    expect(q[1]).toBeCloseTo(1 - (1000 / 2000) * (999 / 1999), 14);
  });

  it('rejects impossible counts', () => {
    expect(() => successProbability(3, 4)).toThrow('expected 0..3 successes, found 4');
    expect(() => successProbability(2.5, 1)).toThrow('expected a whole number of restarts, found 2.5');
  });
});

describe('observedSuccess', () => {
  it('steps to 1 at the first success in index order and stays there', () => {
    expect(observedSuccess([false, false, true, false])).toEqual([0, 0, 1, 1]);
    expect(observedSuccess([])).toEqual([]);
  });
});

describe('searchSuccess', () => {
  it('counts only searches that reached a global minimum', () => {
    const rs = [fakeRestart({ index: 0, losses: [0], success: true }), fakeRestart({ index: 1, losses: [1], success: false }), fakeRestart({ index: 2, losses: [], status: 'failed' })];
    expect(searchSuccess(rs)).toEqual([true, false, false]);
  });
});

describe('networkSuccess', () => {
  it('counts a restart within the relative tolerance of the best ok final loss', () => {
    const rs = [0.1, 0.11, 0.1101, 0.5].map((l, i) => fakeRestart({ index: i, losses: [1, l] }));
    expect(networkSuccess(rs)).toEqual([true, true, false, false]);
    expect(networkSuccess(rs, 0)).toEqual([true, false, false, false]);
    expect(networkSuccess(rs, 5)).toEqual([true, true, true, true]);
  });

  it('never takes the best from, or counts, a restart that diverged or failed', () => {
    const rs = [
      fakeRestart({ index: 0, losses: [1, 0.2] }),
      fakeRestart({ index: 1, losses: [1, 0.01], status: 'diverged' }),
      fakeRestart({ index: 2, losses: [], status: 'failed' }),
    ];
    expect(networkSuccess(rs)).toEqual([true, false, false]);
  });

  it('is all false when nothing ended ok, and rejects a negative tolerance', () => {
    expect(networkSuccess([fakeRestart({ index: 0, losses: [NaN], status: 'diverged' })])).toEqual([false]);
    expect(() => networkSuccess([], -0.1)).toThrow('expected a relative tolerance >= 0, found -0.1');
  });
});

describe('successCurves', () => {
  it('judges every variant against the best over all variants, and observes in index order', () => {
    const rs = [
      fakeRestart({ variant: 0, index: 1, losses: [0.69] }),
      fakeRestart({ variant: 1, index: 1, losses: [0.05] }),
      fakeRestart({ variant: 0, index: 0, losses: [0.7] }),
      fakeRestart({ variant: 1, index: 0, losses: [0.4] }),
    ];
    const curves = successCurves(rs, [networkConfig('zeros'), networkConfig('glorot')])!;
    expect(curves.map((c) => [c.label, c.restarts, c.successes])).toEqual([
      ['zeros', 2, 0],
      ['glorot', 2, 1],
    ]);
    expect(curves[1]!.observed).toEqual([0, 1]);
    expect(curves[1]!.probability).toEqual([0.5, 1]);
  });

  it('uses the search outcome for functions and is null when no minimum is known', () => {
    const rs = [fakeRestart({ index: 0, losses: [3], success: false }), fakeRestart({ index: 1, losses: [0], success: true })];
    const curves = successCurves(rs, [functionConfig()])!;
    expect(curves[0]!.observed).toEqual([0, 1]);
    const unknown = { ...functionConfig(), minima: [] };
    expect(successCurves(rs, [unknown])).toBeNull();
  });

  it('says what success means in the accessible name', () => {
    const rs = [fakeRestart({ index: 0, losses: [1] }), fakeRestart({ index: 1, losses: [2] })];
    expect(describeSuccess(successCurves(rs, [networkConfig()]), true, 0.1)).toBe(
      'Chance that the best of k restarts succeeds (success: final loss within 10% of the best). all restarts: 1 of 2 succeeded, chance 50% with 1 restart and 100% with 2.',
    );
    expect(describeSuccess(null, false, 0.1)).toBe('Success against restarts: unknown, since this function has no known global minimum.');
  });
});
