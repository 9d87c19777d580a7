import type { Mlp } from '../nn/mlp';
import { assign } from './assignment';

/**
 * Reorders the hidden units of `b` to match `a` as closely as possible, layer by layer from the input:
 * each unit of b is assigned to a unit of a by the Hungarian algorithm on the distances of their
 * incoming weights and bias (after the permutation of the layer below is applied), and its outgoing
 * weights move with it. A network and its unit-permuted copy compute the same function; the result is
 * that copy of b closest to a. Returns a new vector.
 */
export function alignUnits(net: Mlp, a: Float64Array, b: Float64Array): Float64Array {
  const out = b.slice();
  for (let l = 0; l + 1 < net.layers; l++) {
    const m = net.sizes[l]!;
    const n = net.sizes[l + 1]!;
    const ko = net.kernelOffset[l]!;
    const bo = net.biasOffset[l]!;
    const cost = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = (a[bo + i]! - out[bo + j]!) ** 2;
        for (let r = 0; r < m; r++) s += (a[ko + r * n + i]! - out[ko + r * n + j]!) ** 2;
        cost[i * n + j] = s;
      }
    }
    const match = assign(cost, n); // unit i of a ↔ unit match[i] of b
    const permuted = out.slice();
    // Incoming weights and bias of layer l, and outgoing weights (rows of layer l+1's kernel).
    const nextK = net.kernelOffset[l + 1]!;
    const nextN = net.sizes[l + 2]!;
    for (let i = 0; i < n; i++) {
      const j = match[i]!;
      for (let r = 0; r < m; r++) permuted[ko + r * n + i] = out[ko + r * n + j]!;
      permuted[bo + i] = out[bo + j]!;
      for (let c = 0; c < nextN; c++) permuted[nextK + i * nextN + c] = out[nextK + j * nextN + c]!;
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
