import { buildObjective } from '../functions/build';
import type { FunctionPlan, NetworkPlan, RunPlan } from '../experiment/plan';
import type { RestartResult } from '../experiment/result';
import { landscapeVariant } from '../experiment/resolve';
import type { LandscapeSpec } from '../experiment/schema';
import { createMlp, type Mlp } from '../nn/mlp';
import { Stream } from '../rng/stream';
import { functionGrid, gridRows, gridWorkspace, lossGrid, wholeSetLoss } from './grid';
import { axis, endpointsPlane, interpolateLine, LandscapeError, pcaPlane, type Plane, pointAt, project, randomPlane, weightsPlane } from './plane';

/** Format tag of landscape.json. */
export const LANDSCAPE_FORMAT = 'landscape-lab/landscape@1';

/** A path projected onto the plane: plane coordinates, true loss and distance from the plane per record. */
export interface ProjectedPath {
  variant: number;
  restart: number;
  x: Float64Array;
  y: Float64Array;
  loss: Float64Array;
  offPlane: Float64Array;
}

/** A network landscape ready to evaluate: the configuration it belongs to, its plane, and the net. */
export interface NetworkSlice {
  variant: number;
  plan: NetworkPlan;
  net: Mlp;
  plane: Plane;
  spec: LandscapeSpec;
}

function historyRow(r: RestartResult, k: number): Float64Array {
  const P = r.params!.initial.length;
  return r.params!.history!.subarray(k * P, (k + 1) * P);
}

/** Restart `index` of the configuration's results, which must have run; else a LandscapeError naming the field. */
function restartFor(members: RestartResult[], index: number, field: string): RestartResult {
  const r = members.find((m) => m.index === index);
  if (r === undefined || r.status === 'failed' || r.params === null || r.params.history === null) {
    throw new LandscapeError(field, `restart ${index} has no recorded parameters (it ${r === undefined ? 'did not run' : r.status === 'failed' ? 'failed' : 'kept none'})`);
  }
  return r;
}

/**
 * Builds the plane a network experiment's landscape block asks for, from the run's results (every
 * restart of the drawn configuration must be there). Throws LandscapeError when it cannot be honoured
 * (a restart without parameters, collinear endpoints).
 */
export function networkSlice(plan: RunPlan, results: RestartResult[]): NetworkSlice {
  const spec = plan.experiment.landscape!;
  const v = landscapeVariant(plan.variants, spec.variant);
  const vp = plan.variants[v] as NetworkPlan;
  const net = createMlp(vp.sizes, vp.problem.model.activation, vp.problem.model.output);
  const members = results.filter((r) => r.variant === v);
  const final = (i: number, field: string) => {
    const r = restartFor(members, i, field);
    return historyRow(r, r.records.count - 1);
  };
  let plane: Plane;
  switch (spec.plane) {
    case 'weights': {
      const r = restartFor(members, spec.restart, 'landscape.restart');
      const center = (spec.center === 'initial' ? historyRow(r, 0) : historyRow(r, r.records.count - 1)).slice();
      let extent = spec.extent === 'auto' ? 0 : spec.extent;
      if (spec.extent === 'auto') {
        for (let k = 0; k < r.records.count; k++) {
          const row = historyRow(r, k);
          extent = Math.max(extent, Math.abs(row[spec.params[0]!]! - center[spec.params[0]!]!), Math.abs(row[spec.params[1]!]! - center[spec.params[1]!]!));
        }
        extent = extent > 0 ? 1.25 * extent : 1;
      }
      plane = weightsPlane(center, spec.params[0]!, spec.params[1]!, extent, spec.resolution);
      break;
    }
    case 'random':
      plane = randomPlane(net, final(spec.restart, 'landscape.restart').slice(), new Stream(`landscape/${spec.directionSeed}`), spec.extent, spec.resolution);
      break;
    case 'pca': {
      // Every recorded point with finite parameters: a diverged restart contributes its path up to
      // where it left the finite numbers (a NaN would make every direction NaN).
      const usable = members.filter((r) => r.status !== 'failed' && r.params?.history);
      const P = vp.paramCount;
      const rows: Float64Array[] = [];
      for (const r of usable) {
        for (let k = 0; k < r.records.count; k++) {
          const row = historyRow(r, k);
          // Finite values whose squares still sum to a finite number (covariances square them).
          let squares = 0;
          for (let i = 0; i < row.length; i++) squares += row[i]! * row[i]!;
          if (Number.isFinite(squares)) rows.push(row);
        }
      }
      const count = rows.length;
      if (count < 3) throw new LandscapeError('landscape.plane', `pca needs at least 3 recorded points with finite parameters, found ${count}`);
      const points = new Float64Array(count * P);
      rows.forEach((row, i) => points.set(row, i * P));
      plane = pcaPlane(points, count, P, spec.extent, spec.resolution);
      if (![...plane.center, ...plane.d1, ...plane.d2!, plane.extent].every(Number.isFinite) || !(plane.explained![0] > 0)) {
        throw new LandscapeError('landscape.plane', 'the recorded parameters grew too large to find principal directions (restarts diverged); try a smaller learning rate or another plane');
      }
      break;
    }
    case 'endpoints': {
      const [a, b, c] = spec.restarts.map((i) => final(i, 'landscape.restarts'));
      plane = endpointsPlane(a!, b!, c!, spec.extent, spec.resolution, 'landscape.restarts');
      break;
    }
    case 'interpolate': {
      const [a, b] = spec.restarts.map((i) => final(i, 'landscape.restarts'));
      plane = interpolateLine(a!, b!, spec.extent, spec.resolution);
      break;
    }
  }
  return { variant: v, plan: vp, net, plane, spec };
}

