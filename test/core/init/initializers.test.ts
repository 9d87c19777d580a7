import { describe, expect, it } from 'vitest';
import type { InitializerSpec } from '../../../core/experiment/schema';
import {
  computeFans,
  initialize,
  needsMatrix,
  TRUNCATED_NORMAL_STDDEV,
  varianceScalingOf,
  type Shape,
} from '../../../core/init/initializers';
import { Stream } from '../../../core/rng/stream';

/** The Keras constant, written out again so that a change in core is caught. */
const KERAS_TRUNCATED_STDDEV = 0.87962566103423978;

/** A large kernel: fan_in 400, fan_out 300, fan_avg 350; 120,000 draws. */
const KERNEL: Shape = [400, 300];
const N = 400 * 300;

// Tolerance on a realised second moment. For N draws with known mean, the relative standard error of
// the mean square is sqrt((kurtosis - 1) / N): sqrt(2/N) = 0.41% for a normal (kurtosis 3), 0.34% for
// a normal truncated to ±2 (kurtosis 2.366), 0.26% for a uniform (kurtosis 1.8). Five times the
// largest, 5 * sqrt(2 / 120000) = 2.04%, bounds all three; mixing up fan_in (400) and fan_avg (350)
// would be off by 14%, and forgetting the truncation correction by 23%.
const VARIANCE_RTOL = 5 * Math.sqrt(2 / N);

function sizeOf(shape: Shape): number {
  return shape.length === 1 ? shape[0] : shape[0] * shape[1];
}

/** A tensor drawn by `spec` from a fresh stream with `key`. */
function draw(spec: InitializerSpec, shape: Shape, key = 'init'): Float64Array {
  const out = new Float64Array(sizeOf(shape));
  initialize(spec, shape, new Stream(key), out, 0);
  return out;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

/** The mean square about a known centre. */
function meanSquare(a: Float64Array, centre = 0): number {
  let s = 0;
  for (const v of a) s += (v - centre) ** 2;
  return s / a.length;
}

function maxAbs(a: Float64Array, centre = 0): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v - centre));
  return m;
}

function expectRelativelyClose(actual: number, expected: number, rtol: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(rtol);
}

