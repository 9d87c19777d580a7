import { datasetHash } from '../data/dataset';
import type { Minimum } from '../functions/objective';
import type { ResolvedExperiment, RunPlan } from '../experiment/resolve';
import type { RestartResult } from '../experiment/result';

/** Format tags of the run's output files. */
export const RUN_FORMAT = 'landscape-lab/run@1';
export const SUMMARY_FORMAT = 'landscape-lab/summary@1';

/** The standard columns of trajectories.csv, in order; function searches add x1..xn after them, and `variant` comes last when the experiment has variants. */
export const TRAJECTORY_COLUMNS = ['restart', 'seed', 'step', 'epoch', 'loss', 'accuracy', 'grad_norm'] as const;

/** Which restarts a shard holds: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** A network configuration as run.json records it: the data it trained on and the network's shape. */
export interface NetworkConfiguration {
  variant: string | null;
  type: 'network';
  dataset: { kind: string; samples: number; features: number; classes: number | null; hash: string };
  layers: number[];
  parameters: number;
  stepsPerRestart: number;
  recordsPerRestart: number;
}

/** A function configuration as run.json records it: the function, its domain and known global minima. */
export interface FunctionConfiguration {
  variant: string | null;
  type: 'function';
  function: { name: string; dimensions: number; domain: [number, number][]; formula?: string };
  minima: Minimum[];
  stepsPerRestart: number;
  recordsPerRestart: number;
}

/** What each configuration (the base problem, or one variant) ran; part of run.json. */
export type Configuration = NetworkConfiguration | FunctionConfiguration;

/** Everything the output files are made from; a merge rebuilds it from shards' run.json. */
export interface RunOutput {
  experiment: ResolvedExperiment;
  configurations: Configuration[];
  /** Results sorted by variant, then restart index. */
  restarts: RestartResult[];
  shard: Shard | null;
  /**
   * A network landscape's projections, keyed "variant/restart": the x, y and off_plane columns of
   * trajectories.csv (empty cells for restarts not drawn). Absent without a landscape block.
   */
  projections?: Map<string, { x: Float64Array; y: Float64Array; offPlane: Float64Array }>;
  /** An interpolate landscape's loss barrier between its two final points (also in summary.json). */
  barrier?: { height: number; at: number; ends: [number, number] };
}

/** The configurations of a run plan, as run.json records them. */
export function describeConfigurations(plan: RunPlan): Configuration[] {
  return plan.variants.map((v): Configuration =>
    v.kind === 'network'
      ? {
          variant: v.label,
          type: 'network',
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
        }
      : {
          variant: v.label,
          type: 'function',
          function: v.problem.function,
          minima: v.minima,
          stepsPerRestart: v.steps,
          recordsPerRestart: v.records,
        },
  );
}

/** The number of position columns (x1..xn) a run's trajectories carry: the dimensions of a function search, 0 for networks. */
export function positionColumns(configurations: Configuration[]): number {
  const first = configurations[0];
  return first !== undefined && first.type === 'function' ? first.function.dimensions : 0;
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
  const n = positionColumns(out.configurations);
  const xs = Array.from({ length: n }, (_, i) => `x${i + 1}`);
  const plane = out.projections !== undefined ? ['x', 'y', 'off_plane'] : [];
  yield [...TRAJECTORY_COLUMNS, ...xs, ...plane, ...(hasVariants ? ['variant'] : [])].join(',') + '\n';
  for (const r of out.restarts) {
    const rec = r.records;
    const variant = hasVariants ? ',' + csvField(out.configurations[r.variant]!.variant ?? '') : '';
    const projected = out.projections?.get(`${r.variant}/${r.index}`);
    const lines: string[] = [];
    for (let k = 0; k < rec.count; k++) {
      let line = `${r.index},${r.seed},${rec.step[k]},${rec.epoch ? rec.epoch[k] : ''},${csvNumber(rec.loss[k]!)},${rec.accuracy ? csvNumber(rec.accuracy[k]!) : ''},${csvNumber(rec.gradNorm[k]!)}`;
      for (let i = 0; i < n; i++) line += ',' + csvNumber(rec.position![k * n + i]!);
      if (plane.length > 0) line += projected ? `,${csvNumber(projected.x[k]!)},${csvNumber(projected.y[k]!)},${csvNumber(projected.offPlane[k]!)}` : ',,,';
      lines.push(line + variant + '\n');
    }
    yield lines.join('');
  }
}
