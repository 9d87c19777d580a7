import { describe, expect, it } from 'vitest';
import { describeSymmetry, symmetrySeries } from '../../../renderer/charts/symmetry-data';
import { fakeRestart } from './results';

describe('symmetrySeries', () => {
  it('reads records × hidden layers row-major, with the hidden widths as ceilings', () => {
    // Layer 1 (width 4) stays a single unit; layer 2 (width 3) splits from 1 to 3.
    const r = fakeRestart({ index: 0, steps: [0, 10, 20], losses: [1, 1, 1], symmetry: [1, 1, 1, 2, 1, 3] });
    expect(symmetrySeries(r, [2, 4, 3, 1])).toEqual({
      steps: [0, 10, 20],
      layers: [
        { width: 4, distinct: [1, 1, 1], measured: true },
        { width: 3, distinct: [1, 2, 3], measured: true },
      ],
    });
  });

  it('marks a layer too wide to measure (NaN) and stops at the record count', () => {
    const r = fakeRestart({ index: 0, losses: [1, 1], symmetry: [NaN, 5, NaN, 5, 99, 99] });
    r.records.count = 2;
    const s = symmetrySeries(r, [2, 9000, 5, 1])!;
    expect(s.steps).toEqual([0, 1]);
    expect(s.layers[0]).toEqual({ width: 9000, distinct: [null, null], measured: false });
    expect(s.layers[1]!.distinct).toEqual([5, 5]);
  });

  it('is null without a symmetry record and refuses one that is too short', () => {
    expect(symmetrySeries(fakeRestart({ index: 0, losses: [1] }), [2, 4, 1])).toBeNull();
    const r = fakeRestart({ index: 0, losses: [1, 1], symmetry: [1, 1, 1] });
    expect(() => symmetrySeries(r, [2, 4, 4, 1])).toThrow('expected 2 records × 2 hidden layers = 4 symmetry values, found 3');
  });
});

describe('describeSymmetry', () => {
  it('tells the distinct units at the start and the end of each layer', () => {
    const r = fakeRestart({ index: 0, losses: [1, 1], symmetry: [1, 1, 1, 1] });
    expect(describeSymmetry(symmetrySeries(r, [2, 8, 8, 1]), 'restart 0')).toBe(
      'Symmetry meter for restart 0: hidden layer 1: 1 of 8 units distinct at the start, 1 at the end; hidden layer 2: 1 of 8 units distinct at the start, 1 at the end.',
    );
    expect(describeSymmetry(null, 'restart 3')).toBe('Symmetry meter: no symmetry record for restart 3.');
  });
});