describe('computeFans (Keras compute_fans)', () => {
  it('gives fan_in = fan_out = n for a 1-D shape [n]', () => {
    expect(computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
  });

  it('gives fan_in = in and fan_out = out for a kernel [in, out]', () => {
    expect(computeFans([3, 5])).toEqual({ fanIn: 3, fanOut: 5 });
  });
});

describe('the Keras truncation constant', () => {
  it('is 0.87962566103423978, the stddev of N(0,1) truncated to ±2', () => {
    expect(TRUNCATED_NORMAL_STDDEV).toBe(KERAS_TRUNCATED_STDDEV);
  });
});

describe('constant initializers', () => {
  it('zeros fills with 0', () => {
    expect(Array.from(draw({ name: 'zeros' }, [2, 3]))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('ones fills with 1', () => {
    expect(Array.from(draw({ name: 'ones' }, [4]))).toEqual([1, 1, 1, 1]);
  });

  it('constant fills with its value', () => {
    expect(Array.from(draw({ name: 'constant', value: -0.25 }, [3, 2]))).toEqual([-0.25, -0.25, -0.25, -0.25, -0.25, -0.25]);
  });
});

describe('writing at an offset', () => {
  it.each<InitializerSpec>([{ name: 'constant', value: 7 }, { name: 'glorot_uniform' }, { name: 'orthogonal', gain: 1 }, { name: 'identity', gain: 1 }])(
    '$name writes exactly out[offset, offset + size) and the same values as at offset 0',
    (spec) => {
      const shape: Shape = [4, 3];
      const out = new Float64Array(20).fill(NaN);
      initialize(spec, shape, new Stream('offset'), out, 5);
      expect(out.slice(0, 5).every(Number.isNaN)).toBe(true);
      expect(out.slice(17).every(Number.isNaN)).toBe(true);
      expect(out.slice(5, 17)).toEqual(draw(spec, shape, 'offset'));
    },
  );
});

describe('random_normal', () => {
  it('draws mean + stddev * normal() in element order', () => {
    const got = draw({ name: 'random_normal', mean: 0.3, stddev: 2 }, [5, 4], 'rn');
    const s = new Stream('rn');
    expect(Array.from(got)).toEqual(Array.from({ length: 20 }, () => 0.3 + 2 * s.normal()));
  });

  it('has the requested mean and stddev on a large kernel', () => {
    const a = draw({ name: 'random_normal', mean: 0.3, stddev: 2 }, KERNEL);
    // Standard error of the mean: 2 / sqrt(120000) = 0.0058; bound 5 of them.
    expect(Math.abs(mean(a) - 0.3)).toBeLessThan(5 * (2 / Math.sqrt(N)));
    expectRelativelyClose(meanSquare(a, 0.3), 4, VARIANCE_RTOL);
  });
});

describe('random_uniform', () => {
  it('stays within [minval, maxval] and reaches near both ends', () => {
    const a = draw({ name: 'random_uniform', minval: -0.3, maxval: 0.7 }, KERNEL);
    const lo = a.reduce((m, v) => Math.min(m, v), Infinity);
    const hi = a.reduce((m, v) => Math.max(m, v), -Infinity);
    expect(lo).toBeGreaterThanOrEqual(-0.3);
    expect(hi).toBeLessThanOrEqual(0.7);
    // About 12 of the 120,000 draws fall within 10^-4 of each end.
    expect(lo).toBeLessThan(-0.2999);
    expect(hi).toBeGreaterThan(0.6999);
  });

  it('has mean (minval + maxval)/2 and variance (maxval - minval)^2/12', () => {
    const a = draw({ name: 'random_uniform', minval: -0.3, maxval: 0.7 }, KERNEL);
    // Standard error of the mean: sqrt(1/12 / 120000) = 0.00083; bound 5 of them.
    expect(Math.abs(mean(a) - 0.2)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expectRelativelyClose(meanSquare(a, 0.2), 1 / 12, VARIANCE_RTOL);
  });
});

describe('truncated_normal', () => {
  it('keeps every value within mean ± 2 stddev', () => {
    const a = draw({ name: 'truncated_normal', mean: 1, stddev: 0.5 }, KERNEL);
    expect(maxAbs(a, 1)).toBeLessThanOrEqual(2 * 0.5);
    expect(maxAbs(a, 1)).toBeGreaterThan(0.99);
  });

  it('applies no variance correction: the realised stddev is 0.8796 * stddev', () => {
    const a = draw({ name: 'truncated_normal', mean: 1, stddev: 0.5 }, KERNEL);
    expectRelativelyClose(meanSquare(a, 1), (KERAS_TRUNCATED_STDDEV * 0.5) ** 2, VARIANCE_RTOL);
  });
});

type Mode = 'fan_in' | 'fan_out' | 'fan_avg';
type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';
const MODES: Mode[] = ['fan_in', 'fan_out', 'fan_avg'];
const DISTRIBUTIONS: Distribution[] = ['uniform', 'truncated_normal', 'untruncated_normal'];
const FAN: Record<Mode, number> = { fan_in: 400, fan_out: 300, fan_avg: 350 };

/** Checks a variance_scaling draw with target variance `s`: Keras's bound and the realised variance. */
function expectVarianceScaling(a: Float64Array, distribution: Distribution, s: number): void {
  if (distribution === 'uniform') {
    const limit = Math.sqrt(3 * s);
    expect(maxAbs(a)).toBeLessThanOrEqual(limit);
    expect(maxAbs(a)).toBeGreaterThan(0.999 * limit);
  } else if (distribution === 'truncated_normal') {
    const stddev = Math.sqrt(s) / KERAS_TRUNCATED_STDDEV;
    expect(maxAbs(a)).toBeLessThanOrEqual(2 * stddev);
    expect(maxAbs(a)).toBeGreaterThan(1.99 * stddev);
  } else {
    // Untruncated: 120,000 normal draws go past 3 stddev about 324 times.
    expect(maxAbs(a)).toBeGreaterThan(3 * Math.sqrt(s));
  }
  expectRelativelyClose(meanSquare(a), s, VARIANCE_RTOL);
  expect(Math.abs(mean(a))).toBeLessThan(5 * Math.sqrt(s / a.length));
}

describe('variance_scaling', () => {
  const cases = MODES.flatMap((mode) => DISTRIBUTIONS.map((distribution) => ({ mode, distribution })));
  it.each(cases)('$mode × $distribution has variance scale / fan and Keras bounds', ({ mode, distribution }) => {
    const a = draw({ name: 'variance_scaling', scale: 3, mode, distribution }, KERNEL, `vs ${mode} ${distribution}`);
    expectVarianceScaling(a, distribution, 3 / FAN[mode]);
  });

  it('uses the length of a 1-D shape as both fans', () => {
    const a = draw({ name: 'variance_scaling', scale: 2, mode: 'fan_out', distribution: 'uniform' }, [50_000]);
    expectVarianceScaling(a, 'uniform', 2 / 50_000);
  });
});

describe('the Keras shorthand initializers', () => {
  const table: [InitializerSpec['name'], number, Mode, Distribution][] = [
    ['lecun_uniform', 1, 'fan_in', 'uniform'],
    ['lecun_normal', 1, 'fan_in', 'truncated_normal'],
    ['glorot_uniform', 1, 'fan_avg', 'uniform'],
    ['glorot_normal', 1, 'fan_avg', 'truncated_normal'],
    ['he_uniform', 2, 'fan_in', 'uniform'],
    ['he_normal', 2, 'fan_in', 'truncated_normal'],
  ];

  it.each(table)('%s is variance_scaling(scale %d, %s, %s)', (name, scale, mode, distribution) => {
    const spec = { name } as InitializerSpec;
    expect(varianceScalingOf(spec)).toEqual({ scale, mode, distribution });
    expect(draw(spec, [6, 5], name)).toEqual(draw({ name: 'variance_scaling', scale, mode, distribution }, [6, 5], name));
  });

  it.each(table)('%s has the realised variance of its formula on a 400×300 kernel', (name, scale, mode, distribution) => {
    expectVarianceScaling(draw({ name } as InitializerSpec, KERNEL, `family ${name}`), distribution, scale / FAN[mode]);
  });

  it('has no variance_scaling settings for the other initializers', () => {
    expect(varianceScalingOf({ name: 'orthogonal', gain: 1 })).toBeNull();
    expect(varianceScalingOf({ name: 'random_normal', mean: 0, stddev: 1 })).toBeNull();
  });
});

// ---------------------------------------------------------------- orthogonal and identity

/** C = A·B for row-major A (m×k) and B (k×n). */
function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) c[i * n + j]! += a[i * k + p]! * b[p * n + j]!;
  return c;
}

function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}

/** The largest |M - gain² I| entry of an n×n matrix. */
function distanceFromScaledIdentity(mat: Float64Array, n: number, gain2: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(mat[i * n + j]! - (i === j ? gain2 : 0)));
  return worst;
}

/**
 * An independent reference for Q·sign(diag R): modified Gram–Schmidt on the columns of A (m×n),
 * whose R has a positive diagonal by construction, so its Q is the unique sign-fixed factor.
 */
function gramSchmidtQ(a: Float64Array, m: number, n: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i * n + k]! * q[i * n + j]!;
      for (let i = 0; i < m; i++) q[i * n + j]! -= dot * q[i * n + k]!;
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i * n + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[i * n + j]! /= norm;
  }
  return q;
}

