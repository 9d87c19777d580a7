// What a run computes once every restart is in, shared by the CLI, the desktop app and the web edition:
// the analyses over all restarts, then the landscape (a network's slice and grid, or a 2-D function).
import { analyzeRestarts } from '../analysis/run-analysis';
import type { NetworkPlan, RunPlan } from '../experiment/resolve';
import { functionLandscapeJson, networkLandscapeJson, networkSlice, projectPaths, type NetworkSlice, type ProjectedPath } from '../landscape/build';
import { LandscapeError, type Plane } from '../landscape/plane';
import { createMlp } from '../nn/mlp';
import { basinMap } from '../search/basins';
import { toJson } from './json';
import type { RunOutput } from './outputs';

/** Format tag of basins.json. */
export const BASINS_FORMAT = 'landscape-lab/basins@1';

/** Grid resolution of a function's landscape.json. */
export const FUNCTION_LANDSCAPE_RESOLUTION = 129;

/** basins.json for the function variants that ask for a basin map, or null when none does. */
export function basinsJson(plan: RunPlan): string | null {
  const maps = plan.variants.flatMap((v) => (v.kind === 'function' && v.problem.basinMap !== undefined ? [{ variant: v.label, ...basinMap(v) }] : []));
  return maps.length === 0 ? null : toJson({ format: BASINS_FORMAT, maps });
}

/** Whether the run draws a landscape, which needs every restart (so shards leave it to merge). */
export function needsWholeRun(plan: RunPlan): boolean {
  const first = plan.variants[0]!;
  return plan.experiment.landscape !== undefined || (first.kind === 'function' && first.problem.function.dimensions === 2);
}

/** The landscape of a finished run: landscape.json's object (null when none is drawn), or why it could not be drawn. */
export interface FinishedLandscape {
  landscape: Record<string, unknown> | null;
  problem: string | null;
}

/**
 * The costly part of finishing a run, as plain data that crosses threads: each restart's stall and
 * basin (in the order of `out.restarts`), and for a network landscape its plane and projected paths
 * (or why it cannot be drawn). Pure: the desktop and web hosts compute it on a worker.
 */
export interface RunAnalysis {
  restarts: { stalledAt: number | null; basin: number | null }[];
  slice: { variant: number; plane: Plane } | null;
  paths: ProjectedPath[];
  problem: string | null;
}

/** Computes a run's analysis (stalls, basins; a network's slice and projections when the whole run draws one). */
export function analyzeRun(plan: RunPlan, out: RunOutput): RunAnalysis {
  analyzeRestarts(out.experiment, out.configurations, out.restarts);
  const restarts = out.restarts.map((r) => ({ stalledAt: r.stalledAt ?? null, basin: r.basin ?? null }));
  if (out.shard !== null || plan.experiment.landscape === undefined) return { restarts, slice: null, paths: [], problem: null };
  try {
    const slice = networkSlice(plan, out.restarts);
    return { restarts, slice: { variant: slice.variant, plane: slice.plane }, paths: projectPaths(slice, out.restarts), problem: null };
  } catch (e) {
    if (!(e instanceof LandscapeError)) throw e;
    return { restarts, slice: null, paths: [], problem: e.message };
  }
}

/** Rebuilds a network slice from its plain-data form (the plan gives the network and the spec). */
function sliceOf(plan: RunPlan, data: { variant: number; plane: Plane }): NetworkSlice {
  const vp = plan.variants[data.variant] as NetworkPlan;
  return { variant: data.variant, plan: vp, net: createMlp(vp.sizes, vp.problem.model.activation, vp.problem.model.output), plane: data.plane, spec: plan.experiment.landscape! };
}

/**
 * Completes `out` in place: stalls and basins over all restarts (computed by `analyze`, which may run
 * on a worker; in this thread by default); then, for a whole run (not a shard) that draws one, the
 * landscape: a network's slice (announced through `onSlice` before its grid is computed by
 * `computeGrid`, which may split it over workers), its projected paths (set as `out.projections`)
 * and barrier; or a 2-D function over its domain. A landscape that cannot be honoured (e.g.
 * collinear endpoints) is reported as `problem`, with empty projections.
 */
export async function finishRun(
  plan: RunPlan,
  out: RunOutput,
  computeGrid: (slice: NetworkSlice) => Promise<Float64Array>,
  onSlice?: (slice: NetworkSlice, paths: ProjectedPath[]) => void,
  analyze: (plan: RunPlan, out: RunOutput) => Promise<RunAnalysis> = async (p, o) => analyzeRun(p, o),
): Promise<FinishedLandscape> {
  const analysis = await analyze(plan, out);
  out.restarts.forEach((r, i) => {
    r.stalledAt = analysis.restarts[i]!.stalledAt;
    r.basin = analysis.restarts[i]!.basin;
  });
  if (out.shard !== null || !needsWholeRun(plan)) return { landscape: null, problem: null };
  const first = plan.variants[0]!;
  if (plan.experiment.landscape === undefined) {
    if (first.kind !== 'function') return { landscape: null, problem: null };
    return { landscape: functionLandscapeJson(first, out.restarts, 0, FUNCTION_LANDSCAPE_RESOLUTION), problem: null };
  }
  if (analysis.slice === null) {
    out.projections = new Map();
    return { landscape: null, problem: analysis.problem };
  }
  const slice = sliceOf(plan, analysis.slice);
  const paths = analysis.paths;
  onSlice?.(slice, paths);
  const grid = await computeGrid(slice);
  out.projections = new Map(paths.map((p) => [`${p.variant}/${p.restart}`, p]));
  const json = networkLandscapeJson(slice, grid, paths);
  if (json.barrier !== undefined) out.barrier = json.barrier as RunOutput['barrier'];
  return { landscape: json, problem: null };
}
