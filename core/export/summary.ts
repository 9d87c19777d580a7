import { groupPoints } from '../analysis/basins';
import { basinSummaries } from '../analysis/run-analysis';
import { summarize, type Summary } from '../analysis/stats';
import type { RestartResult } from '../experiment/result';
import { toJson } from './json';
import { type Configuration, SUMMARY_FORMAT, type RunOutput } from './outputs';

/** The chance that at least one of k restarts succeeds, for k = 1..n, when s of n succeeded: 1 − C(n−s, k)/C(n, k) (drawing k of the n without replacement). */
export function successByRestarts(n: number, s: number): number[] {
  const out: number[] = [];
  let allFail = 1;
  for (let k = 1; k <= n; k++) {
    allFail *= Math.max(0, n - s - (k - 1)) / (n - (k - 1));
    out.push(1 - allFail);
  }
  return out;
}

/** The number of groups of points, each point joining the first group whose first point is within `radius` (groupPoints). */
export function countClusters(points: ArrayLike<number>[], radius: number): number {
  return new Set(groupPoints(points, radius)).size;
}

interface Outcome {
  restarts: number;
  ok: number;
  diverged: number;
  failed: number;
  finalLoss: Summary;
  finalAccuracy?: Summary | null;
}

function outcome(results: RestartResult[], config: Configuration, tolerance: number): Outcome & Record<string, unknown> {
  const ok = results.filter((r) => r.status === 'ok' && r.records.count > 0);
  const last = (a: Float64Array, r: RestartResult) => a[r.records.count - 1]!;
  const base: Outcome & Record<string, unknown> = {
    restarts: results.length,
    ok: results.filter((r) => r.status === 'ok').length,
    diverged: results.filter((r) => r.status === 'diverged').length,
    failed: results.filter((r) => r.status === 'failed').length,
    finalLoss: summarize(ok.map((r) => last(r.records.loss, r))),
  };
  base.stalled = results.filter((r) => r.stalledAt !== null && r.stalledAt !== undefined).length;
  base.basins = basinSummaries(results);
  if (config.type === 'network') {
    base.finalAccuracy = config.dataset.classes !== null ? summarize(ok.map((r) => last(r.records.accuracy!, r))) : null;
    return base;
  }
  const searched = results.filter((r) => r.search !== null && r.status !== 'failed');
  const known = config.minima.length > 0;
  const successes = results.filter((r) => r.search?.success === true).length;
  base.bestValue = summarize(searched.map((r) => r.search!.best.value));
  base.successes = known ? successes : null;
  base.successRate = known && results.length > 0 ? successes / results.length : null;
  base.successByRestarts = known ? successByRestarts(results.length, successes) : null;
  base.globalMinimaFound = known ? new Set(results.filter((r) => r.search?.success === true).map((r) => r.search!.nearest!.index)).size : null;
  base.distinctOptima = countClusters(searched.map((r) => r.search!.best.position), tolerance);
  return base;
}

/**
 * summary.json: counts by status and statistics of the final loss (and accuracy) over restarts that
 * ended ok; for function searches also the best values, the success rate and its growth with the
 * number of restarts, and how many distinct optima were found; overall and per variant.
 */
export function summaryJson(out: RunOutput): string {
  const tolerance = (v: number) => {
    const p = out.experiment.variants?.[v]?.problem ?? out.experiment.problem;
    return p.type === 'function' && 'success' in p ? p.success.distanceTolerance : 0;
  };
  const config = out.configurations[0]!;
  const pooled: Configuration =
    config.type === 'network' ? { ...config, dataset: { ...config.dataset, classes: out.configurations.every((c) => c.type === 'network' && c.dataset.classes !== null) ? config.dataset.classes : null } } : config;
  const body: Record<string, unknown> = { format: SUMMARY_FORMAT, ...outcome(out.restarts, pooled, tolerance(0)) };
  if (out.experiment.variants !== undefined) delete body.basins; // basins are per configuration: see variants
  if (out.barrier !== undefined) body.barrier = out.barrier;
  body.tolerances = out.experiment.analysis;
  if (out.experiment.variants !== undefined) {
    body.variants = out.configurations.map((c, v) => ({
      label: c.variant,
      ...outcome(
        out.restarts.filter((r) => r.variant === v),
        c,
        tolerance(v),
      ),
    }));
  }
  return toJson(body);
}
