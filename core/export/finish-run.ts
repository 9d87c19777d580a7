// What a run computes once every restart is in, shared by the CLI, the desktop app and the web edition:
// the analyses over all restarts, then the landscape (a network's slice and grid, or a 2-D function).
import { analyzeRestarts } from '../analysis/run-analysis';
import type { RunPlan } from '../experiment/resolve';
import { functionLandscapeJson, networkLandscapeJson, networkSlice, projectPaths, type NetworkSlice, type ProjectedPath } from '../landscape/build';
import { LandscapeError } from '../landscape/plane';
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
 * Completes `out` in place: stalls and basins over all restarts; then, for a whole run (not a shard)
 * that draws one, the landscape: a network's slice (announced through `onSlice` before its grid is
 * computed by `computeGrid`, which may split it over workers), its projected paths (set as
 * `out.projections`) and barrier; or a 2-D function over its domain. A landscape that cannot be
 * honoured (e.g. collinear endpoints) is reported as `problem`, with empty projections.
 */
export async function finishRun(
  plan: RunPlan,
  out: RunOutput,
  computeGrid: (slice: NetworkSlice) => Promise<Float64Array>,
  onSlice?: (slice: NetworkSlice, paths: ProjectedPath[]) => void,
): Promise<FinishedLandscape> {
  analyzeRestarts(out.experiment, out.configurations, out.restarts);
  if (out.shard !== null || !needsWholeRun(plan)) return { landscape: null, problem: null };
  const first = plan.variants[0]!;
  if (plan.experiment.landscape === undefined) {
    if (first.kind !== 'function') return { landscape: null, problem: null };
    return { landscape: functionLandscapeJson(first, out.restarts, 0, FUNCTION_LANDSCAPE_RESOLUTION), problem: null };
  }
  try {
    const slice = networkSlice(plan, out.restarts);
    const paths = projectPaths(slice, out.restarts);
    onSlice?.(slice, paths);
    const grid = await computeGrid(slice);
    out.projections = new Map(paths.map((p) => [`${p.variant}/${p.restart}`, p]));
    const json = networkLandscapeJson(slice, grid, paths);
    if (json.barrier !== undefined) out.barrier = json.barrier as RunOutput['barrier'];
    return { landscape: json, problem: null };
  } catch (e) {
    if (!(e instanceof LandscapeError)) throw e;
    out.projections = new Map();
    return { landscape: null, problem: e.message };
  }
}
