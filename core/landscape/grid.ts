import type { Dataset } from '../data/dataset';
import type { Objective } from '../functions/objective';
import { forwardFrom, gather, lossAndGradient, outputLoss } from '../nn/backprop';
import { gemmNN } from '../nn/gemm';
import { createWorkspace, type Mlp, type Workspace } from '../nn/mlp';
import { axis, type Plane, pointAt, spaced } from './plane';

/** Rows evaluated at once when measuring the whole training set at one grid point. */
const CHUNK = 256;

/**
 * The mean loss over the whole training set at grid rows [rowStart, rowEnd) of a plane: a
 * (rowEnd − rowStart) × resolution array, row-major, row i at the i-th value of the second coordinate
 * (an interpolate line has one row). Rows are independent, so a grid can be split over workers.
 *
 * The first layer's pre-activations are affine in the plane coordinates, X·(Wc + x·W1 + y·W2) +
 * (bc + x·b1 + y·b2) = Zc + x·Z1 + y·Z2, so Zc, Z1 and Z2 (samples × first-layer width) are computed
 * once and each grid point costs two multiply-adds per sample and unit there instead of a product
 * with every input feature; the rest of the network runs as usual. Equal to naiveLossGrid to rounding.
 */
export function lossGrid(net: Mlp, data: Dataset, plane: Plane, rowStart: number, rowEnd: number): Float64Array {
  const coords = axis(plane);
  const r = plane.resolution;
  const out = new Float64Array((rowEnd - rowStart) * r);
  // theta in the workspace's memory, where the WebAssembly kernels reach it (same numbers either way).
  const ws = gridWorkspace(net, data, 1);
  const theta = ws.vectors[0]!;
  const h = net.sizes[1]!;
  const n = data.samples;
  // Z = X·W + b for the center and each direction, over every sample (samples × h).
  const firstLayer = (v: Float64Array): Float64Array => {
    const z = new Float64Array(n * h);
    for (let start = 0; start < n; start += ws.capacity) {
      const count = Math.min(ws.capacity, n - start);
      gather(data, null, start, count, ws);
      gemmNN(count, h, net.sizes[0]!, ws.input, 0, net.sizes[0]!, v, net.kernelOffset[0]!, h, v, net.biasOffset[0]!, z, start * h, h);
    }
    return z;
  };
  const zc = firstLayer(plane.center);
  const z1 = firstLayer(plane.d1);
  const z2 = plane.d2 === null ? null : firstLayer(plane.d2);
  const pre = ws.pre[0]!;
  for (let i = rowStart; i < rowEnd; i++) {
    const y = plane.d2 === null ? 0 : coords[i]!;
    for (let j = 0; j < r; j++) {
      const x = coords[j]!;
      pointAt(plane, x, y, theta);
      let loss = 0;
      for (let start = 0; start < n; start += ws.capacity) {
        const count = Math.min(ws.capacity, n - start);
        gather(data, null, start, count, ws);
        const o = start * h;
        const len = count * h;
        if (z2 === null) for (let k = 0; k < len; k++) pre[k] = zc[o + k]! + x * z1[o + k]!;
        else for (let k = 0; k < len; k++) pre[k] = zc[o + k]! + x * z1[o + k]! + y * z2[o + k]!;
        forwardFrom(net, theta, count, ws, 0);
        loss += outputLoss(net, count, ws, 0, null);
      }
      out[(i - rowStart) * r + j] = loss / n;
    }
  }
  return out;
}

/** The grid the obvious way: the whole network evaluated at every grid point (the reference for lossGrid). */
export function naiveLossGrid(net: Mlp, data: Dataset, plane: Plane, rowStart: number, rowEnd: number): Float64Array {
  const coords = axis(plane);
  const r = plane.resolution;
  const out = new Float64Array((rowEnd - rowStart) * r);
  const theta = new Float64Array(plane.center.length);
  const ws = gridWorkspace(net, data);
  for (let i = rowStart; i < rowEnd; i++) {
    const y = plane.d2 === null ? 0 : coords[i]!;
    for (let j = 0; j < r; j++) {
      pointAt(plane, coords[j]!, y, theta);
      out[(i - rowStart) * r + j] = wholeSetLoss(net, data, theta, ws);
    }
  }
  return out;
}

/** The mean loss over the whole training set at `theta` (no gradient), chunked through `ws`. */
export function wholeSetLoss(net: Mlp, data: Dataset, theta: Float64Array, ws: Workspace): number {
  let loss = 0;
  for (let start = 0; start < data.samples; start += ws.capacity) {
    const count = Math.min(ws.capacity, data.samples - start);
    loss += lossAndGradient(net, theta, data, null, start, count, 0, ws, null);
  }
  return loss / data.samples;
}

/** A workspace for whole-set evaluations of `net` on `data`, with `vectors` parameter-sized vectors (see createWorkspace). */
export function gridWorkspace(net: Mlp, data: Dataset, vectors = 0): Workspace {
  return createWorkspace(net, Math.min(CHUNK, data.samples), data.targets, vectors);
}

/** Grid rows of a plane: resolution for a surface, 1 for an interpolate line. */
export function gridRows(plane: Plane): number {
  return plane.d2 === null ? 1 : plane.resolution;
}

/**
 * A 2-D function over its whole domain: resolution × resolution values, row i at the i-th value of
 * the second coordinate, both axes spanning the domain with their ends included.
 */
export function functionGrid(f: Objective, resolution: number): { x: number[]; y: number[]; grid: Float64Array } {
  const [[x0, x1], [y0, y1]] = f.domain as [[number, number], [number, number]];
  const xs = spaced(x0, x1, resolution);
  const ys = spaced(y0, y1, resolution);
  const grid = new Float64Array(resolution * resolution);
  const p = new Float64Array(2);
  for (let i = 0; i < resolution; i++) {
    for (let j = 0; j < resolution; j++) {
      p[0] = xs[j]!;
      p[1] = ys[i]!;
      grid[i * resolution + j] = f.value(p);
    }
  }
  return { x: xs, y: ys, grid };
}
