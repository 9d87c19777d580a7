// The decision boundary of a trained network on 2-D data: the network (core's forward pass) evaluated
// on a grid over the data's bounding box, each cell's predicted class and how sure the network is.
import type { Dataset } from '../../core/data/dataset';
import type { RunPlan } from '../../core/experiment/plan';
import { forward } from '../../core/nn/backprop';
import { type Mlp, type Workspace, createMlp, createWorkspace } from '../../core/nn/mlp';

/** A configuration's network and the data it trained on, for drawing a boundary. */
export interface BoundaryNetwork {
  net: Mlp;
  dataset: Dataset;
}

/** One BoundaryNetwork per variant of a resolved run (null for a function problem's variant). */
export function boundaryNetworks(plan: RunPlan): (BoundaryNetwork | null)[] {
  return plan.variants.map((v) => (v.kind === 'network' ? { net: createMlp(v.sizes, v.problem.model.activation, v.problem.model.output), dataset: v.dataset } : null));
}

/** Why a boundary cannot be drawn for this network and data (a sentence for the chart), or null when it can. */
export function boundaryProblem(b: BoundaryNetwork | null): string | null {
  if (b === null) return 'A decision boundary needs a network problem.';
  if (b.dataset.classes === null || b.net.output === 'linear') return 'A decision boundary needs classification data (this is regression).';
  if (b.dataset.features !== 2) return `A decision boundary needs 2 input features; this data has ${b.dataset.features}.`;
  return null;
}

/** An axis-aligned box in data units. */
export interface Bounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The bounding box of the data's two features, widened by `margin` × its span on each side (a span of 0 counts as 1). */
export function dataBounds(dataset: Dataset, margin = 0.1): Bounds {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  const d = dataset.features;
  for (let s = 0; s < dataset.samples; s++) {
    const x = dataset.x[s * d]!;
    const y = dataset.x[s * d + 1]!;
    if (Number.isFinite(x)) {
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
    }
    if (Number.isFinite(y)) {
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
  }
  if (!(xMin <= xMax)) xMin = xMax = 0;
  if (!(yMin <= yMax)) yMin = yMax = 0;
  const dx = (xMax - xMin || 1) * margin;
  const dy = (yMax - yMin || 1) * margin;
  return { xMin: xMin - dx, xMax: xMax + dx, yMin: yMin - dy, yMax: yMax + dy };
}

/**
 * The network's prediction on a columns × rows grid of cell centres over `bounds`: row i at ys[i]
 * (ascending), column j at xs[j]. `cls` is the predicted class (sigmoid: 1 when σ(z) ≥ 0.5; softmax:
 * the arg max, the lowest index winning a tie, as core counts accuracy) and `confidence` the predicted
 * class's probability; NaN confidence (and class −1) where the output is not finite.
 */
export interface BoundaryGrid {
  bounds: Bounds;
  columns: number;
  rows: number;
  xs: Float64Array;
  ys: Float64Array;
  cls: Int32Array;
  confidence: Float64Array;
  classes: number;
}

/** Evaluates `net` at `params` over a resolution × resolution grid covering `bounds` (default: the data's box). */
export function boundaryGrid(b: BoundaryNetwork, params: Float64Array, resolution = 80, bounds: Bounds = dataBounds(b.dataset)): BoundaryGrid {
  const grid = emptyBoundaryGrid(b, params, resolution, bounds);
  fillBoundaryRows(b, params, grid, 0, grid.rows);
  return grid;
}

/**
 * A resolution × resolution grid over `bounds` for `net` at `params`, every cell still without a class
 * (−1, NaN confidence): `fillBoundaryRows` evaluates it a band of rows at a time, so that a large grid
 * can be spread over several tasks. Checks the network, parameters and resolution as boundaryGrid does.
 */
export function emptyBoundaryGrid(b: BoundaryNetwork, params: Float64Array, resolution = 80, bounds: Bounds = dataBounds(b.dataset)): BoundaryGrid {
  const problem = boundaryProblem(b);
  if (problem !== null) throw new RangeError(problem);
  const { net } = b;
  if (params.length !== net.paramCount) throw new RangeError(`expected ${net.paramCount} parameters (the ${net.sizes.join('-')} network), found ${params.length}`);
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > 1024) throw new RangeError(`expected a grid resolution of 2..1024, found ${resolution}`);
  const columns = resolution;
  const rows = resolution;
  const centres = (lo: number, hi: number, n: number) => Float64Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
  const classes = net.output === 'sigmoid' ? 2 : net.sizes[net.layers]!;
  const cls = new Int32Array(columns * rows).fill(-1);
  const confidence = new Float64Array(columns * rows).fill(NaN);
  return { bounds, columns, rows, xs: centres(bounds.xMin, bounds.xMax, columns), ys: centres(bounds.yMin, bounds.yMax, rows), cls, confidence, classes };
}

/** Evaluates rows [from, to) of `grid` (made by emptyBoundaryGrid for the same network and parameters); modifies its `cls` and `confidence`. */
export function fillBoundaryRows(b: BoundaryNetwork, params: Float64Array, grid: BoundaryGrid, from: number, to: number): void {
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= grid.rows)) throw new RangeError(`expected rows 0 <= from <= to <= ${grid.rows}, found [${from}, ${to})`);
  const { columns, xs, ys } = grid;
  const points = new Float64Array((to - from) * columns * 2);
  for (let i = from; i < to; i++) {
    for (let j = 0; j < columns; j++) {
      const k = 2 * ((i - from) * columns + j);
      points[k] = xs[j]!;
      points[k + 1] = ys[i]!;
    }
  }
  predictClasses(b.net, params, points, grid.cls.subarray(from * columns, to * columns), grid.confidence.subarray(from * columns, to * columns));
}

