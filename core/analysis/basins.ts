import type { Activation } from '../experiment/schema';
import type { Mlp } from '../nn/mlp';
import { assign } from './assignment';

/**
 * How a hidden unit with this activation can change sign and leave the network's function as it is:
 * an odd activation (tanh, linear) computes the same with its incoming weights, bias and outgoing
 * weights negated; sigmoid, with σ(−z) = 1 − σ(z), the same once the next layer's biases also take the
 * unit's old outgoing weights. ReLU-like activations and ELU have no such flip (ReLU's symmetry is a
 * positive rescaling, which is continuous and not aligned here).
 */
export function signFlip(activation: Activation): 'odd' | 'sigmoid' | null {
  if (activation === 'tanh' || activation === 'linear') return 'odd';
  if (activation === 'sigmoid') return 'sigmoid';
  return null;
}

/**
 * Reorders the hidden units of `b` to match `a` as closely as possible, layer by layer from the input:
 * each unit of b is assigned to a unit of a by the Hungarian algorithm on the distances of their
 * incoming weights and bias (after the permutation of the layer below is applied), and its outgoing
 * weights move with it. Where the activation allows it (`signFlip`), a unit of b is also compared
 * negated and flipped when that is closer. A network and its unit-permuted (and flipped) copy compute
 * the same function; the result is that copy of b closest to a. Returns a new vector.
 */
export function alignUnits(net: Mlp, a: Float64Array, b: Float64Array): Float64Array {
  const out = b.slice();
  const flips = signFlip(net.activation);
  for (let l = 0; l + 1 < net.layers; l++) {
    const m = net.sizes[l]!;
    const n = net.sizes[l + 1]!;
    const ko = net.kernelOffset[l]!;
    const bo = net.biasOffset[l]!;
    const cost = new Float64Array(n * n);
    const negated = new Uint8Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let same = (a[bo + i]! - out[bo + j]!) ** 2;
        let flipped = (a[bo + i]! + out[bo + j]!) ** 2;
        for (let r = 0; r < m; r++) {
          same += (a[ko + r * n + i]! - out[ko + r * n + j]!) ** 2;
          flipped += (a[ko + r * n + i]! + out[ko + r * n + j]!) ** 2;
        }
        const flip = flips !== null && flipped < same;
        cost[i * n + j] = flip ? flipped : same;
        negated[i * n + j] = flip ? 1 : 0;
      }
    }
    const match = assign(cost, n); // unit i of a ↔ unit match[i] of b
    const permuted = out.slice();
    // Incoming weights and bias of layer l, and outgoing weights (rows of layer l+1's kernel).
    const nextK = net.kernelOffset[l + 1]!;
    const nextB = net.biasOffset[l + 1]!;
    const nextN = net.sizes[l + 2]!;
    for (let i = 0; i < n; i++) {
      const j = match[i]!;
      const sign = negated[i * n + j] === 1 ? -1 : 1;
      for (let r = 0; r < m; r++) permuted[ko + r * n + i] = sign * out[ko + r * n + j]!;
      permuted[bo + i] = sign * out[bo + j]!;
      for (let c = 0; c < nextN; c++) permuted[nextK + i * nextN + c] = sign * out[nextK + j * nextN + c]!;
      if (sign === -1 && flips === 'sigmoid') for (let c = 0; c < nextN; c++) permuted[nextB + c] = permuted[nextB + c]! + out[nextK + j * nextN + c]!;
    }
    out.set(permuted);
  }
  return out;
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

function norm(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/** Largest estimated cost of grouping networks (pairs compared × alignment work); beyond it basins are not computed. */
export const MAX_BASIN_WORK = 2e10;

/** The work of grouping `count` networks of this shape, in the worst case (every network its own group). */
export function basinWork(net: Mlp, count: number): number {
  let perPair = 0;
  for (let l = 0; l + 1 < net.layers; l++) {
    const n = net.sizes[l + 1]!;
    perPair += n * n * n + n * n * net.sizes[l]!;
  }
  return ((count * (count - 1)) / 2) * (perPair + net.paramCount);
}

/**
 * Groups final parameter vectors into basins: a network joins the first group whose first member is
 * within `tolerance` relative distance (‖a − aligned b‖ ≤ tolerance · (‖a‖ + ‖b‖)/2) once b's hidden
 * units are aligned to a's. Entries that are null (restarts without a final point) get null.
 * Returns each entry's group index, groups numbered in order of first appearance; all null when the
 * grouping would cost more than MAX_BASIN_WORK (many restarts of wide networks).
 */
export function groupNetworks(net: Mlp, finals: (Float64Array | null)[], tolerance: number): (number | null)[] {
  if (basinWork(net, finals.length) > MAX_BASIN_WORK) return finals.map(() => null);
  const heads: Float64Array[] = [];
  return finals.map((f) => {
    if (f === null) return null;
    for (let g = 0; g < heads.length; g++) {
      const h = heads[g]!;
      const aligned = alignUnits(net, h, f);
      if (distance(h, aligned) <= (tolerance * (norm(h) + norm(f))) / 2) return g;
    }
    heads.push(f);
    return heads.length - 1;
  });
}

/** Groups points (function searches' best points) within `radius` of a group's first point. */
export function groupPoints(points: (ArrayLike<number> | null)[], radius: number): (number | null)[] {
  const heads: ArrayLike<number>[] = [];
  return points.map((p) => {
    if (p === null) return null;
    for (let g = 0; g < heads.length; g++) {
      const h = heads[g]!;
      let s = 0;
      for (let i = 0; i < p.length; i++) s += (p[i]! - h[i]!) ** 2;
      if (Math.sqrt(s) <= radius) return g;
    }
    heads.push(p);
    return heads.length - 1;
  });
}
