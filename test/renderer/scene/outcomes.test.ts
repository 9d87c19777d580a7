import { describe, expect, it } from 'vitest';
import { pathOutcomes, stalledRecord } from '../../../renderer/scene/outcomes';
import { result } from './helpers';

describe('stalledRecord', () => {
  it('is the first record whose step reaches stalledAt', () => {
    expect(stalledRecord(result(0, [0, 10, 20, 30], { stalledAt: 20 }))).toBe(2);
    expect(stalledRecord(result(0, [0, 10, 20, 30], { stalledAt: 15 }))).toBe(2);
    expect(stalledRecord(result(0, [0, 10, 20, 30], { stalledAt: 0 }))).toBe(0);
  });

  it('is null without a stall or when no valid record reaches it', () => {
    expect(stalledRecord(result(0, [0, 10], { stalledAt: null }))).toBeNull();
    expect(stalledRecord(result(0, [0, 10]))).toBeNull();
    expect(stalledRecord(result(0, [0, 10], { stalledAt: 11 }))).toBeNull();
    const r = result(0, [0, 10, 20], { stalledAt: 20 });
    r.records.count = 2;
    expect(stalledRecord(r)).toBeNull();
  });
});

describe('pathOutcomes', () => {
  it('maps restart index to divergence and stall record, for one variant when asked', () => {
    const results = [result(0, [0, 5], { status: 'diverged' }), result(1, [0, 5, 10], { stalledAt: 5 }), result(0, [0, 5], { variant: 1 })];
    const v0 = pathOutcomes(results, 0);
    expect([...v0.entries()]).toEqual([
      [0, { diverged: true, stalledRecord: null }],
      [1, { diverged: false, stalledRecord: 1 }],
    ]);
    expect(pathOutcomes(results, 1).get(0)).toEqual({ diverged: false, stalledRecord: null });
    expect(pathOutcomes(results).get(0)).toEqual({ diverged: false, stalledRecord: null });
  });
});
