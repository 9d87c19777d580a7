import { describe, expect, it } from 'vitest';
import { LOG_OFFSET, finiteRange, heightToLoss, lossToHeight, sameScale, type HeightScale } from '../../../renderer/scene/height';

const linear: HeightScale = { min: 2, max: 6, log: false };
const log: HeightScale = { min: 2, max: 6, log: true };

describe('finiteRange', () => {
  it('skips NaN and infinities and is null when nothing is finite', () => {
    expect(finiteRange([NaN, 3, Infinity, -1, -Infinity, 2])).toEqual({ min: -1, max: 3 });
    expect(finiteRange([NaN, Infinity])).toBeNull();
    expect(finiteRange([])).toBeNull();
  });

  it('folds more values into a range', () => {
    expect(finiteRange([5, NaN], { min: 1, max: 2 })).toEqual({ min: 1, max: 5 });
    expect(finiteRange([NaN], { min: 1, max: 2 })).toEqual({ min: 1, max: 2 });
  });
});

describe('lossToHeight', () => {
  it('maps the range linearly to [0, 1] and extends beyond it', () => {
    expect(lossToHeight(linear, 2)).toBe(0);
    expect(lossToHeight(linear, 6)).toBe(1);
    expect(lossToHeight(linear, 3)).toBe(0.25);
    expect(lossToHeight(linear, 10)).toBe(2);
    expect(lossToHeight(linear, 0)).toBe(-0.5);
  });

  it('log heights: 0 at the min, 1 at the max, log10 of the offset loss between', () => {
    expect(lossToHeight(log, 2)).toBe(0);
    expect(lossToHeight(log, 6)).toBeCloseTo(1, 14);
    // One offset above the min doubles (loss − min + offset): log10(2) / log10((range + offset) / offset).
    const offset = LOG_OFFSET * 4;
    expect(lossToHeight(log, 2 + offset)).toBeCloseTo(Math.log10(2) / Math.log10((4 + offset) / offset), 14);
    // Log heights spread the low end: a quarter of the range sits far above a quarter of the height.
    expect(lossToHeight(log, 3)).toBeGreaterThan(0.75);
  });

  it('log heights are monotone and 0 for every loss at or below the min', () => {
    const hs = [2, 2.001, 2.1, 3, 5, 6, 9].map((l) => lossToHeight(log, l));
    for (let i = 1; i < hs.length; i++) expect(hs[i]).toBeGreaterThan(hs[i - 1]!);
    expect(lossToHeight(log, 1)).toBe(0);
    expect(lossToHeight(log, -100)).toBe(0);
  });

  it('gives NaN for non-finite losses in both modes', () => {
    for (const scale of [linear, log]) for (const loss of [NaN, Infinity, -Infinity]) expect(lossToHeight(scale, loss)).toBeNaN();
  });

  it('treats a zero-width range as width 1 above its min', () => {
    const flat: HeightScale = { min: 3, max: 3, log: false };
    expect(lossToHeight(flat, 3)).toBe(0);
    expect(lossToHeight(flat, 4)).toBe(1);
    expect(lossToHeight({ ...flat, log: true }, 3)).toBe(0);
    expect(Number.isFinite(lossToHeight({ ...flat, log: true }, 3.5))).toBe(true);
  });
});

describe('heightToLoss', () => {
  it('inverts lossToHeight in both modes', () => {
    for (const scale of [linear, log]) for (const loss of [2, 2.0001, 2.5, 4, 6, 7]) expect(heightToLoss(scale, lossToHeight(scale, loss))).toBeCloseTo(loss, 10);
  });
});

describe('sameScale', () => {
  it('compares every field and handles null', () => {
    expect(sameScale(linear, { ...linear })).toBe(true);
    expect(sameScale(linear, log)).toBe(false);
    expect(sameScale(linear, { ...linear, max: 7 })).toBe(false);
    expect(sameScale(null, null)).toBe(true);
    expect(sameScale(linear, null)).toBe(false);
  });
});
