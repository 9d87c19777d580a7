// The data preview: the training set exactly as a run makes it (core's generators on the experiment's
// data stream, or the CSV text the window holds), and a small scatter plot of it.
import type { Dataset } from '../../core/data/dataset';
import { datasetFromCsv } from '../../core/data/from-csv';
import { generateDataset } from '../../core/data/generate';
import { DatasetSchema, ExperimentSchema, SeedsSchema } from '../../core/experiment/schema';
import { dataStream } from '../../core/rng/seeds';
import { css } from '../charts/style';
import { OKABE_ITO } from '../scene/colormap';
import { getAt, type Obj } from './edit';

/**
 * The dataset a run of `e` trains on, or null when there is none to show (a function problem, a
 * dataset block or seed that does not validate, a CSV the window does not hold or cannot read).
 * Generated sets come from the same spec (schema defaults filled) and the same data stream as
 * resolveExperiment's, so the preview is the training set, point for point.
 */
export function previewDataset(e: Obj, datasets: Readonly<Record<string, string>>): Dataset | null {
  if (getAt(e, 'problem.type') !== 'network') return null;
  const spec = DatasetSchema.safeParse(getAt(e, 'problem.dataset'));
  const seed = ExperimentSchema.shape.seed.safeParse(e.seed);
  const seeds = SeedsSchema.optional().safeParse(e.seeds);
  if (!spec.success || !seed.success || !seeds.success) return null;
  const ds = spec.data;
  if (ds.kind !== 'csv') return generateDataset(ds, dataStream(seed.data, seeds.data));
  const text = datasets[ds.path];
  if (text === undefined) return null;
  try {
    return datasetFromCsv(text, ds.target, ds.task);
  } catch {
    return null;
  }
}

/** A dataset as a scatter: x and y per point, a class index per point (null for regression), axis names. */
export interface Scatter {
  x: Float64Array;
  y: Float64Array;
  classes: Int32Array | null;
  xName: string;
  yName: string;
  /** Whether both axes are features (drawn at one scale, so circles stay round). */
  sameScale: boolean;
}

/** The points to draw: the first two features, or the one feature against the target; class labels as colours. */
export function scatterOf(d: Dataset): Scatter {
  const n = d.samples;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const twoFeatures = d.features >= 2;
  for (let i = 0; i < n; i++) {
    x[i] = d.x[i * d.features]!;
    y[i] = twoFeatures ? d.x[i * d.features + 1]! : d.y[i * d.targets]!;
  }
  const classes = d.classes === null ? null : Int32Array.from({ length: n }, (_, i) => d.y[i * d.targets]!);
  return {
    x,
    y,
    classes,
    xName: d.featureNames[0] ?? 'x',
    yName: twoFeatures ? d.featureNames[1]! : d.targetName,
    sameScale: twoFeatures,
  };
}

/** A one-line description of the preview for assistive technology. */
export function describeScatter(kind: string, d: Dataset, s: Scatter): string {
  const what = d.classes === null ? 'regression targets' : `${d.classes} classes`;
  return `${kind} data: ${d.samples} samples, ${what}; ${s.yName} against ${s.xName}`;
}

/** The colour of class `c`: the chromatic Okabe–Ito colours (readable on light and dark panels). */
export function classColour(c: number): string {
  const chromatic = OKABE_ITO.length - 1;
  return css(OKABE_ITO[1 + (((c % chromatic) + chromatic) % chromatic)]!);
}

/** Most points drawn; larger sets are drawn every k-th point. */
export const MAX_DRAWN = 4000;

/**
 * Draws the scatter into a `width` × `height` (CSS pixels) canvas context already scaled to the
 * device's pixel ratio: transparent background, one dot per point (every k-th past MAX_DRAWN).
 */
export function drawScatter(ctx: CanvasRenderingContext2D, s: Scatter, width: number, height: number): void {
  ctx.clearRect(0, 0, width, height);
  const n = s.x.length;
  if (n === 0) return;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = s.x[i]!, b = s.y[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (a < x0) x0 = a;
    if (a > x1) x1 = a;
    if (b < y0) y0 = b;
    if (b > y1) y1 = b;
  }
  if (!(x1 >= x0 && y1 >= y0)) return;
  const pad = 6;
  const w = width - 2 * pad, h = height - 2 * pad;
  let sx = w / (x1 - x0 || 1), sy = h / (y1 - y0 || 1);
  if (s.sameScale) sx = sy = Math.min(sx, sy);
  // Centre the cloud in the box (it fills one direction when both axes share a scale).
  const ox = pad + (w - sx * (x1 - x0)) / 2, oy = pad + (h - sy * (y1 - y0)) / 2;
  const stride = Math.ceil(n / MAX_DRAWN);
  const r = n > 1000 ? 1.2 : 2;
  ctx.globalAlpha = 0.85;
  for (let i = 0; i < n; i += stride) {
    ctx.fillStyle = s.classes === null ? classColour(1) : classColour(s.classes[i]!);
    ctx.beginPath();
    ctx.arc(ox + sx * (s.x[i]! - x0), height - (oy + sy * (s.y[i]! - y0)), r, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}
