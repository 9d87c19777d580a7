import type { Mlp } from '../nn/mlp';

/** Largest comparison a symmetry count may cost (width² × (fan-in + 1)); wider layers are not measured (NaN). */
export const MAX_SYMMETRY_WORK = 1e7;

/**
 * Distinct units of hidden layer `layer` (0-based over hidden layers) at `params`: units are compared by
 * their incoming weights and bias (the vector that decides what a unit computes from the layer below),
 * and grouped greedily: a unit joins the first group whose first unit lies within `tolerance`
 * (Euclidean). Returns the number of groups: 1 when every unit is a copy (the symmetry of a constant
 * start), the layer's width when all differ; NaN for a layer too wide to compare at every record.
 */
export function distinctUnits(net: Mlp, params: Float64Array, layer: number, tolerance: number): number {
  const m = net.sizes[layer]!;
  const n = net.sizes[layer + 1]!;
  if (n * n * (m + 1) > MAX_SYMMETRY_WORK) return NaN;
  const ko = net.kernelOffset[layer]!;
  const bo = net.biasOffset[layer]!;
  const heads: number[] = [];
  for (let j = 0; j < n; j++) {
    let joined = false;
    for (const h of heads) {
      if (unitDistance(params, ko, bo, m, n, j, h) <= tolerance) {
        joined = true;
        break;
      }
    }
    if (!joined) heads.push(j);
  }
  return heads.length;
}

/** Euclidean distance between units a and b of a layer (incoming weights, then bias). */
export function unitDistance(params: Float64Array, ko: number, bo: number, m: number, n: number, a: number, b: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    const d = params[ko + i * n + a]! - params[ko + i * n + b]!;
    s += d * d;
  }
  const d = params[bo + a]! - params[bo + b]!;
  return Math.sqrt(s + d * d);
}

/** The matrix of pairwise unit distances of a hidden layer (n × n, row-major), for a similarity heatmap. */
export function unitDistanceMatrix(net: Mlp, params: Float64Array, layer: number): Float64Array {
  const m = net.sizes[layer]!;
  const n = net.sizes[layer + 1]!;
  const out = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const d = unitDistance(params, net.kernelOffset[layer]!, net.biasOffset[layer]!, m, n, a, b);
      out[a * n + b] = d;
      out[b * n + a] = d;
    }
  }
  return out;
}
