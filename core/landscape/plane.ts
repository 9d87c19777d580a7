import type { Mlp } from '../nn/mlp';
import type { Stream } from '../rng/stream';

/**
 * A slice through parameter space: points center + x·d1 + y·d2 for (x, y) on a resolution ×
 * resolution grid of half-width `extent` (plane units) around (0, 0); for a 1-D `interpolate` slice
 * d2 is null and the coordinate is α, the fraction of the way from the first point to the second,
 * on a grid of half-width `extent` around α = 0.5.
 */
export interface Plane {
  kind: 'weights' | 'random' | 'pca' | 'endpoints' | 'interpolate' | 'domain';
  center: Float64Array;
  d1: Float64Array;
  d2: Float64Array | null;
  extent: number;
  resolution: number;
  /** pca only: the fraction of the paths' variance along d1 and d2. */
  explained?: [number, number];
  /** The points that lie on the plane by construction (endpoints: the three final points), in plane coordinates. */
  anchors?: [number, number][];
}

/** A landscape that cannot be drawn as asked; the message names the field. */
export class LandscapeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'LandscapeError';
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function unit(i: number, size: number): Float64Array {
  const e = new Float64Array(size);
  e[i] = 1;
  return e;
}

/** The plane of two chosen parameters i and j through `center` (the other parameters held there). Exact: a path that moves only i and j lies in it. */
export function weightsPlane(center: Float64Array, i: number, j: number, extent: number, resolution: number): Plane {
  return { kind: 'weights', center, d1: unit(i, center.length), d2: unit(j, center.length), extent, resolution };
}

/**
 * Two random Gaussian directions with filter-wise normalization (Li et al., 2018): each unit's block of
 * a direction (the unit's incoming weights) is rescaled to the norm of the same block of the center;
 * bias entries of the directions are zero, as in their code. Drawn from `stream`.
 */
export function randomPlane(net: Mlp, center: Float64Array, stream: Stream, extent: number, resolution: number): Plane {
  const direction = () => {
    const d = new Float64Array(center.length);
    for (let l = 0; l < net.layers; l++) {
      const m = net.sizes[l]!;
      const n = net.sizes[l + 1]!;
      const ko = net.kernelOffset[l]!;
      for (let i = 0; i < m * n; i++) d[ko + i] = stream.normal();
      for (let j = 0; j < n; j++) {
        let dn = 0;
        let cn = 0;
        for (let i = 0; i < m; i++) {
          dn += d[ko + i * n + j]! ** 2;
          cn += center[ko + i * n + j]! ** 2;
        }
        const scale = dn > 0 ? Math.sqrt(cn / dn) : 0;
        for (let i = 0; i < m; i++) d[ko + i * n + j] = d[ko + i * n + j]! * scale;
      }
    }
    return d;
  };
  const d1 = direction();
  const d2 = direction();
  return { kind: 'random', center, d1, d2, extent, resolution };
}

/**
 * The plane of the two principal directions of a set of points (all restarts' recorded parameter
 * vectors together, `points` × size, row-major), centered on their mean: the two leading
 * eigenvectors of the covariance, by power iteration from fixed starts (the second kept orthogonal to
 * the first), so the result is deterministic; each signed so that its largest entry is positive.
 */
