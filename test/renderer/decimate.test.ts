import { describe, expect, it } from 'vitest';
import type { RestartResult } from '../../core/experiment/result';
import { decimatePath, decimateResult, DISPLAY_RECORDS, displayStride, keptIndices } from '../../renderer/state/decimate';

describe('thinning long restarts for drawing', () => {
  it('keeps every stride-th record and always the last', () => {
    expect(Array.from(keptIndices(10, 3))).toEqual([0, 3, 6, 9]);
    expect(Array.from(keptIndices(11, 3))).toEqual([0, 3, 6, 9, 10]);
    expect(Array.from(keptIndices(4, 1))).toEqual([0, 1, 2, 3]);
    expect(displayStride(DISPLAY_RECORDS)).toBe(1);
    expect(displayStride(20_001)).toBe(11);
  });

  it('thins every per-record column row by row, and keeps the rest', () => {
    const count = 5001;
    const col = (f: (i: number) => number, width = 1) => Float64Array.from({ length: count * width }, (_, k) => f(k));
    const r: RestartResult = {
      variant: 0,
      index: 3,
      seed: 7,
      status: 'ok',
      reason: null,
      records: { count, step: col((i) => i), epoch: null, loss: col((i) => 1 / (1 + i)), accuracy: null, gradNorm: col((i) => i * 2), position: col((k) => k, 2) },
      params: { initial: Float64Array.from([1, 2]), final: Float64Array.from([3, 4]), history: col((k) => k, 2) },
      search: null,
      symmetry: null,
    };
    const stride = displayStride(count);
    const d = decimateResult(r, stride);
    expect(stride).toBe(3);
    expect(d.records.count).toBe(1668); // 0, 3, …, 4998 and the last, 5000
    expect(d.records.step[1]).toBe(3);
    expect(d.records.step[d.records.count - 1]).toBe(5000);
    expect(d.records.loss[d.records.count - 1]).toBe(r.records.loss[5000]);
    // Row k of a 2-wide column is the original row kept[k].
    expect(Array.from(d.records.position!.subarray(2, 4))).toEqual([6, 7]);
    expect(Array.from(d.params!.history!.subarray(2, 4))).toEqual([6, 7]);
    expect(d.params!.final).toBe(r.params!.final);
    expect(decimateResult(r, 1)).toBe(r);
  });

  it('thins a projected path the same way', () => {
    const n = 4001;
    const a = () => Float64Array.from({ length: n }, (_, i) => i);
    const p = decimatePath({ restart: 0, x: a(), y: a(), loss: a(), offPlane: a() }, displayStride(n));
    expect(p.x.length).toBe(1335); // stride 3: 0, 3, …, 3999 and 4000
    expect(p.loss[1334]).toBe(4000);
  });
});
