import { describe, expect, it } from 'vitest';
import { summarize } from '../../../core/analysis/stats';
import { describeStrip, groupCaption, jitterOffset, stripLayout } from '../../../renderer/charts/distribution-data';
import { fakeRestart, networkConfig } from './results';

describe('jitterOffset', () => {
  it('puts rank 0 at the centre and every rank strictly inside the strip', () => {
    expect(jitterOffset(0, 0.5)).toBe(0);
    for (let rank = 0; rank < 1000; rank++) expect(Math.abs(jitterOffset(rank, 0.5))).toBeLessThan(0.25);
  });

  it('spreads 64 dots evenly: the smallest gap is at least a third of the even spacing', () => {
    const xs = Array.from({ length: 64 }, (_, r) => jitterOffset(r, 1)).sort((a, b) => a - b);
    const gaps = xs.slice(1).map((x, i) => x - xs[i]!);
    expect(Math.min(...gaps)).toBeGreaterThan(1 / 64 / 3);
    expect(xs[0]).toBeLessThan(-0.45);
    expect(xs[63]).toBeGreaterThan(0.45);
  });

  it('scales with the width', () => {
    expect(jitterOffset(5, 2)).toBeCloseTo(2 * jitterOffset(5, 1), 15);
  });
});

describe('stripLayout', () => {
  const configs = [networkConfig('zeros'), networkConfig('glorot'), networkConfig('he')];
  const results = [
    fakeRestart({ variant: 1, index: 2, losses: [1, 0.3] }),
    fakeRestart({ variant: 0, index: 0, losses: [1, 0.69] }),
    fakeRestart({ variant: 1, index: 0, losses: [1, 0.1] }),
    fakeRestart({ variant: 1, index: 1, losses: [1, NaN], status: 'diverged' }),
    fakeRestart({ variant: 0, index: 1, losses: [1, 0.7] }),
    fakeRestart({ variant: 1, index: 3, losses: [], status: 'failed' }),
  ];

  it('makes one column per configuration, empty ones included', () => {
    const layout = stripLayout(results, configs);
    expect(layout.groups.map((g) => [g.label, g.restarts, g.summary.count, g.diverged, g.failed])).toEqual([
      ['zeros', 2, 2, 0, 0],
      ['glorot', 4, 2, 1, 1],
      ['he', 0, 0, 0, 0],
    ]);
  });

  it('draws only restarts that ended ok, jittered around their column in restart-index order', () => {
    const layout = stripLayout(results, configs, 0.5);
    expect(layout.points.map((p) => [p.key.variant, p.key.index, p.value])).toEqual([
      [0, 0, 0.69],
      [0, 1, 0.7],
      [1, 0, 0.1],
      [1, 2, 0.3],
    ]);
    expect(layout.points.map((p) => p.x)).toEqual([0, jitterOffset(1, 0.5), 1, 1 + jitterOffset(1, 0.5)]);
    expect([layout.min, layout.max]).toEqual([0.1, 0.7]);
  });

  it('summarizes each column as summary.json does (ok restarts, index order, sample std)', () => {
    const layout = stripLayout(results, configs);
    expect(layout.groups[0]!.summary).toEqual(summarize([0.69, 0.7]));
    expect(layout.groups[1]!.summary.std).toBeCloseTo(Math.sqrt(((0.1 - 0.2) ** 2 + (0.3 - 0.2) ** 2) / 1), 15);
    expect(layout.groups[2]!.summary.mean).toBeNull();
  });

  it('does not depend on the order results arrive in', () => {
    expect(stripLayout([...results].reverse(), configs)).toEqual(stripLayout(results, configs));
  });

  it('has NaN bounds and empty groups without results', () => {
    const layout = stripLayout([], [networkConfig()]);
    expect(layout.points).toEqual([]);
    expect(layout.groups.map((g) => g.label)).toEqual(['all restarts']);
    expect(layout.min).toBeNaN();
  });
});

describe('captions', () => {
  it('name the column, its count and what was left out', () => {
    const layout = stripLayout(
      [fakeRestart({ index: 0, losses: [0.5] }), fakeRestart({ index: 1, losses: [NaN], status: 'diverged' }), fakeRestart({ index: 2, losses: [], status: 'failed' })],
      [networkConfig('glorot')],
    );
    expect(groupCaption(layout.groups[0]!)).toBe('glorot (n=1, 1 diverged, 1 failed)');
    expect(describeStrip(layout)).toBe('Final loss of each restart, by configuration. glorot (n=1, 1 diverged, 1 failed): mean 0.5, best 0.5.');
  });

  it('give mean ± std when there are two or more values', () => {
    const layout = stripLayout([fakeRestart({ index: 0, losses: [1] }), fakeRestart({ index: 1, losses: [3] })], [networkConfig()]);
    expect(describeStrip(layout)).toBe('Final loss of each restart, by configuration. all restarts (n=2): mean 2 ± 1.41, best 1.');
    expect(describeStrip(layout, 'f(x) at the reported point')).toBe('Final f(x) at the reported point of each restart, by configuration. all restarts (n=2): mean 2 ± 1.41, best 1.');
  });
});