export function pcaPlane(points: Float64Array, count: number, size: number, extent: number | 'auto', resolution: number): Plane {
  const center = new Float64Array(size);
  for (let k = 0; k < count; k++) for (let i = 0; i < size; i++) center[i] = center[i]! + points[k * size + i]!;
  for (let i = 0; i < size; i++) center[i] = center[i]! / count;
  const X = new Float64Array(count * size);
  let total = 0;
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < size; i++) {
      const v = points[k * size + i]! - center[i]!;
      X[k * size + i] = v;
      total += v * v;
    }
  }
  const scores = new Float64Array(count);
  /** out = Xᵀ X v: the covariance (times the count) applied to v. */
  const apply = (v: Float64Array, out: Float64Array) => {
    for (let k = 0; k < count; k++) {
      let s = 0;
      for (let i = 0; i < size; i++) s += X[k * size + i]! * v[i]!;
      scores[k] = s;
    }
    out.fill(0);
    for (let k = 0; k < count; k++) {
      const s = scores[k]!;
      if (s === 0) continue;
      for (let i = 0; i < size; i++) out[i] = out[i]! + s * X[k * size + i]!;
    }
  };
  const orthogonalize = (v: Float64Array, against: Float64Array | null) => {
    if (against !== null) {
      const c = dot(against, v);
      for (let i = 0; i < size; i++) v[i] = v[i]! - c * against[i]!;
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm > 0) for (let i = 0; i < size; i++) v[i] = v[i]! / norm;
    return norm;
  };
  /** Power iteration, kept orthogonal to `against`, from a fixed start; then signed for determinism. */
  const leading = (against: Float64Array | null, seedOffset: number): { v: Float64Array; variance: number } => {
    let v = new Float64Array(size);
    // A fixed, non-degenerate start: 1, 1/2, 1/3, ... rotated by the offset.
    for (let i = 0; i < size; i++) v[i] = 1 / (1 + ((i + seedOffset) % size));
    orthogonalize(v, against);
    let next = new Float64Array(size);
    // At most 500 iterations: with close leading eigenvalues the plane is still a good one to draw, and
    // each iteration costs a pass over every recorded point.
    for (let it = 0; it < 500; it++) {
      apply(v, next);
      if (orthogonalize(next, against) === 0) break;
      let change = 0;
      for (let i = 0; i < size; i++) change = Math.max(change, Math.abs(next[i]! - v[i]!));
      [v, next] = [next, v];
      if (change < 1e-13) break;
    }
    orthogonalize(v, against);
    let biggest = 0;
    for (let i = 0; i < size; i++) if (Math.abs(v[i]!) > Math.abs(v[biggest]!)) biggest = i;
    if (v[biggest]! < 0) for (let i = 0; i < size; i++) v[i] = -v[i]!;
    // The variance along v is its Rayleigh quotient vᵀ Xᵀ X v = ‖X v‖².
    apply(v, next);
    return { v, variance: dot(v, next) };
  };
  const first = leading(null, 0);
  const second = leading(first.v, 1);
  const explained: [number, number] = total > 0 ? [first.variance / total, second.variance / total] : [0, 0];
  let e = typeof extent === 'number' ? extent : 0;
  if (extent === 'auto') {
    for (let k = 0; k < count; k++) {
      const row = X.subarray(k * size, (k + 1) * size);
      e = Math.max(e, Math.abs(dot(row, first.v)), Math.abs(dot(row, second.v)));
    }
    e = e > 0 ? 1.25 * e : 1;
  }
  return { kind: 'pca', center, d1: first.v, d2: second.v, extent: e, resolution, explained };
}

/**
 * The plane through three points (the final points of three restarts), so all three lie on it:
 * centered on their centroid, d1 along b − a, d2 the part of c − a orthogonal to it (both unit
 * vectors). `extent` is relative: the half-width is extent × the largest distance from the centroid
 * to a point. Throws LandscapeError when the points are (nearly) collinear.
 */
