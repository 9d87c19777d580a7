import { describe, expect, it } from 'vitest';
import { unitDistance } from '../../../core/analysis/symmetry';
import { describeSimilarity, networkLayout, unitSimilarity } from '../../../renderer/charts/similarity-data';

/**
 * Flattens per-layer kernels K[l][i][j] (input i to unit j) and biases B[l][j] into one vector by the
 * layout core documents: each layer's kernel row-major, then its bias.
 */
function flatten(kernels: number[][][], biases: number[][]): Float64Array {
  const out: number[] = [];
  kernels.forEach((k, l) => {
    for (const row of k) out.push(...row);
    out.push(...biases[l]!);
  });
  return Float64Array.from(out);
}

function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((s, v, i) => s + v * b[i]!, 0);
  return dot / Math.hypot(...a) / Math.hypot(...b);
}

describe('unitSimilarity', () => {
  // A 2-3-1 network. Hidden unit j's vector is (K[0][j], K[1][j], b[j]).
  const layout = networkLayout([2, 3, 1]);

  it('gives 1 for identical units, −1 for opposite ones, reading W[i, j] at i·n + j', () => {
    const params = flatten(
      [
        [
          [1, -1, 1],
          [2, -2, 2],
        ],
        [[0.5], [0.5], [0.5]],
      ],
      [[3, -3, 3], [0]],
    );
    expect(params.length).toBe(layout.paramCount);
    expect(Array.from(unitSimilarity(layout, params, 0))).toEqual([1, -1, 1, -1, 1, -1, 1, -1, 1]);
  });

  it('matches cosines of vectors built by hand, and is symmetric with a diagonal of 1', () => {
    const k = [
      [0.3, -0.2, 0.9],
      [0.1, 0.8, -0.4],
    ];
    const b = [0.05, 0, -0.3];
    const m = unitSimilarity(layout, flatten([k, [[1], [1], [1]]], [b, [0]]), 0);
    const unit = (j: number) => [k[0]![j]!, k[1]![j]!, b[j]!];
    for (let a = 0; a < 3; a++) {
      expect(m[a * 3 + a]).toBe(1);
      for (let c = 0; c < 3; c++) {
        if (a !== c) expect(m[a * 3 + c]).toBeCloseTo(cosine(unit(a), unit(c)), 14);
        expect(m[a * 3 + c]).toBe(m[c * 3 + a]);
      }
    }
  });

  it('agrees with core: units at distance 0 have similarity 1', () => {
    const params = flatten(
      [
        [
          [0.4, 0.4, -1],
          [0.7, 0.7, 2],
        ],
        [[1], [1], [1]],
      ],
      [[0.1, 0.1, 0], [0]],
    );
    const m = unitSimilarity(layout, params, 0);
    expect(unitDistance(params, layout.kernelOffset[0]!, layout.biasOffset[0]!, 2, 3, 0, 1)).toBe(0);
    expect(m[1]).toBe(1);
    expect(m[2]).toBeLessThan(1);
  });

  it('counts the all-zero units of a zeros start as copies (1), and a zero unit against another as 0', () => {
    const zeros = new Float64Array(layout.paramCount);
    expect(Array.from(unitSimilarity(layout, zeros, 0))).toEqual(new Array(9).fill(1));
    const one = zeros.slice();
    one[0] = 1; // W[0, 0]: unit 0 is no longer zero
    const m = unitSimilarity(layout, one, 0);
    expect([m[1], m[2], m[5]]).toEqual([0, 0, 1]);
  });

  it('reads the second hidden layer from its own offsets', () => {
    const net = networkLayout([2, 2, 2, 1]);
    const params = flatten(
      [
        [
          [9, 8],
          [7, 6],
        ],
        [
          [1, 1],
          [0, 0],
        ],
        [[1], [1]],
      ],
      [[5, 4], [0, 0], [0]],
    );
    expect(Array.from(unitSimilarity(net, params, 1))).toEqual([1, 1, 1, 1]);
    expect(unitSimilarity(net, params, 0)[1]).toBeLessThan(1);
  });

  it('writes into a given output and refuses the output layer, a wrong vector or output', () => {
    const out = new Float64Array(9);
    expect(unitSimilarity(layout, new Float64Array(13), 0, out)).toBe(out);
    expect(() => unitSimilarity(layout, new Float64Array(13), 1)).toThrow('expected a hidden layer 0..0, found 1');
    expect(() => unitSimilarity(layout, new Float64Array(12), 0)).toThrow('expected 13 parameters (the 2-3-1 network), found 12');
    expect(() => unitSimilarity(layout, new Float64Array(13), 0, new Float64Array(4))).toThrow('expected an output of 9 values, found 4');
  });
});

describe('describeSimilarity', () => {
  it('says when every unit is a copy', () => {
    expect(describeSimilarity(new Float64Array(9).fill(1), 3, 'hidden layer 1')).toBe(
      'Unit similarity of hidden layer 1: 3 units, 3 of 3 pairs identical (every unit is a copy of the others), mean similarity 1.',
    );
    expect(describeSimilarity(Float64Array.from([1, 0, 0, 1]), 2, 'x')).toBe('Unit similarity of x: 2 units, 0 of 1 pairs identical, mean similarity 0.');
  });
});

describe('unitSimilarity at extreme scales', () => {
  it('stays exact when |a|²·|b|² would overflow or underflow', () => {
    const layout = networkLayout([1, 2, 1]);
    // Units (w, b): (1e100, 0) and (2e100, 0) are parallel; (1e-100, 0) and (-1e-100, 0) opposite.
    expect(unitSimilarity(layout, Float64Array.from([1e100, 2e100, 0, 0, 1, 1, 0]), 0)[1]).toBe(1);
    expect(unitSimilarity(layout, Float64Array.from([1e-100, -1e-100, 0, 0, 1, 1, 0]), 0)[1]).toBe(-1);
  });
});
