// toJsonChunks gives toJson's text in pieces: the same text, whatever the value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJson, toJsonChunks } from '../../../core/export/json';

/** JSON-like values with what the lab writes: typed arrays, non-finite numbers, -0, undefined fields. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.double(),
    fc.constantFrom(-0, NaN, Infinity, -Infinity),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.float64Array({ maxLength: 6 }),
  ),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 5 }), fc.dictionary(fc.string(), fc.option(tie('node'), { nil: undefined }), { maxKeys: 5 })),
})).node;

describe('toJsonChunks', () => {
  it('joins to exactly toJson, for 500 random values and both indents', () => {
    fc.assert(fc.property(value, fc.constantFrom(2, 4), (v, indent) => {
      expect([...toJsonChunks(v, indent)].join('')).toBe(toJson(v, indent));
    }), { numRuns: 500 });
  });

  it('gives a large value in many pieces (a landscape: an object of arrays of objects)', () => {
    const landscape = { grid: new Float64Array(9), paths: Array.from({ length: 50 }, (_, i) => ({ restart: i, x: new Float64Array(4) })) };
    const pieces = [...toJsonChunks(landscape)];
    expect(pieces.length).toBeGreaterThan(100);
    expect(pieces.join('')).toBe(toJson(landscape));
  });
});
