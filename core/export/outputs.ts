import { summarize, type Summary } from '../analysis/stats';
import { datasetHash } from '../data/dataset';
import type { ResolvedExperiment, RunPlan } from '../experiment/resolve';
import type { RestartResult } from '../experiment/result';
import { toJson } from './json';

/** Format tags of the run's output files. */
export const RUN_FORMAT = 'landscape-lab/run@1';
export const SUMMARY_FORMAT = 'landscape-lab/summary@1';

/** The standard columns of trajectories.csv, in order; `variant` follows them when the experiment has variants. */
export const TRAJECTORY_COLUMNS = ['restart', 'seed', 'step', 'epoch', 'loss', 'accuracy', 'grad_norm'] as const;

/** Which restarts a shard holds: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** What each configuration (the base problem, or one variant) ran on; part of run.json. */
export interface Configuration {
  variant: string | null;
  dataset: { kind: string; samples: number; features: number; classes: number | null; hash: string };
  layers: number[];
  parameters: number;
  stepsPerRestart: number;
  recordsPerRestart: number;
}

/** Everything the output files are made from; a merge rebuilds it from shards' run.json. */
export interface RunOutput {
  experiment: ResolvedExperiment;
  configurations: Configuration[];
  /** Results sorted by variant, then restart index. */
  restarts: RestartResult[];
  shard: Shard | null;
}

/** The configurations of a run plan, as run.json records them. */
export function describeConfigurations(plan: RunPlan): Configuration[] {
  return plan.variants.map((v) => ({
    variant: v.label,
    dataset: {
      kind: v.problem.dataset.kind,
      samples: v.dataset.samples,
      features: v.dataset.features,
      classes: v.dataset.classes,
      hash: datasetHash(v.dataset),
    },
    layers: v.sizes,
    parameters: v.paramCount,
    stepsPerRestart: v.steps,
    recordsPerRestart: v.records,
  }));
}

/** Restart indices 0..restarts-1 that shard `index` of `count` runs: a contiguous block, the blocks differing in size by at most one. */
export function shardRange(restarts: number, shard: Shard | null): { start: number; end: number } {
  if (shard === null) return { start: 0, end: restarts };
  return { start: Math.floor(((shard.index - 1) * restarts) / shard.count), end: Math.floor((shard.index * restarts) / shard.count) };
}

/** A number in a CSV cell: shortest round-trip form, -0 kept; NaN, Infinity and -Infinity spelled out. */
export function csvNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** trajectories.csv, in pieces (one per restart) so that a large run never becomes one huge string. */
export function* trajectoryCsvChunks(out: RunOutput): Generator<string> {
  const hasVariants = out.experiment.variants !== undefined;
  yield [...TRAJECTORY_COLUMNS, ...(hasVariants ? ['variant'] : [])].join(',') + '\n';
  for (const r of out.restarts) {
    const rec = r.records;
    const variant = hasVariants ? ',' + csvField(out.configurations[r.variant]!.variant ?? '') : '';
    const lines: string[] = [];
    for (let k = 0; k < rec.count; k++) {
      lines.push(
        `${r.index},${r.seed},${rec.step[k]},${rec.epoch[k]},${csvNumber(rec.loss[k]!)},${rec.accuracy ? csvNumber(rec.accuracy[k]!) : ''},${csvNumber(rec.gradNorm[k]!)}${variant}\n`,
      );
    }
    yield lines.join('');
  }
}

function restartJson(r: RestartResult, out: RunOutput): Record<string, unknown> {
  const rec = r.records;
  const hasVariants = out.experiment.variants !== undefined;
  const p = r.params;
  let params: Record<string, unknown> | null = null;
  if (p !== null) {
    params = { initial: p.initial, final: p.final };
    if (p.history !== null) {
      const P = p.initial.length;
      const rows: Float64Array[] = [];
      for (let k = 0; k < rec.count; k++) rows.push(p.history.subarray(k * P, (k + 1) * P));
      params.history = rows;
    }
  }
  return {
    index: r.index,
    ...(hasVariants ? { variant: out.configurations[r.variant]!.variant } : {}),
    seed: r.seed,
    status: r.status,
    reason: r.reason,
    records: { step: rec.step, epoch: rec.epoch, loss: rec.loss, accuracy: rec.accuracy, grad_norm: rec.gradNorm },
    params,
  };
}

/** run.json, in pieces (a head, one piece per restart, a tail). */
export function* runJsonChunks(out: RunOutput): Generator<string> {
  const head = toJson({
    format: RUN_FORMAT,
    experiment: out.experiment,
    ...(out.shard ? { shard: out.shard } : {}),
    configurations: out.configurations,
  });
  // Reopen the head object to append "restarts" without building the whole document in memory.
  yield head.slice(0, head.lastIndexOf('}')).trimEnd() + ',\n  "restarts": [';
  let first = true;
  for (const r of out.restarts) {
    const body = toJson(restartJson(r, out)).trimEnd().replace(/\n/g, '\n    ');
    yield (first ? '\n    ' : ',\n    ') + body;
    first = false;
  }
  yield out.restarts.length === 0 ? ']\n}\n' : '\n  ]\n}\n';
}

interface Outcome {
  restarts: number;
  ok: number;
  diverged: number;
  failed: number;
  finalLoss: Summary;
  finalAccuracy: Summary | null;
}

function outcome(results: RestartResult[], classification: boolean): Outcome {
  const ok = results.filter((r) => r.status === 'ok' && r.records.count > 0);
  const last = (a: Float64Array, r: RestartResult) => a[r.records.count - 1]!;
  return {
    restarts: results.length,
    ok: results.filter((r) => r.status === 'ok').length,
    diverged: results.filter((r) => r.status === 'diverged').length,
    failed: results.filter((r) => r.status === 'failed').length,
    finalLoss: summarize(ok.map((r) => last(r.records.loss, r))),
    finalAccuracy: classification ? summarize(ok.map((r) => last(r.records.accuracy!, r))) : null,
  };
}

/** summary.json: counts by status and statistics of the final loss and accuracy over restarts that ended ok, overall and per variant. */
export function summaryJson(out: RunOutput): string {
  const classification = out.configurations.every((c) => c.dataset.classes !== null);
  const body: Record<string, unknown> = { format: SUMMARY_FORMAT, ...outcome(out.restarts, classification) };
  if (out.experiment.variants !== undefined) {
    body.variants = out.configurations.map((c, v) => ({
      label: c.variant,
      ...outcome(
        out.restarts.filter((r) => r.variant === v),
        c.dataset.classes !== null,
      ),
    }));
  }
  return toJson(body);
}