export function endpointsPlane(a: Float64Array, b: Float64Array, c: Float64Array, extent: number, resolution: number, path: string): Plane {
  const size = a.length;
  const center = new Float64Array(size);
  for (let i = 0; i < size; i++) center[i] = (a[i]! + b[i]! + c[i]!) / 3;
  const d1 = new Float64Array(size);
  for (let i = 0; i < size; i++) d1[i] = b[i]! - a[i]!;
  const n1 = Math.sqrt(dot(d1, d1));
  if (n1 === 0) throw new LandscapeError(path, 'the first two final points coincide; no plane passes through them');
  for (let i = 0; i < size; i++) d1[i] = d1[i]! / n1;
  const d2 = new Float64Array(size);
  for (let i = 0; i < size; i++) d2[i] = c[i]! - a[i]!;
  const along = dot(d2, d1);
  for (let i = 0; i < size; i++) d2[i] = d2[i]! - along * d1[i]!;
  const n2 = Math.sqrt(dot(d2, d2));
  let ca = 0;
  for (let i = 0; i < size; i++) ca += (c[i]! - a[i]!) ** 2;
  if (n2 <= 1e-9 * Math.sqrt(ca) || n2 === 0) throw new LandscapeError(path, 'the three final points are collinear; no single plane passes through them');
  for (let i = 0; i < size; i++) d2[i] = d2[i]! / n2;
  const coords = (p: Float64Array): [number, number] => {
    const u = new Float64Array(size);
    for (let i = 0; i < size; i++) u[i] = p[i]! - center[i]!;
    return [dot(u, d1), dot(u, d2)];
  };
  const anchors = [coords(a), coords(b), coords(c)];
  const radius = Math.max(...anchors.map(([x, y]) => Math.hypot(x, y)));
  return { kind: 'endpoints', center, d1, d2, extent: extent * radius, resolution, anchors };
}

/** The line from a to b: points a + α(b − a); the grid spans α in [0.5 − extent, 0.5 + extent]. */
export function interpolateLine(a: Float64Array, b: Float64Array, extent: number, resolution: number): Plane {
  const d1 = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d1[i] = b[i]! - a[i]!;
  return { kind: 'interpolate', center: a.slice(), d1, d2: null, extent, resolution, anchors: [[0, 0], [1, 0]] };
}

/** `n` evenly spaced values from lo to hi, both ends exact (a grid's axis). */
export function spaced(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => (k === n - 1 ? hi : lo + ((hi - lo) * k) / (n - 1)));
}

/** The grid's coordinates along one axis: `resolution` values from −extent to extent (interpolate: around 0.5), ends exact. */
export function axis(plane: Plane): number[] {
  const mid = plane.kind === 'interpolate' ? 0.5 : 0;
  return spaced(mid - plane.extent, mid + plane.extent, plane.resolution);
}

/** The parameter vector at plane coordinates (x, y) into `out`. */
export function pointAt(plane: Plane, x: number, y: number, out: Float64Array): void {
  const { center, d1, d2 } = plane;
  if (d2 === null) for (let i = 0; i < out.length; i++) out[i] = center[i]! + x * d1[i]!;
  else for (let i = 0; i < out.length; i++) out[i] = center[i]! + x * d1[i]! + y * d2[i]!;
}

/**
 * Where a parameter vector falls on the plane: the least-squares coordinates (x, y) of θ − center in
 * the span of d1, d2 (interpolate: α), and its distance from the plane (the residual's norm).
 */
export function project(plane: Plane, theta: ArrayLike<number>): { x: number; y: number; offPlane: number } {
  const { center, d1, d2 } = plane;
  const n = center.length;
  let u1 = 0;
  let u2 = 0;
  let g11 = 0;
  let g12 = 0;
  let g22 = 0;
  for (let i = 0; i < n; i++) {
    const u = theta[i]! - center[i]!;
    u1 += u * d1[i]!;
    g11 += d1[i]! * d1[i]!;
    if (d2 !== null) {
      u2 += u * d2[i]!;
      g12 += d1[i]! * d2[i]!;
      g22 += d2[i]! * d2[i]!;
    }
  }
  let x: number;
  let y = 0;
  if (d2 === null) x = g11 > 0 ? u1 / g11 : 0;
  else {
    const det = g11 * g22 - g12 * g12;
    x = det !== 0 ? (u1 * g22 - u2 * g12) / det : 0;
    y = det !== 0 ? (u2 * g11 - u1 * g12) / det : 0;
  }
  let r2 = 0;
  for (let i = 0; i < n; i++) {
    const u = theta[i]! - center[i]! - x * d1[i]! - (d2 === null ? 0 : y * d2[i]!);
    r2 += u * u;
  }
  return { x, y, offPlane: Math.sqrt(r2) };
}
