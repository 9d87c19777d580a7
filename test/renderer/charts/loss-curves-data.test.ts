import { describe, expect, it } from 'vitest';
import { DecimatedLines, LossCurveSet } from '../../../renderer/charts/loss-curves-data';
import { fakeRestart } from './results';

describe('LossCurveSet', () => {
  it('keeps restarts in run order whatever order they arrive in', () => {
    const t = new LossCurveSet();
    for (const [variant, index] of [[1, 0], [0, 2], [0, 0], [1, 1], [0, 1]] as const) t.add(fakeRestart({ variant, index, losses: [variant + index / 10] }));
    expect(t.restarts.map((r) => `${r.variant}/${r.index}`)).toEqual(['0/0', '0/1', '0/2', '1/0', '1/1']);
    expect(t.rowOf({ variant: 1, index: 0 })).toBe(3);
    expect(t.rowOf({ variant: 2, index: 0 })).toBe(-1);
    expect(t.rowOf(null)).toBe(-1);
  });

  it('tracks the range of steps and of finite losses as restarts arrive', () => {
    const t = new LossCurveSet();
    expect(t.add(fakeRestart({ index: 1, steps: [0, 10, 20], losses: [1, 0.5, NaN], status: 'diverged' }))).toEqual({ kind: 'inserted', row: 0 });
    expect([t.xMin, t.xMax, t.min, t.max]).toEqual([0, 20, 0.5, 1]);
    expect(t.add(fakeRestart({ index: 0, steps: [5, 15, 40], losses: [3, 0.25, 0.3] }))).toEqual({ kind: 'inserted', row: 0 });
    expect([t.xMin, t.xMax, t.min, t.max]).toEqual([0, 40, 0.25, 3]);
  });

  it('ignores a restart it already holds and replaces one whose result object changed', () => {
    const t = new LossCurveSet();
    const a = fakeRestart({ index: 0, losses: [1, 0.5] });
    t.add(a);
    expect(t.add(a)).toEqual({ kind: 'present' });
    const again = fakeRestart({ index: 0, losses: [3, 2] });
    expect(t.add(again)).toEqual({ kind: 'replaced', row: 0 });
    expect(t.restarts).toEqual([again]);
    // The replaced restart held the smallest loss; the range forgets it.
    expect([t.min, t.max]).toEqual([2, 3]);
    // A result that only gained analysis keeps its records.
    const analysed = { ...again, stalledAt: 1 };
    expect(t.add(analysed)).toEqual({ kind: 'replaced', row: 0 });
    expect([t.restarts[0], t.min, t.max]).toEqual([analysed, 2, 3]);
  });

  it('reports where diverged restarts ended, with a null loss when it was not finite', () => {
    const t = new LossCurveSet();
    t.add(fakeRestart({ index: 0, losses: [1, 0.5, 0.1] }));
    t.add(fakeRestart({ index: 1, losses: [1, 9, NaN], status: 'diverged' }));
    t.add(fakeRestart({ index: 2, steps: [0, 1], losses: [1, 40], status: 'diverged' }));
    expect(t.divergedEnds()).toEqual([
      { key: { variant: 0, index: 1 }, step: 2, loss: null },
      { key: { variant: 0, index: 2 }, step: 1, loss: 40 },
    ]);
  });

  it('allows a log axis only while every finite loss is positive', () => {
    const t = new LossCurveSet();
    expect(t.logAllowed).toBe(false);
    t.add(fakeRestart({ index: 0, losses: [2, 0.01, NaN], status: 'diverged' }));
    expect(t.logAllowed).toBe(true);
    expect([t.min, t.max]).toEqual([0.01, 2]);
    t.add(fakeRestart({ index: 1, losses: [1, -3] }));
    expect(t.logAllowed).toBe(false);
    t.clear();
    expect([t.restarts, t.min, t.max, t.xMin, t.xMax]).toEqual([[], Infinity, -Infinity, Infinity, -Infinity]);
  });
});

describe('DecimatedLines', () => {
  const steps = Array.from({ length: 5001 }, (_, i) => i);
  const r = fakeRestart({ index: 0, steps, losses: steps.map((s) => (s === 2500 ? 9 : 1 / (1 + s))) });

  it('decimates each restart once per view, keeping spikes and the loss range within the steps shown', () => {
    const lines = new DecimatedLines();
    lines.setView(0, 5000, 250);
    const line = lines.line(r);
    expect(line.count).toBeLessThanOrEqual(2 * 250 + 2);
    expect(line.points.length).toBe(2 * line.count);
    expect([line.min, line.max]).toEqual([1 / 5001, 9]);
    expect(lines.line(r)).toBe(line);
    lines.setView(0, 5000, 250);
    expect(lines.line(r)).toBe(line);
    // Zoomed past the spike: only the losses drawn count towards the range.
    lines.setView(3000, 4000, 250);
    const zoomed = lines.line(r);
    expect(zoomed).not.toBe(line);
    expect([zoomed.min, zoomed.max]).toEqual([1 / 4001, 1 / 3001]);
    expect(zoomed.points[0]).toBe(2999);
  });
});
