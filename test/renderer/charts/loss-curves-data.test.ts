import { describe, expect, it } from 'vitest';
import { LossCurveTable, lossRow, unionSteps } from '../../../renderer/charts/loss-curves-data';
import { fakeRestart } from './results';

describe('unionSteps', () => {
  it('merges restarts recorded on different schedules into one ascending list without repeats', () => {
    const a = fakeRestart({ index: 0, steps: [0, 10, 20, 30], losses: [1, 1, 1, 1] });
    const b = fakeRestart({ index: 1, steps: [0, 15, 30], losses: [1, 1, 1] });
    expect(unionSteps([a, b])).toEqual([0, 10, 15, 20, 30]);
    expect(unionSteps([])).toEqual([]);
  });
});

describe('lossRow', () => {
  it('puts each loss at its step and null where the restart has no record', () => {
    const r = fakeRestart({ index: 0, steps: [0, 15, 30], losses: [3, 2, 1] });
    expect(lossRow(r, [0, 10, 15, 20, 30])).toEqual([3, null, 2, null, 1]);
  });

  it('ends a diverged restart where it diverged: its non-finite last loss and every later step are null', () => {
    const r = fakeRestart({ index: 0, steps: [0, 1, 2], losses: [1, 5, NaN], status: 'diverged' });
    expect(lossRow(r, [0, 1, 2, 3, 4])).toEqual([1, 5, null, null, null]);
    const inf = fakeRestart({ index: 1, steps: [0, 1], losses: [1, Infinity], status: 'diverged' });
    expect(lossRow(inf, [0, 1, 2])).toEqual([1, null, null]);
  });

  it('reads only the first `count` records', () => {
    const r = fakeRestart({ index: 0, losses: [1, 2, 3] });
    r.records.count = 2;
    expect(lossRow(r, [0, 1, 2])).toEqual([1, 2, null]);
  });

  it('refuses a step missing from the shared steps', () => {
    const r = fakeRestart({ index: 4, variant: 1, steps: [0, 7], losses: [1, 1] });
    expect(() => lossRow(r, [0, 5])).toThrow('restart 1/4 recorded step 7, which is not among the shared steps');
  });
});

describe('LossCurveTable', () => {
  it('keeps rows in run order whatever order restarts arrive in', () => {
    const t = new LossCurveTable();
    for (const [variant, index] of [[1, 0], [0, 2], [0, 0], [1, 1], [0, 1]] as const) t.add(fakeRestart({ variant, index, losses: [variant + index / 10] }));
    expect(t.restarts.map((r) => `${r.variant}/${r.index}`)).toEqual(['0/0', '0/1', '0/2', '1/0', '1/1']);
    expect(t.rows.map((row) => row[0])).toEqual([0, 0.1, 0.2, 1, 1.1]);
    expect(t.rowOf({ variant: 1, index: 0 })).toBe(3);
    expect(t.rowOf({ variant: 2, index: 0 })).toBe(-1);
    expect(t.rowOf(null)).toBe(-1);
  });

  it('adds a restart on the same schedule as one row, leaving the shared steps alone', () => {
    const t = new LossCurveTable();
    expect(t.add(fakeRestart({ index: 0, losses: [1, 0.5, 0.25] }))).toEqual({ kind: 'rebuilt', row: 0 });
    const xs = t.xs;
    const before = t.rows[0];
    expect(t.add(fakeRestart({ index: 1, losses: [2, 1, 0.5] }))).toEqual({ kind: 'inserted', row: 1 });
    expect(t.xs).toBe(xs);
    expect(t.rows[0]).toBe(before);
    expect(t.rows[1]).toEqual([2, 1, 0.5]);
  });

  it('realigns every row when a restart brings new steps, matching a table built from scratch', () => {
    const a = fakeRestart({ index: 0, steps: [0, 10, 20], losses: [1, 0.5, 0.2] });
    const b = fakeRestart({ variant: 1, index: 0, steps: [0, 5, 10, 15], losses: [2, 1.5, 1, 0.9] });
    const t = new LossCurveTable();
    t.add(a);
    expect(t.add(b).kind).toBe('rebuilt');
    expect(t.xs).toEqual([0, 5, 10, 15, 20]);
    expect(t.rows).toEqual([lossRow(a, t.xs), lossRow(b, t.xs)]);
    expect(t.rows[0]).toEqual([1, null, 0.5, null, 0.2]);
  });

  it('ignores a restart it already holds and replaces one whose result object changed', () => {
    const t = new LossCurveTable();
    const a = fakeRestart({ index: 0, losses: [1, 0.5] });
    t.add(a);
    expect(t.add(a)).toEqual({ kind: 'present' });
    const again = fakeRestart({ index: 0, losses: [3, 2] });
    expect(t.add(again)).toEqual({ kind: 'replaced', row: 0 });
    expect(t.rows).toEqual([[3, 2]]);
    expect(t.restarts[0]).toBe(again);
    // The replaced row held the smallest loss; the range forgets it.
    expect([t.min, t.max]).toEqual([2, 3]);
  });

  it('reports where diverged restarts ended, with a null loss when it was not finite', () => {
    const t = new LossCurveTable();
    t.add(fakeRestart({ index: 0, losses: [1, 0.5, 0.1] }));
    t.add(fakeRestart({ index: 1, losses: [1, 9, NaN], status: 'diverged' }));
    t.add(fakeRestart({ index: 2, steps: [0, 1], losses: [1, 40], status: 'diverged' }));
    expect(t.divergedEnds()).toEqual([
      { key: { variant: 0, index: 1 }, step: 2, loss: null },
      { key: { variant: 0, index: 2 }, step: 1, loss: 40 },
    ]);
  });

  it('allows a log axis only while every finite loss is positive', () => {
    const t = new LossCurveTable();
    expect(t.logAllowed).toBe(false);
    t.add(fakeRestart({ index: 0, losses: [2, 0.01, NaN], status: 'diverged' }));
    expect(t.logAllowed).toBe(true);
    expect([t.min, t.max]).toEqual([0.01, 2]);
    t.add(fakeRestart({ index: 1, losses: [1, -3] }));
    expect(t.logAllowed).toBe(false);
    t.clear();
    expect([t.xs, t.rows, t.restarts, t.min, t.max]).toEqual([[], [], [], Infinity, -Infinity]);
  });

  it('handles 64 restarts of 2,000 records one row at a time', () => {
    const t = new LossCurveTable();
    const steps = Array.from({ length: 2000 }, (_, i) => i * 3);
    let rebuilds = 0;
    for (let i = 63; i >= 0; i--) {
      const losses = steps.map((s) => 1 / (1 + s * (i + 1) * 1e-4));
      if (t.add(fakeRestart({ index: i, steps, losses })).kind === 'rebuilt') rebuilds++;
    }
    expect(rebuilds).toBe(1);
    expect(t.rows.length).toBe(64);
    expect(t.rows.every((row) => row.length === 2000)).toBe(true);
    expect(t.rows[5]![1]).toBeCloseTo(1 / (1 + 3 * 6e-4), 15);
  });
});
