import type { RestartResult } from '../experiment/result';
import { jsonChunksAt, toJson } from './json';
import { positionColumns, RUN_FORMAT, type RunOutput } from './outputs';

/** Splits a flat row-major array into `rows` views of `size` values. */
function rowsOf(a: Float64Array, rows: number, size: number): Float64Array[] {
  return Array.from({ length: rows }, (_, k) => a.subarray(k * size, (k + 1) * size));
}

function restartJson(r: RestartResult, out: RunOutput): Record<string, unknown> {
  const rec = r.records;
  const hasVariants = out.experiment.variants !== undefined;
  const n = positionColumns(out.configurations);
  const records: Record<string, unknown> = { step: rec.step, epoch: rec.epoch, loss: rec.loss, accuracy: rec.accuracy, grad_norm: rec.gradNorm };
  for (let i = 0; i < n; i++) {
    const column = new Float64Array(rec.count);
    for (let k = 0; k < rec.count; k++) column[k] = rec.position![k * n + i]!;
    records[`x${i + 1}`] = column;
  }
  const p = r.params;
  let params: Record<string, unknown> | null = null;
  if (p !== null) {
    const size = p.initial.length;
    params = { initial: p.initial, final: p.final };
    if (p.history !== null) params.history = rowsOf(p.history, rec.count, size);
    if (p.population) {
      const perGeneration = p.population.length / rec.count;
      params.population = rowsOf(p.population, rec.count, perGeneration).map((g) => rowsOf(g, perGeneration / size, size));
    }
  }
  const search = r.search;
  let symmetry: Float64Array[] | undefined;
  if (r.symmetry) {
    const hidden = rec.count > 0 ? r.symmetry.length / rec.count : 0;
    symmetry = Array.from({ length: hidden }, (_, h) => Float64Array.from({ length: rec.count }, (_, k) => r.symmetry![k * hidden + h]!));
  }
  return {
    index: r.index,
    ...(hasVariants ? { variant: out.configurations[r.variant]!.variant } : {}),
    seed: r.seed,
    status: r.status,
    reason: r.reason,
    records,
    params,
    ...(search
      ? {
          best: { step: search.best.step, value: search.best.value, position: search.best.position },
          success: search.success,
          nearestMinimum: search.nearest,
        }
      : {}),
    ...(symmetry ? { symmetry } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
    stalledAt: r.stalledAt ?? null,
    basin: r.basin ?? null,
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
    // A restart in pieces (a recorded parameter vector each), indented inside "restarts".
    yield first ? '\n    ' : ',\n    ';
    yield* jsonChunksAt(restartJson(r, out), '    ', 2);
    first = false;
  }
  yield out.restarts.length === 0 ? ']\n}\n' : '\n  ]\n}\n';
}
