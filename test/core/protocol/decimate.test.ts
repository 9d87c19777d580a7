import { describe, expect, it } from 'vitest';
import type { RestartResult } from '../../../core/experiment/result';
import type { Configuration } from '../../../core/export/outputs';
import { decimatePath, decimateResult, DISPLAY_RECORDS, displayStride, keptIndices, thinEvents } from '../../../core/protocol/decimate';
import type { LandscapeData, RunEvent } from '../../../core/protocol/lab-api';

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

  describe('a run\'s events as the host sends them (thinEvents)', () => {
    const config = (variant: string, recordsPerRestart: number) => ({ variant, type: 'function', recordsPerRestart }) as unknown as Configuration;
    const result = (variant: number, count: number): RestartResult => ({
      variant,
      index: 0,
      seed: 1,
      status: 'ok',
      reason: null,
      records: { count, step: Float64Array.from({ length: count }, (_, i) => i), epoch: null, loss: new Float64Array(count), accuracy: null, gradNorm: new Float64Array(count), position: null },
      params: null,
      search: null,
      symmetry: null,
    });
    const started = (configurations: Configuration[], restarts: number): RunEvent => ({ type: 'started', run: 1, name: 'n', restarts, tasks: restarts * configurations.length, configurations });
    const path = (n: number) => ({ restart: 0, x: new Float64Array(n), y: new Float64Array(n), loss: new Float64Array(n), offPlane: new Float64Array(n) });

    it('thins each restart at its own configuration\'s stride for the run\'s restarts and the budget, leaving the host\'s result whole', () => {
      const thin = thinEvents(12_000);
      thin(started([config('short', 41), config('long', 701)], 256));
      const long = result(1, 701);
      const sent = thin({ type: 'restart', run: 1, result: long });
      const stride = displayStride(701, 256, 12_000);
      expect(stride).toBe(15);
      expect(sent.type === 'restart' && Array.from(sent.result.records.step)).toEqual(Array.from(keptIndices(701, 15)));
      expect(long.records.count).toBe(701);
      expect(long.records.step).toHaveLength(701);
      const short = result(0, 41);
      const sentShort = thin({ type: 'restart', run: 1, result: short });
      expect(sentShort.type === 'restart' && sentShort.result.records.count).toBe(keptIndices(41, displayStride(41, 256, 12_000)).length);
    });

    it('passes an event with nothing to thin as it is (no copy)', () => {
      const thin = thinEvents();
      thin(started([config('a', 701)], 256));
      const e: RunEvent = { type: 'restart', run: 1, result: result(0, 701) };
      expect(thin(e)).toBe(e);
      const p: RunEvent = { type: 'progress', run: 1, done: 1, total: 2, restartsDone: 0 };
      expect(thin(p)).toBe(p);
    });

    it('thins a landscape\'s paths at its variant\'s stride', () => {
      const thin = thinEvents(12_000);
      thin(started([config('a', 41), config('b', 701)], 256));
      const landscape = { kind: 'network', variant: 'b', paths: [path(701), path(701)] } as unknown as LandscapeData;
      const sent = thin({ type: 'landscape', run: 1, landscape });
      const n = keptIndices(701, 15).length;
      expect(sent.type === 'landscape' && sent.landscape.paths.map((q) => q.x.length)).toEqual([n, n]);
      expect(landscape.paths[0]!.x).toHaveLength(701);
    });
  });
});
