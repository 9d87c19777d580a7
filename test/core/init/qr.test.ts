import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { householderQr } from '../../../core/init/qr';
import { Stream } from '../../../core/rng/stream';

function gaussian(m: number, n: number, key: string): Float64Array {
  const s = new Stream(key);
  return Float64Array.from({ length: m * n }, () => s.normal());
}

/** Q, R = QᵀA and the reported diagonal of R for an m×n matrix (A itself is left intact). */
function factor(a: Float64Array, m: number, n: number) {
  const q = new Float64Array(m * n);
  const rDiag = new Float64Array(n);
  householderQr(Float64Array.from(a), m, n, q, rDiag);
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) r[i * n + j]! += q[k * n + i]! * a[k * n + j]!;
  return { q, r, rDiag };
}

/** The checks of a thin QR: QᵀQ = I, R = QᵀA upper triangular with diagonal rDiag, and A = Q·R. */
function expectValidQr(a: Float64Array, m: number, n: number): void {
  const { q, r, rDiag } = factor(a, m, n);
  const scale = a.reduce((s, v) => Math.max(s, Math.abs(v)), 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < m; k++) dot += q[k * n + i]! * q[k * n + j]!;
      expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      if (j < i) expect(Math.abs(r[i * n + j]!)).toBeLessThan(1e-12 * scale);
    }
    expect(Math.abs(r[i * n + i]! - rDiag[i]!)).toBeLessThan(1e-12 * scale);
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let qr = 0;
      for (let k = 0; k <= j; k++) qr += q[i * n + k]! * r[k * n + j]!;
      expect(Math.abs(qr - a[i * n + j]!)).toBeLessThan(1e-12 * scale);
    }
  }
}

describe('householderQr', () => {
  it.each([
    [1, 1],
    [5, 1],
    [6, 6],
    [12, 4],
    [40, 25],
  ])('factors a random %i×%i matrix as A = Q·R with orthonormal Q', (m, n) => {
    expectValidQr(gaussian(m, n, `qr ${m}x${n}`), m, n);
  });

  it('factors any random tall matrix (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.string(), (a, b, key) => {
        const m = Math.max(a, b);
        const n = Math.min(a, b);
        expectValidQr(gaussian(m, n, key), m, n);
      }),
      { numRuns: 200 },
    );
  });

  it('still gives orthonormal Q and A = Q·R when a column is zero', () => {
    const a = gaussian(5, 3, 'zero column');
    for (let i = 0; i < 5; i++) a[i * 3] = 0;
    expectValidQr(a, 5, 3);
  });

  it("puts ± the norm of A's first column first on R's diagonal", () => {
    const a = Float64Array.from([3, 1, 4, 1, 0, 2]); // 3×2 with first column (3, 4, 0)
    const { rDiag } = factor(a, 3, 2);
    expect(Math.abs(rDiag[0]!)).toBeCloseTo(5, 14);
  });

  it('refuses a wide matrix', () => {
    expect(() => householderQr(new Float64Array(6), 2, 3, new Float64Array(6), new Float64Array(3))).toThrow(
      new RangeError('householderQr needs m >= n, got 2x3'),
    );
  });
});
