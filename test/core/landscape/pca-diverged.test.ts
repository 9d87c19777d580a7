import { describe, expect, it } from 'vitest';
import { resolveExperiment } from '../../../core/experiment/resolve';
import type { RestartResult } from '../../../core/experiment/result';
import { trainRestart } from '../../../core/experiment/train';
import { networkSlice } from '../../../core/landscape/build';
import { LandscapeError } from '../../../core/landscape/plane';

const experiment = (learningRate: number) =>
  resolveExperiment(
    {
      format: 'landscape-lab/experiment@1',
      seed: 'pca-diverged',
      restarts: 4,
      problem: { type: 'network', dataset: { kind: 'moons', samples: 60 }, model: { hidden: [6], activation: 'leaky_relu' }, optimizer: { name: 'sgd', learningRate, epochs: 8, batchSize: 10 } },
      record: { every: 'epoch', params: 'all' },
      landscape: { plane: 'pca', resolution: 9 },
    },
    () => '',
  );

describe('a PCA plane over restarts that diverged', () => {
  it('leaves out recorded points with non-finite parameters: the plane is the one of the finite points', () => {
    const plan = experiment(3);
    const results = [0, 1, 2, 3].map((i) => trainRestart(plan, 0, i));
    const clean = networkSlice(plan, results);
    // Restart 2 "diverged" at its last record: its parameters there are NaN and Infinity.
    const P = results[2]!.params!.initial.length;
    const last = results[2]!.records.count - 1;
    const history = results[2]!.params!.history!.slice();
    history.fill(NaN, last * P, last * P + 3);
    history[last * P + 3] = Infinity;
    const broken: RestartResult[] = results.map((r, i) => (i === 2 ? { ...r, status: 'diverged', params: { ...r.params!, history } } : r));
    const slice = networkSlice(plan, broken);
    expect([...slice.plane.center, ...slice.plane.d1, ...slice.plane.d2!].every(Number.isFinite)).toBe(true);
    // Not the clean plane (one point fewer), but as well defined.
    expect(Array.from(slice.plane.center)).not.toEqual(Array.from(clean.plane.center));
    expect(slice.plane.explained![0]).toBeGreaterThan(0);
  });

  it('is refused, naming the field and what to do, when the parameters grow too large to square', () => {
    const plan = experiment(1e4);
    const results = [0, 1, 2, 3].map((i) => trainRestart(plan, 0, i));
    expect(results.some((r) => r.status === 'diverged')).toBe(true);
    expect(() => networkSlice(plan, results)).toThrow(LandscapeError);
    expect(() => networkSlice(plan, results)).toThrow(/^landscape\.plane: the recorded parameters grew too large to find principal directions/);
  });
});
