import { describe, expect, it } from 'vitest';
import { describeSignal, layerNames, positiveRange, signalGroups } from '../../../renderer/charts/signal-data';
import { fakeRestart, networkConfig } from './results';

const spread = (stds: number[]) => stds.map((std) => ({ mean: 0, std }));
const signal = (act: number[], grad: number[]) => ({ activation: spread(act), gradient: spread(grad) });

describe('signalGroups', () => {
  const configs = [networkConfig('random_normal 0.05'), networkConfig('glorot_uniform'), networkConfig('none')];
  const results = [
    fakeRestart({ variant: 0, index: 0, losses: [1], signal: signal([0.1, 0.01, 0.001], [1e-3, 1e-2, 1]) }),
    fakeRestart({ variant: 0, index: 1, losses: [1], signal: signal([0.3, 0.03, 0.003], [3e-3, 3e-2, 1]) }),
    fakeRestart({ variant: 1, index: 0, losses: [1], signal: signal([0.6, 0.5, 0.4], [0.2, 0.2, 0.2]) }),
    fakeRestart({ variant: 1, index: 1, losses: [], status: 'failed' }),
    fakeRestart({ variant: 2, index: 0, losses: [1] }),
  ];

  it('averages each layer over the restarts with a signal record and keeps their range', () => {
    const groups = signalGroups(results, configs, 'activation');
    expect(groups.map((g) => [g.label, g.restarts])).toEqual([
      ['random_normal 0.05', 2],
      ['glorot_uniform', 1],
    ]);
    expect(groups[0]!.layers[0]!.mean).toBeCloseTo(0.2, 15);
    expect(groups[0]!.layers.map((l) => [l.min, l.max])).toEqual([
      [0.1, 0.3],
      [0.01, 0.03],
      [0.001, 0.003],
    ]);
  });

  it('reads the gradient spreads for the gradient quantity', () => {
    const groups = signalGroups(results, configs, 'gradient');
    expect(groups[0]!.layers.map((l) => l.max)).toEqual([3e-3, 3e-2, 1]);
  });

  it('names layers from the first hidden one to the output', () => {
    expect(layerNames(3)).toEqual(['hidden 1', 'hidden 2', 'output']);
  });
});

describe('positiveRange', () => {
  it('ignores zero and non-finite spreads (a log axis cannot show them)', () => {
    const groups = signalGroups([fakeRestart({ index: 0, losses: [1], signal: signal([0, 0.5, NaN, 4], [1, 1, 1, 1]) })], [networkConfig()], 'activation');
    expect(positiveRange(groups)).toEqual({ min: 0.5, max: 4 });
    const dead = signalGroups([fakeRestart({ index: 0, losses: [1], signal: signal([0, 0], [0, 0]) })], [networkConfig()], 'activation');
    expect(positiveRange(dead)).toBeNull();
  });
});

describe('describeSignal', () => {
  it('gives the spread at the first hidden layer and at the output per configuration', () => {
    const groups = signalGroups([fakeRestart({ index: 0, losses: [1], signal: signal([0.5, 0.0012345], [1, 1]) })], [networkConfig('he')], 'activation');
    expect(describeSignal(groups, 'activation')).toBe('Per-layer activation spread (standard deviation) at initialization, mean over restarts. he: std 0.5 at hidden 1, 0.00123 at the output.');
    expect(describeSignal([], 'gradient')).toBe('Per-layer gradient spread at initialization: no signal records.');
  });
});
