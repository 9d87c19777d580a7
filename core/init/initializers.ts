import type { InitializerSpec } from '../experiment/schema';
import type { Stream } from '../rng/stream';
import { householderQr } from './qr';

/** A tensor shape as Keras sees it: [n] for a bias, [fanIn, fanOut] for a Dense kernel. */
export type Shape = readonly [number] | readonly [number, number];

/** Keras's compute_fans: a 1-D shape has fan_in = fan_out = its length; a 2-D shape [in, out]. */
export function computeFans(shape: Shape): { fanIn: number; fanOut: number } {
  return shape.length === 1 ? { fanIn: shape[0], fanOut: shape[0] } : { fanIn: shape[0], fanOut: shape[1] };
}

/** The stddev of an N(0,1) truncated to ±2, which Keras divides by so the truncated draws keep the wanted variance. */
export const TRUNCATED_NORMAL_STDDEV = 0.87962566103423978;

type VarianceScaling = {
  scale: number;
  mode: 'fan_in' | 'fan_out' | 'fan_avg';
  distribution: 'truncated_normal' | 'untruncated_normal' | 'uniform';
};

/** The Keras shorthand initializers as the variance_scaling settings they stand for. */
const FAMILY: Record<string, VarianceScaling> = {
  lecun_uniform: { scale: 1, mode: 'fan_in', distribution: 'uniform' },
  lecun_normal: { scale: 1, mode: 'fan_in', distribution: 'truncated_normal' },
  glorot_uniform: { scale: 1, mode: 'fan_avg', distribution: 'uniform' },
  glorot_normal: { scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' },
  he_uniform: { scale: 2, mode: 'fan_in', distribution: 'uniform' },
  he_normal: { scale: 2, mode: 'fan_in', distribution: 'truncated_normal' },
};

/** The variance_scaling settings behind an initializer, or null if it is not of that family. */
export function varianceScalingOf(spec: InitializerSpec): VarianceScaling | null {
  if (spec.name === 'variance_scaling') return spec;
  return FAMILY[spec.name] ?? null;
}

/** True for initializers that need a 2-D shape (Keras refuses them for biases). */
export function needsMatrix(spec: InitializerSpec): boolean {
  return spec.name === 'orthogonal' || spec.name === 'identity';
}

/**
 * Fills `out[offset .. offset + size(shape))` with a tensor drawn as Keras's initializer of the same
 * name would draw it (row-major; element i*fanOut + j of a kernel joins input i to unit j). Draws
 * come from `stream` in element order. Throws RangeError for orthogonal/identity on a 1-D shape.
 */
export function initialize(spec: InitializerSpec, shape: Shape, stream: Stream, out: Float64Array, offset: number): void {
  const size = shape.length === 1 ? shape[0] : shape[0] * shape[1];
  const end = offset + size;
  const vs = varianceScalingOf(spec);
  if (vs !== null) {
    const { fanIn, fanOut } = computeFans(shape);
    const fan = vs.mode === 'fan_in' ? fanIn : vs.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const s = vs.scale / Math.max(1, fan);
    if (vs.distribution === 'uniform') {
      const limit = Math.sqrt(3 * s);
      for (let i = offset; i < end; i++) out[i] = -limit + 2 * limit * stream.uniform();
    } else if (vs.distribution === 'truncated_normal') {
      const stddev = Math.sqrt(s) / TRUNCATED_NORMAL_STDDEV;
      for (let i = offset; i < end; i++) out[i] = stddev * stream.truncatedNormal();
    } else {
      const stddev = Math.sqrt(s);
      for (let i = offset; i < end; i++) out[i] = stddev * stream.normal();
    }
    return;
  }
  switch (spec.name) {
    case 'zeros':
      out.fill(0, offset, end);
      return;
    case 'ones':
      out.fill(1, offset, end);
      return;
    case 'constant':
      out.fill(spec.value, offset, end);
      return;
    case 'random_normal':
      for (let i = offset; i < end; i++) out[i] = spec.mean + spec.stddev * stream.normal();
      return;
    case 'random_uniform':
      for (let i = offset; i < end; i++) out[i] = spec.minval + (spec.maxval - spec.minval) * stream.uniform();
      return;
    case 'truncated_normal':
      for (let i = offset; i < end; i++) out[i] = spec.mean + spec.stddev * stream.truncatedNormal();
      return;
    case 'identity': {
      if (shape.length !== 2) throw new RangeError('identity needs a 2-D shape (a kernel), not a bias');
      const [rows, cols] = shape;
      out.fill(0, offset, end);
      for (let i = 0; i < Math.min(rows, cols); i++) out[offset + i * cols + i] = spec.gain;
      return;
    }
    case 'orthogonal': {
      if (shape.length !== 2) throw new RangeError('orthogonal needs a 2-D shape (a kernel), not a bias');
      orthogonal(shape[0], shape[1], spec.gain, stream, out, offset);
      return;
    }
    default:
      throw new RangeError(`unknown initializer ${(spec as { name: string }).name}`);
  }
}

/**
 * Keras's Orthogonal: a Gaussian matrix of shape (max(rows, cols), min(rows, cols)) drawn row-major,
 * its QR's Q with each column's sign fixed by diag(R), transposed when rows < cols; times gain.
 * Columns are orthonormal when the kernel is tall, rows when it is wide.
 */
function orthogonal(rows: number, cols: number, gain: number, stream: Stream, out: Float64Array, offset: number): void {
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) a[i] = stream.normal();
  const q = new Float64Array(m * n);
  const d = new Float64Array(n);
  householderQr(a, m, n, q, d);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = gain * q[i * n + j]! * Math.sign(d[j]!);
      // Tall: Q is rows×cols as is. Wide: the kernel is Q transposed.
      if (rows >= cols) out[offset + i * cols + j] = v;
      else out[offset + j * cols + i] = v;
    }
  }
}
