import { describe, expect, it } from 'vitest';
import { activate, expBounded, scaleByDerivative, tanh } from '../../../core/nn/activation';
import { Stream } from '../../../core/rng/stream';

const bits = new Float64Array(1);
const words = new BigInt64Array(bits.buffer);
/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  bits[0] = a;
  const x = words[0]!;
  bits[0] = b;
  const d = x - words[0]!;
  return Number(d < 0n ? -d : d);
}

describe('tanh', () => {
  it('stays within 2 ulps of Math.tanh over 10^6 points at several scales', () => {
    const s = new Stream('tanh');
    let worst = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const scale = [1e-6, 0.7, 3, 25][i % 4]!;
      const x = (2 * s.uniform() - 1) * scale;
      worst = Math.max(worst, ulps(tanh(x), Math.tanh(x)));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('is exact at the edges', () => {
    expect(Object.is(tanh(-0), -0)).toBe(true);
    expect(tanh(0)).toBe(0);
    expect(tanh(5e-324)).toBe(5e-324);
    expect(tanh(Infinity)).toBe(1);
    expect(tanh(-Infinity)).toBe(-1);
    expect(tanh(19.2)).toBe(1);
    expect(tanh(-400)).toBe(-1);
    expect(tanh(NaN)).toBeNaN();
    expect(tanh(0.625)).toBe(Math.tanh(0.625));
  });

  it('expBounded stays within 1 ulp of Math.exp on [0, 44]', () => {
    const s = new Stream('exp');
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const t = 44 * s.uniform();
      worst = Math.max(worst, ulps(expBounded(t), Math.exp(t)));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe('activation derivatives follow PyTorch at 0', () => {
  const der = (kind: Parameters<typeof activate>[0], z: number) => {
    const pre = new Float64Array([z]);
    const post = new Float64Array(1);
    activate(kind, pre, post, 1);
    const delta = new Float64Array([1]);
    scaleByDerivative(kind, pre, post, delta, 1);
    return delta[0];
  };
  it.each([
    ['relu', 0, 0],
    ['leaky_relu', 0, 0.01],
    ['elu', 0, 1],
    ['tanh', 0, 1],
    ['sigmoid', 0, 0.25],
    ['linear', 0, 1],
    ['relu', 2, 1],
    ['leaky_relu', -3, 0.01],
    ['elu', -1, Math.exp(-1)],
  ] as const)("%s'(%d) = %d", (kind, z, d) => {
    expect(der(kind, z)).toBe(d);
  });
});
