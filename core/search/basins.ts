import { buildObjective } from '../functions/build';
import { distance } from '../functions/objective';
import type { FunctionPlan } from '../experiment/plan';
import { spaced } from '../landscape/plane';
import { Stream } from '../rng/stream';
import { type SearchSpec, startSearch } from './searches';

/** Where the descents from a grid of starts end: a grid of endpoint indices and the endpoints. */
export interface BasinMap {
  resolution: number;
  /** The grid's coordinates: x[j] for column j, y[i] for row i (evenly spaced over the domain, ends included). */
  x: number[];
  y: number[];
  /** grid[i][j]: index into `endpoints` of where the descent from (x[j], y[i]) ended; -1 if it stopped being finite. */
  grid: number[][];
  /** Distinct end points (descents ending within distanceTolerance of one another share one), in order of first appearance, row by row. */
  endpoints: { position: number[]; value: number; starts: number; minimum: number | null }[];
}

/**
 * The basin map of a 2-D function under a gradient search: from every point of a resolution ×
 * resolution grid over the domain, run the search's descent (without gradient noise, so the map is a
 * property of the function and the rule) for its number of steps, then group the end points.
 * `minimum` names the known global minimum within distanceTolerance of an endpoint, if any.
 */
export function basinMap(plan: FunctionPlan): BasinMap {
  const problem = plan.problem;
  const f = buildObjective(problem.function);
  const resolution = problem.basinMap!.resolution;
  const [[x0, x1], [y0, y1]] = f.domain as [[number, number], [number, number]];
  const xs = spaced(x0, x1, resolution);
  const ys = spaced(y0, y1, resolution);
  const rule = { ...problem.search, gradientNoise: 0 } as SearchSpec;
  const tolerance = problem.success.distanceTolerance;
  const endpoints: BasinMap['endpoints'] = [];
  const unused = new Stream('basin map: a noise-free descent draws nothing');
  const grid = ys.map((y) =>
    xs.map((x) => {
      const search = startSearch(rule, f, { kind: 'fixed', point: [x, y] }, unused, unused);
      for (let k = 0; k < rule.steps; k++) search.step(k);
      const p = search.point;
      if (!Number.isFinite(search.value) || !Number.isFinite(p[0]!) || !Number.isFinite(p[1]!)) return -1;
      let e = endpoints.findIndex((q) => distance(p, q.position) <= tolerance);
      if (e < 0) {
        const m = plan.minima.findIndex((q) => distance(p, q.position) <= tolerance);
        endpoints.push({ position: [p[0]!, p[1]!], value: search.value, starts: 0, minimum: m < 0 ? null : m });
        e = endpoints.length - 1;
      }
      endpoints[e]!.starts++;
      return e;
    }),
  );
  return { resolution, x: xs, y: ys, grid, endpoints };
}