/** Every recorded point of the drawn configuration's restarts, projected onto the plane. */
export function projectPaths(slice: NetworkSlice, results: RestartResult[]): ProjectedPath[] {
  return results
    .filter((r) => r.variant === slice.variant && r.params?.history)
    .map((r) => {
      const n = r.records.count;
      const path: ProjectedPath = { variant: r.variant, restart: r.index, x: new Float64Array(n), y: new Float64Array(n), loss: r.records.loss.slice(0, n), offPlane: new Float64Array(n) };
      for (let k = 0; k < n; k++) {
        const p = project(slice.plane, historyRow(r, k));
        path.x[k] = p.x;
        path.y[k] = p.y;
        path.offPlane[k] = p.offPlane;
      }
      return path;
    });
}

/** The whole grid of a slice, in this thread (the CLI splits rows over its worker pool instead). */
export function sliceGrid(slice: NetworkSlice): Float64Array {
  return lossGrid(slice.net, slice.plan.dataset, slice.plane, 0, gridRows(slice.plane));
}

/**
 * For an interpolate line: the loss barrier between the two end points, the most the loss rises on the
 * segment above the higher of its two ends (0 when it never does), and where (α). The ends are
 * evaluated exactly; the inside at the grid's points with 0 < α < 1.
 */
export function barrier(slice: NetworkSlice, grid: Float64Array): { height: number; at: number; ends: [number, number] } {
  const alphas = axis(slice.plane);
  const ws = gridWorkspace(slice.net, slice.plan.dataset);
  const endLoss = (alpha: number) => {
    const theta = new Float64Array(slice.plane.center.length);
    pointAt(slice.plane, alpha, 0, theta);
    return wholeSetLoss(slice.net, slice.plan.dataset, theta, ws);
  };
  const ends: [number, number] = [endLoss(0), endLoss(1)];
  const top = Math.max(...ends);
  let height = 0;
  let at = 0;
  alphas.forEach((a, j) => {
    if (a > 0 && a < 1 && grid[j]! - top > height) {
      height = grid[j]! - top;
      at = a;
    }
  });
  return { height, at, ends };
}

/** landscape.json for a network run. */
export function networkLandscapeJson(slice: NetworkSlice, grid: Float64Array, paths: ProjectedPath[]): Record<string, unknown> {
  const { plane, spec } = slice;
  const coords = axis(plane);
  const rows = gridRows(plane);
  const r = plane.resolution;
  return {
    format: LANDSCAPE_FORMAT,
    variant: slice.plan.label,
    plane: {
      ...spec,
      center: plane.center,
      directions: plane.d2 === null ? [plane.d1] : [plane.d1, plane.d2],
      ...(plane.explained ? { explainedVariance: plane.explained } : {}),
      ...(plane.anchors ? { anchors: plane.anchors } : {}),
    },
    extent: plane.extent,
    resolution: r,
    x: coords,
    y: plane.d2 === null ? [0] : coords,
    grid: Array.from({ length: rows }, (_, i) => grid.subarray(i * r, (i + 1) * r)),
    paths: paths.map((p) => ({ restart: p.restart, x: p.x, y: p.y, loss: p.loss, offPlane: p.offPlane })),
    ...(plane.kind === 'interpolate' ? { barrier: barrier(slice, grid) } : {}),
  };
}

/** landscape.json for a 2-D function search: the function over its domain, and every restart's positions. */
export function functionLandscapeJson(plan: FunctionPlan, results: RestartResult[], variant: number, resolution: number): Record<string, unknown> {
  const f = buildObjective(plan.problem.function);
  const { x, y, grid } = functionGrid(f, resolution);
  const members = results.filter((r) => r.variant === variant && r.records.position);
  return {
    format: LANDSCAPE_FORMAT,
    variant: plan.label,
    plane: { plane: 'domain', function: plan.problem.function, minima: plan.minima },
    extent: null,
    resolution,
    x,
    y,
    grid: Array.from({ length: resolution }, (_, i) => grid.subarray(i * resolution, (i + 1) * resolution)),
    paths: members.map((r) => {
      const n = r.records.count;
      const pos = r.records.position!;
      return {
        restart: r.index,
        x: Float64Array.from({ length: n }, (_, k) => pos[2 * k]!),
        y: Float64Array.from({ length: n }, (_, k) => pos[2 * k + 1]!),
        loss: r.records.loss.slice(0, n),
        offPlane: new Float64Array(n),
      };
    }),
  };
}
