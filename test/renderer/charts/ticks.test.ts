import { describe, expect, it } from 'vitest';
import { formatTick, formatValue, logTicks, niceTicks, valueRange } from '../../../renderer/charts/ticks';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten, inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual({ values: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 });
    expect(niceTicks(0.13, 0.87, 5)).toEqual({ values: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], step: 0.1 });
    expect(niceTicks(-3, 7, 5).values).toEqual([-2, 0, 2, 4, 6]);
    expect(Object.is(niceTicks(-0.5, 1, 3).values[1], 0)).toBe(true);
    expect(niceTicks(0, 1000, 4).step).toBe(200);
  });

  it('gives one tick for a zero-width range and rejects a reversed or non-finite one', () => {
    expect(niceTicks(2, 2)).toEqual({ values: [2], step: 0 });
    expect(() => niceTicks(1, 0)).toThrow('expected a finite range min <= max, found [1, 0]');
    expect(() => niceTicks(0, NaN)).toThrow('expected a finite range min <= max, found [0, NaN]');
  });
});

describe('logTicks', () => {
  it('marks powers of ten, adding 2 and 5 within two decades', () => {
    expect(logTicks(0.001, 10).values).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(1, 30).values).toEqual([1, 2, 5, 10, 20]);
  });

  it('rejects a range that is not positive', () => {
    expect(() => logTicks(0, 1)).toThrow('expected a positive range for a log axis, found [0, 1]');
  });
});

describe('formatTick and formatValue', () => {
  it('uses as many decimals as the step needs, and exponents for tiny or huge values', () => {
    expect(formatTick(0.30000000000000004, 0.1)).toBe('0.3');
    expect(formatTick(40, 20)).toBe('40');
    expect(formatTick(1e-5, 0)).toBe('1e-5');
    expect(formatTick(2.5e6, 0)).toBe('2.5e6');
    expect(formatValue(0.123456)).toBe('0.123');
    expect(formatValue(NaN)).toBe('NaN');
  });
});

describe('valueRange', () => {
  it('starts non-negative data at 0 and pads signed data on both sides', () => {
    expect(valueRange(0.2, 0.7, false)).toEqual({ min: 0, max: 0.7 + 0.06 * 0.5 });
    const r = valueRange(-10, 10, false);
    expect(r.min).toBeCloseTo(-11.2, 12);
    expect(r.max).toBeCloseTo(11.2, 12);
  });

  it('pads a log range in decades and refuses non-positive data', () => {
    const r = valueRange(0.01, 1, true);
    expect(Math.log10(r.min)).toBeCloseTo(-2.1, 12);
    expect(Math.log10(r.max)).toBeCloseTo(0.1, 12);
    expect(() => valueRange(0, 1, true)).toThrow('expected positive values for a log axis, found 0');
  });

  it('falls back to a unit range when there is no finite data', () => {
    expect(valueRange(NaN, NaN, false)).toEqual({ min: 0, max: 1 });
    expect(valueRange(Infinity, -Infinity, true)).toEqual({ min: 0.1, max: 10 });
  });
});
