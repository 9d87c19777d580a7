import type { ResolvedExperiment, ResolvedProblem } from '../experiment/plan';
import type { RestartResult } from '../experiment/result';
import type { Configuration } from '../export/outputs';
import { createMlp } from '../nn/mlp';
import { groupNetworks, groupPoints } from './basins';
import { stalledAt } from './stall';

/** The problem a configuration ran: its variant's, or the experiment's. */
export function problemOf(experiment: ResolvedExperiment, variant: number): ResolvedProblem {
  return (experiment.variants?.[variant]?.problem ?? experiment.problem) as ResolvedProblem;
}

/**
 * The analyses that need every restart of a configuration, set on each result in place: `stalledAt`
 * (premature convergence, by the experiment's stall rule, against the best restart of the same
 * configuration; never for a search's restart that found a global minimum) and `basin` (groups of restarts that ended in the same place: networks compared up to
 * a permutation of hidden units, within basinTolerance relative distance; searches by their best
 * points, within the success distanceTolerance). Networks need their final parameters (record.params
 * "ends" or "all"); without them `basin` is null. Run after every restart is in, and again after a merge.
 */
export function analyzeRestarts(experiment: ResolvedExperiment, configurations: Configuration[], restarts: RestartResult[]): void {
  configurations.forEach((config, v) => {
    const members = restarts.filter((r) => r.variant === v);
    const stalls = stalledAt(
      members.map((r) => ({ loss: r.records.loss, step: r.records.step, count: r.records.count, ok: r.status === 'ok' })),
      experiment.analysis.stall,
    );
    // A search that found a global minimum (its success) did not stall in a worse basin, however far
    // its last value is from the best restart's (annealing still wandering near the minimum).
    members.forEach((r, i) => (r.stalledAt = r.search?.success === true ? null : stalls[i]!));
    let groups: (number | null)[];
    if (config.type === 'network') {
      const problem = problemOf(experiment, v);
      const activation = problem.type === 'network' ? problem.model.activation : 'tanh';
      const net = createMlp(config.layers, activation, 'linear');
      groups = groupNetworks(
        net,
        members.map((r) => (r.status === 'ok' && r.params ? r.params.final : null)),
        experiment.analysis.basinTolerance,
      );
    } else {
      const problem = problemOf(experiment, v);
      const radius = problem.type === 'function' ? problem.success.distanceTolerance : 0;
      groups = groupPoints(
        members.map((r) => (r.status !== 'failed' && r.search ? r.search.best.position : null)),
        radius,
      );
    }
    members.forEach((r, i) => (r.basin = groups[i]!));
  });
}

/** One basin in summary.json: its restarts and their mean final loss (or value). */
export interface BasinSummary {
  members: number[];
  meanFinalLoss: number;
}

/** The basins of a configuration's restarts (after analyzeRestarts), largest first, ties by first member. */
export function basinSummaries(members: RestartResult[]): BasinSummary[] {
  const byGroup = new Map<number, RestartResult[]>();
  for (const r of members) {
    if (r.basin === null || r.basin === undefined) continue;
    const list = byGroup.get(r.basin) ?? [];
    list.push(r);
    byGroup.set(r.basin, list);
  }
  return [...byGroup.values()]
    .map((list) => ({
      members: list.map((r) => r.index),
      meanFinalLoss: list.reduce((s, r) => s + r.records.loss[r.records.count - 1]!, 0) / list.length,
    }))
    .sort((a, b) => b.members.length - a.members.length || a.members[0]! - b.members[0]!);
}
