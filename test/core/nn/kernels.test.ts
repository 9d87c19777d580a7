import { describe, expect, it } from 'vitest';
import { expBounded, tanh } from '../../../core/nn/activation';
import { addColumnSums, gemmNN, gemmNT, gemmTN } from '../../../core/nn/gemm';
import { Stream } from '../../../core/rng/stream';

// The special-shape paths of the gemm kernels (one output column, depth 1 or 2) and the bias sums
// must give the plain loop's results bit for bit, as must tanh with its constants written as literals.

function random(n: number, s: Stream): Float64Array {
  return Float64Array.from({ length: n }, () => s.normal());
}

/** Same bits (so -0 differs from +0, and NaN equals NaN). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('special-shape gemm paths equal the plain loop bit for bit', () => {
  const oneColumn = [1, 2, 3, 4, 5, 7, 8, 9, 33].flatMap((rows) => [1, 2, 16, 17].map((depth) => [rows, depth] as const));

  it.each(oneColumn)('NN with one column: %i rows, depth %i', (rows, depth) => {
    const s = new Stream(`nn1/${rows}/${depth}`);
    const xr = depth + 2;
    const yk = 3;
    const x = random(5 + rows * xr, s);
    const y = random(7 + depth * yk, s);
    const start = random(4, s);
    const outR = 2;
    const out = new Float64Array(1 + rows * outR).fill(-1);
    const expected = out.slice();
    gemmNN(rows, 1, depth, x, 5, xr, y, 7, yk, start, 3, out, 1, outR);
    for (let r = 0; r < rows; r++) {
      let sum = start[3]!;
      for (let k = 0; k < depth; k++) sum += x[5 + r * xr + k]! * y[7 + k * yk]!;
      expected[1 + r * outR] = sum;
    }
    expect(sameBits(out, expected)).toBe(true);
  });

  const depthTwo = [1, 2, 3, 5, 32].flatMap((rows) => [1, 3, 4, 5, 8, 16, 17].map((cols) => [rows, cols] as const));

  it.each(depthTwo)('NN with depth 2: %i rows, %i columns', (rows, cols) => {
    const s = new Stream(`nn2/${rows}/${cols}`);
    const xr = 3;
    const yk = cols + 1;
    const x = random(2 + rows * xr, s);
    const y = random(4 + 2 * yk, s);
    const start = random(cols + 6, s);
    const outR = cols + 2;
    const out = new Float64Array(3 + rows * outR).fill(-1);
    const expected = out.slice();
    gemmNN(rows, cols, 2, x, 2, xr, y, 4, yk, start, 6, out, 3, outR);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = start[6 + c]!;
        for (let k = 0; k < 2; k++) sum += x[2 + r * xr + k]! * y[4 + k * yk + c]!;
        expected[3 + r * outR + c] = sum;
      }
    }
    expect(sameBits(out, expected)).toBe(true);
  });

  it.each(oneColumn)('TN with one column: %i rows, depth %i (accumulates)', (rows, depth) => {
    const s = new Stream(`tn1/${rows}/${depth}`);
    const xk = rows + 1;
    const yk = 2;
    const x = random(depth * xk, s);
    const y = random(depth * yk, s);
    const outR = 3;
    const out = random(2 + rows * outR, s);
    const expected = out.slice();
    gemmTN(rows, 1, depth, x, xk, y, yk, out, 2, outR);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let k = 0; k < depth; k++) sum += x[k * xk + r]! * y[k * yk]!;
      expected[2 + r * outR] = expected[2 + r * outR]! + sum;
    }
    expect(sameBits(out, expected)).toBe(true);
  });

  const depthOne = [1, 2, 5, 32].flatMap((rows) => [1, 3, 4, 6, 16, 17].map((cols) => [rows, cols] as const));

  it.each(depthOne)('NT with depth 1: %i rows, %i columns', (rows, cols) => {
    const s = new Stream(`nt1/${rows}/${cols}`);
    const xr = 2;
    const yc = 3;
    const x = random(rows * xr, s);
    const y = random(5 + cols * yc, s);
    const outR = cols + 1;
    const out = new Float64Array(rows * outR).fill(-1);
    const expected = out.slice();
    gemmNT(rows, cols, 1, x, xr, y, 5, yc, out, outR);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        sum += x[r * xr]! * y[5 + c * yc]!;
        expected[r * outR + c] = sum;
      }
    }
    expect(sameBits(out, expected)).toBe(true);
  });

  it('NT with depth 1 turns a product of -0 into +0, as the plain sum from 0 does', () => {
    const out = new Float64Array(4).fill(-1);
    gemmNT(2, 2, 1, Float64Array.of(-0, 3), 1, Float64Array.of(2, -0), 0, 1, out, 2);
    expect(Array.from(out, (v) => Object.is(v, -0))).toEqual([false, false, false, false]);
    expect(Array.from(out)).toEqual([0, 0, 6, 0]);
  });

  it.each([[1, 1], [3, 2], [32, 16], [33, 17], [256, 5], [7, 1]] as const)('column sums: %i rows, %i columns (accumulates)', (rows, cols) => {
    const s = new Stream(`sums/${rows}/${cols}`);
    const xr = cols + 2;
    const x = random(rows * xr, s);
    const out = random(cols + 3, s);
    const expected = out.slice();
    addColumnSums(rows, cols, x, xr, out, 3);
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += x[r * xr + c]!;
      expected[3 + c] = expected[3 + c]! + sum;
    }
    expect(sameBits(out, expected)).toBe(true);
  });

  it('column sums of -0 add +0, as the plain sum from 0 does', () => {
    const out = Float64Array.of(-0, -0);
    addColumnSums(3, 2, Float64Array.of(-0, -0, -0, -0, -0, -0), 2, out, 0);
    expect(Object.is(out[0], 0) && Object.is(out[1], 0)).toBe(true);
  });
});

// tanh and expBounded once read their coefficients from named module constants; now they are literals
// in the expressions (see core/nn/activation.ts). The Cephes coefficients kept their decimal strings;
// the reduction constants were expressions, so check that each equals the literal that replaced it,
// and that tanh's rational branch equals the named-constant formulation on many points.
const TP0 = -9.64399179425052238628e-1;
const TP1 = -9.92877231001918586564e1;
const TP2 = -1.61468768441708447952e3;
const TQ0 = 1.12811678491632931402e2;
const TQ1 = 2.23548839060100448583e3;
const TQ2 = 4.84406305325125486048e3;

describe('tanh with literal coefficients equals the named-constant formulation bit for bit', () => {
  it('uses the same reduction constants in expBounded', () => {
    expect(32 / Math.LN2).toBe(46.16624130844683);
    expect(6.9314718036912381649e-1 / 32).toBe(0.02166084938653512);
    expect(1.90821492927058770002e-10 / 32).toBe(5.9631716539705866e-12);
  });

  it('matches on 10^6 points below 0.625', () => {
    const s = new Stream('tanh-literals');
    let mismatches = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const x = (2 * s.uniform() - 1) * [1e-6, 0.01, 0.3, 0.625][i % 4]!;
      const q = x * x;
      const expected = Math.abs(x) < 1e-9 ? x : x + x * q * (((TP0 * q + TP1) * q + TP2) / (((q + TQ0) * q + TQ1) * q + TQ2));
      if (!Object.is(tanh(x), expected)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('uses expBounded beyond 0.625', () => {
    for (const x of [0.6250000000000001, 0.7, 1.5, -3, 19.1, -19]) {
      const z = 1 - 2 / (expBounded(2 * Math.abs(x)) + 1);
      expect(tanh(x)).toBe(x < 0 ? -z : z);
    }
  });
});
