// pack/unpack carry a worker's results to its host as one Float64Array and one string: every value
// must come back as it went, bit for bit, whatever the shape of the result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveExperiment, type RunPlan } from '../../../core/experiment/resolve';
import { failedResult, type RestartResult } from '../../../core/experiment/result';
import { trainRestart } from '../../../core/experiment/train';
import { pack, unpack } from '../../../core/protocol/packed';

const noFiles = () => {
  throw new Error('no files');
};
const plan = (problem: unknown, record: unknown = { every: 3, params: 'all' }): RunPlan =>
  resolveExperiment({ format: 'landscape-lab/experiment@1', seed: 'packed', restarts: 2, problem, record }, noFiles);

/** The value with every Float64Array as a tagged plain array, every number as its bits: equal iff the values are the same bit for bit. */
function bits(v: unknown): unknown {
  if (v instanceof Float64Array) return { f64: Array.from(v, bits) };
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v;
  if (Array.isArray(v)) return v.map(bits);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bits(x)]));
  return v;
}

const roundTrip = <T>(v: T): T => unpack<T>(structuredClone(pack(v)));

describe('pack and unpack', () => {
  const results: [string, RestartResult][] = [
    ['a network restart with its parameter history', trainRestart(plan({ type: 'network', dataset: { kind: 'xor' }, model: { hidden: [3] }, optimizer: { name: 'adam', epochs: 4, batchSize: 2 } }), 0, 1)],
    [
      'a genetic algorithm with its populations',
      trainRestart(plan({ type: 'function', function: { name: 'himmelblau' }, search: { name: 'genetic_algorithm', steps: 6, population: 5 } }), 0, 0),
    ],
    ['a simulated annealing search without parameters', trainRestart(plan({ type: 'function', function: { name: 'rastrigin' }, search: { name: 'simulated_annealing', steps: 40 } }, { every: 7, params: 'none' }), 0, 1)],
    [
      'a diverged network',
      trainRestart(plan({ type: 'network', dataset: { kind: 'sine', samples: 20 }, model: { hidden: [4], activation: 'relu' }, optimizer: { name: 'sgd', learningRate: 1e6, epochs: 30 } }), 0, 0),
    ],
    ['a failed restart', failedResult(plan({ type: 'function', function: { name: 'sphere' }, search: { name: 'random_search', steps: 3 } }), { variant: 0, index: 1 }, 'its worker exited with code 3')],
  ];

  it.each(results)('gives back %s bit for bit, every array a Float64Array', (_, result) => {
    const back = roundTrip(result);
    expect(bits(back)).toEqual(bits(result));
    expect(back.records.loss).toBeInstanceOf(Float64Array);
    expect(Object.keys(back)).toEqual(Object.keys(result));
  });

  it('keeps the statuses and reasons of diverged and failed restarts (the cases above are what they claim)', () => {
    expect(results.map(([, r]) => r.status)).toEqual(['ok', 'ok', 'ok', 'diverged', 'failed']);
    expect(roundTrip(results[3]![1]).reason).toMatch(/finite/);
  });

  it('gives back NaN, ±Infinity, −0, the largest and smallest doubles, in arrays and as numbers', () => {
    const special = [NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** 53 + 2, 0.1];
    const value = { list: special, array: Float64Array.from(special), nested: [{ x: -0 }, [NaN, null, true, false, 'text']] };
    expect(bits(roundTrip(value))).toEqual(bits(value));
  });

  it('sends one array once: the same Float64Array twice comes back as one view; empty arrays stay empty', () => {
    const shared = Float64Array.of(1, 2, 3);
    const back = roundTrip({ a: shared, b: shared, e: new Float64Array(0), f: new Float64Array(0), c: Float64Array.of(4) });
    expect(back.a).toBe(back.b);
    expect(Array.from(back.c)).toEqual([4]);
    expect(back.e.length + back.f.length).toBe(0);
    expect(pack({ a: shared, b: shared }).data.length).toBeLessThan(2 * 3 + 10);
  });

  it('keeps undefined (as structured cloning does), and a "__proto__" key as data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}') as Record<string, unknown>;
    const back = roundTrip({ ...value, gone: undefined, list: [1, undefined] }) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['__proto__', 'a', 'gone', 'list']);
    expect(back.gone).toBeUndefined();
    expect(back.list).toEqual([1, undefined]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses, naming where, what it cannot carry exactly', () => {
    expect(() => pack({ a: [1, { b: new Int32Array(2) }] })).toThrow('pack cannot carry the value.a[1].b: a Int32Array');
    expect(() => pack({ m: new Map() })).toThrow('the value.m: a Map');
    expect(() => pack({ f: () => 1 })).toThrow('the value.f: a function');
    expect(() => pack(10n)).toThrow('a bigint');
  });

  it('refuses a malformed packing with what is wrong', () => {
    const good = pack({ a: Float64Array.of(1, 2) });
    expect(() => unpack({ data: good.data.subarray(0, 4), text: good.text })).toThrow(/ends early/);
    expect(() => unpack({ data: Float64Array.of(42), text: '[]' })).toThrow('unknown tag 42');
    expect(() => unpack({ data: Float64Array.of(5, 3), text: '["x"]' })).toThrow('names string 3 of 1');
    expect(() => unpack({ data: Float64Array.of(7, -1), text: '[]' })).toThrow('bad length -1');
    expect(() => unpack({ data: Float64Array.of(0, 0), text: '[]' })).toThrow('data left over');
    expect(() => unpack({ data: Float64Array.of(9, 0), text: '[]' })).toThrow('has not given');
  });

  it('gives back any value of plain objects, arrays, strings, numbers, booleans, null, undefined and Float64Arrays (1,000 cases)', () => {
    const leaf = fc.oneof(fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.float64Array({ maxLength: 20 }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 5 }), fc.dictionary(fc.string().filter((k) => k !== '$'), tie('node'), { maxKeys: 5 })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(bits(roundTrip(v))).toEqual(bits(v));
      }),
      { numRuns: 1000 },
    );
  });
});