/** The Gaussian matrix Keras's Orthogonal factors: shape (max, min), drawn row-major from a stream with `key`. */
function kerasGaussian(rows: number, cols: number, key: string): { a: Float64Array; m: number; n: number } {
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const s = new Stream(key);
  return { a: Float64Array.from({ length: m * n }, () => s.normal()), m, n };
}

/** The m×n factor Q inside a kernel: the kernel itself when tall, its transpose when wide. */
function qOf(kernel: Float64Array, rows: number, cols: number): Float64Array {
  return rows >= cols ? kernel : transpose(kernel, rows, cols);
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('orthogonal', () => {
  it('has orthonormal columns on a tall kernel', () => {
    const k = draw({ name: 'orthogonal', gain: 1 }, [9, 4]);
    expect(distanceFromScaledIdentity(matmul(transpose(k, 9, 4), k, 4, 9, 4), 4, 1)).toBeLessThan(1e-12);
  });

  it('has orthonormal rows on a wide kernel', () => {
    const k = draw({ name: 'orthogonal', gain: 1 }, [3, 8]);
    expect(distanceFromScaledIdentity(matmul(k, transpose(k, 3, 8), 3, 8, 3), 3, 1)).toBeLessThan(1e-12);
  });

  it('is an orthogonal matrix when square', () => {
    const k = draw({ name: 'orthogonal', gain: 1 }, [6, 6]);
    expect(distanceFromScaledIdentity(matmul(transpose(k, 6, 6), k, 6, 6, 6), 6, 1)).toBeLessThan(1e-12);
    expect(distanceFromScaledIdentity(matmul(k, transpose(k, 6, 6), 6, 6, 6), 6, 1)).toBeLessThan(1e-12);
  });

  it('scales by gain: the same draws times gain, with KᵀK = gain² I', () => {
    const unit = draw({ name: 'orthogonal', gain: 1 }, [7, 5], 'gain');
    const scaled = draw({ name: 'orthogonal', gain: -2.5 }, [7, 5], 'gain');
    for (let i = 0; i < unit.length; i++) expect(Math.abs(scaled[i]! + 2.5 * unit[i]!)).toBeLessThan(1e-15);
    expect(distanceFromScaledIdentity(matmul(transpose(scaled, 7, 5), scaled, 5, 7, 5), 5, 6.25)).toBeLessThan(1e-11);
  });

  it.each([
    [9, 5],
    [5, 9],
    [6, 6],
    [4, 1],
    [1, 4],
  ])('on %i×%i equals Q·sign(diag R) of the Gaussian matrix drawn from an identical stream', (rows, cols) => {
    const key = `orthogonal ${rows}x${cols}`;
    const k = draw({ name: 'orthogonal', gain: 1 }, [rows, cols], key);
    const { a, m, n } = kerasGaussian(rows, cols, key);
    expect(maxDiff(qOf(k, rows, cols), gramSchmidtQ(a, m, n))).toBeLessThan(1e-12);
  });

  it.each([
    [9, 5],
    [5, 9],
  ])('on %i×%i leaves R = QᵀA upper triangular with a positive diagonal', (rows, cols) => {
    const key = `sign ${rows}x${cols}`;
    const k = draw({ name: 'orthogonal', gain: 1 }, [rows, cols], key);
    const { a, m, n } = kerasGaussian(rows, cols, key);
    const r = matmul(transpose(qOf(k, rows, cols), m, n), a, n, m, n);
    for (let i = 0; i < n; i++) {
      expect(r[i * n + i]!).toBeGreaterThan(0);
      for (let j = 0; j < i; j++) expect(Math.abs(r[i * n + j]!)).toBeLessThan(1e-12);
    }
  });

  it('differs between streams', () => {
    expect(draw({ name: 'orthogonal', gain: 1 }, [4, 4], 'a')).not.toEqual(draw({ name: 'orthogonal', gain: 1 }, [4, 4], 'b'));
  });

  it('refuses a 1-D shape', () => {
    expect(() => draw({ name: 'orthogonal', gain: 1 }, [4])).toThrow(new RangeError('orthogonal needs a 2-D shape (a kernel), not a bias'));
  });
});

describe('identity', () => {
  it('is gain · I on a square kernel', () => {
    expect(Array.from(draw({ name: 'identity', gain: 3 }, [3, 3]))).toEqual([3, 0, 0, 0, 3, 0, 0, 0, 3]);
  });

  it('puts gain on the leading diagonal of a wide kernel', () => {
    expect(Array.from(draw({ name: 'identity', gain: -2 }, [2, 4]))).toEqual([-2, 0, 0, 0, 0, -2, 0, 0]);
  });

  it('puts gain on the leading diagonal of a tall kernel', () => {
    expect(Array.from(draw({ name: 'identity', gain: 0.5 }, [4, 2]))).toEqual([0.5, 0, 0, 0.5, 0, 0, 0, 0]);
  });

  it('draws nothing from the stream', () => {
    const s = new Stream('identity');
    initialize({ name: 'identity', gain: 1 }, [3, 3], s, new Float64Array(9), 0);
    expect(s.uniform()).toBe(new Stream('identity').uniform());
  });

  it('refuses a 1-D shape', () => {
    expect(() => draw({ name: 'identity', gain: 1 }, [4])).toThrow(new RangeError('identity needs a 2-D shape (a kernel), not a bias'));
  });
});

describe('needsMatrix', () => {
  it('is true exactly for orthogonal and identity', () => {
    expect(needsMatrix({ name: 'orthogonal', gain: 1 })).toBe(true);
    expect(needsMatrix({ name: 'identity', gain: 1 })).toBe(true);
    expect(needsMatrix({ name: 'glorot_uniform' })).toBe(false);
    expect(needsMatrix({ name: 'zeros' })).toBe(false);
  });
});