/** Samples per forward pass when classifying points. */
const CHUNK = 256;

/**
 * One workspace per network, made at its first use and reused by every band and grid after it: a
 * workspace per band made the page allocate a dozen arrays for each (and, in the load test, a
 * collection in a run's first second). Safe because predictClasses runs to its end in one call. It
 * holds a copy of the parameters, so that its passes run on the WebAssembly kernels where the page
 * may compile them (core/nn/native.ts; the same numbers as the JavaScript kernels).
 */
const workspaces = new WeakMap<Mlp, Workspace>();

function workspaceOf(net: Mlp): Workspace {
  let ws = workspaces.get(net);
  if (ws === undefined) {
    ws = createWorkspace(net, CHUNK, 1, 1);
    workspaces.set(net, ws);
  }
  return ws;
}

/**
 * Classifies points (n × 2, row-major) with a classifier `net` at `params`: writes each point's class
 * into `cls` and that class's probability into `confidence` (the rules of BoundaryGrid).
 */
export function predictClasses(net: Mlp, params: Float64Array, points: Float64Array, cls: Int32Array, confidence: Float64Array): void {
  if (net.sizes[0] !== 2 || net.output === 'linear') throw new RangeError(`expected a classifier with 2 inputs, found the ${net.sizes.join('-')} network with ${net.output} output`);
  const n = points.length / 2;
  if (cls.length < n || confidence.length < n) throw new RangeError(`expected outputs for ${n} points, found ${Math.min(cls.length, confidence.length)}`);
  const k = net.sizes[net.layers]!;
  const ws = workspaceOf(net);
  const logits = ws.pre[net.layers - 1]!;
  const own = ws.vectors[0]!;
  own.set(params);
  for (let start = 0; start < n; start += ws.capacity) {
    const count = Math.min(ws.capacity, n - start);
    ws.input.set(points.subarray(2 * start, 2 * (start + count)));
    forward(net, own, count, ws);
    for (let b = 0; b < count; b++) {
      const [c, p] = net.output === 'sigmoid' ? sigmoidClass(logits[b]!) : softmaxClass(logits, b * k, k);
      cls[start + b] = c;
      confidence[start + b] = p;
    }
  }
}

function sigmoidClass(z: number): [number, number] {
  if (Number.isNaN(z)) return [-1, NaN];
  // σ(z) from e^{−|z|}, stable both ways, as core computes it.
  const e = Math.exp(-Math.abs(z));
  const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
  return p >= 0.5 ? [1, p] : [0, 1 - p];
}

function softmaxClass(z: Float64Array, o: number, k: number): [number, number] {
  let arg = 0;
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    const v = z[o + c]!;
    if (Number.isNaN(v)) return [-1, NaN];
    if (v > max) {
      max = v;
      arg = c;
    }
  }
  if (!Number.isFinite(max)) return [-1, NaN];
  // The arg max's probability 1 / Σ e^{z_c − max}, which cannot overflow.
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp(z[o + c]! - max);
  return [arg, 1 / sum];
}

/** sRGB components 0..255 of a 0xRRGGBB colour. */
function rgb(hex: number): [number, number, number] {
  return [(hex >> 16) & 255, (hex >> 8) & 255, hex & 255];
}

/**
 * The grid as RGBA pixels (columns × rows, image row 0 at the top, i.e. the largest y): each cell is its
 * class colour mixed into `background` by 0.15 + 0.45·t, with t the confidence rescaled from 1/classes..1
 * to 0..1, so that sure regions are stronger; cells whose class differs from a neighbour's take `edge`
 * (the boundary line); cells without a class are `background`.
 */
export function shadeGrid(grid: BoundaryGrid, classColors: readonly number[], background: number, edge: number): Uint8ClampedArray {
  const { columns, rows, cls, confidence, classes } = grid;
  const out = new Uint8ClampedArray(columns * rows * 4);
  const bg = rgb(background);
  const line = rgb(edge);
  const chance = 1 / classes;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const cell = i * columns + j;
      const px = ((rows - 1 - i) * columns + j) * 4;
      const c = cls[cell]!;
      let color = bg;
      if (c >= 0) {
        const border = (j + 1 < columns && cls[cell + 1] !== c) || (i + 1 < rows && cls[cell + columns] !== c);
        if (border) color = line;
        else {
          const t = Math.max(0, Math.min(1, (confidence[cell]! - chance) / (1 - chance)));
          const w = 0.15 + 0.45 * t;
          const col = rgb(classColors[c % classColors.length]!);
          color = [bg[0] + (col[0] - bg[0]) * w, bg[1] + (col[1] - bg[1]) * w, bg[2] + (col[2] - bg[2]) * w];
        }
      }
      out[px] = color[0];
      out[px + 1] = color[1];
      out[px + 2] = color[2];
      out[px + 3] = 255;
    }
  }
  return out;
}

/** The chart's accessible name: the restart, its share of the grid per predicted class, and its training accuracy. */
export function describeBoundary(grid: BoundaryGrid, restart: string, accuracy: number | null): string {
  const counts = new Array<number>(grid.classes).fill(0);
  for (const c of grid.cls) if (c >= 0) counts[c]!++;
  const total = grid.columns * grid.rows;
  const shares = counts.map((n, c) => `class ${c} ${Math.round((100 * n) / total)}%`).join(', ');
  return `Decision boundary of ${restart} over the data's two features: ${shares} of the area${accuracy !== null && Number.isFinite(accuracy) ? `; training accuracy ${Math.round(accuracy * 100)}%` : ''}.`;
}
