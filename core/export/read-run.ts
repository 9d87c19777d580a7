import type { ResolvedExperiment } from '../experiment/resolve';
import type { RecordColumns, RestartResult, RestartStatus } from '../experiment/result';
import { decodeNumber } from './json';
import { type Configuration, positionColumns, RUN_FORMAT, type RunOutput, type Shard } from './outputs';

/** A run.json that cannot be read back; the message says which field is wrong. */
export class RunFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunFileError';
  }
}

function fail(where: string, expected: string, found: unknown): never {
  const what = found === undefined ? 'nothing' : Array.isArray(found) ? 'an array' : found === null ? 'null' : typeof found;
  throw new RunFileError(`${where}: expected ${expected}, found ${what}`);
}

function objectAt(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(where, 'an object', v);
  return v as Record<string, unknown>;
}

function column(v: unknown, where: string, count: number): Float64Array {
  if (!Array.isArray(v)) fail(where, 'an array of numbers', v);
  if (v.length !== count) throw new RunFileError(`${where}: expected ${count} values, found ${v.length}`);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    try {
      out[i] = decodeNumber(v[i]);
    } catch {
      fail(`${where}[${i}]`, 'a number', v[i]);
    }
  }
  return out;
}

/** Reads a parsed run.json back into the form the writers take (the inverse of runJsonChunks). */
export function readRunJson(doc: unknown): RunOutput {
  const root = objectAt(doc, 'run.json');
  if (root.format !== RUN_FORMAT) {
    const found = root.format === undefined ? 'nothing' : JSON.stringify(root.format);
    const hint = typeof root.format === 'string' && root.format.startsWith('landscape-lab/experiment@') ? ' (an experiment file, not the run.json a run writes)' : '';
    throw new RunFileError(`format: expected "${RUN_FORMAT}", found ${found}${hint}`);
  }
  const experiment = objectAt(root.experiment, 'experiment') as unknown as ResolvedExperiment;
  const configurations = root.configurations;
  if (!Array.isArray(configurations)) fail('configurations', 'an array', configurations);
  const labels = (configurations as Configuration[]).map((c) => c.variant);
  const n = positionColumns(configurations as Configuration[]);
  const shard = root.shard === undefined ? null : (objectAt(root.shard, 'shard') as unknown as Shard);
  const list = root.restarts;
  if (!Array.isArray(list)) fail('restarts', 'an array', list);
  const restarts = list.map((item, i): RestartResult => {
    const where = `restarts[${i}]`;
    const r = objectAt(item, where);
    const variant = r.variant === undefined ? 0 : labels.indexOf(r.variant as string);
    if (variant < 0) throw new RunFileError(`${where}.variant: ${JSON.stringify(r.variant)} is not one of the configurations`);
    if (typeof r.index !== 'number' || !Number.isInteger(r.index)) fail(`${where}.index`, 'an integer', r.index);
    if (typeof r.seed !== 'number') fail(`${where}.seed`, 'a number', r.seed);
    if (r.status !== 'ok' && r.status !== 'diverged' && r.status !== 'failed') fail(`${where}.status`, '"ok", "diverged" or "failed"', r.status);
    const rec = objectAt(r.records, `${where}.records`);
    if (!Array.isArray(rec.step)) fail(`${where}.records.step`, 'an array', rec.step);
    const count = rec.step.length;
    let position: Float64Array | null = null;
    if (n > 0) {
      position = new Float64Array(count * n);
      for (let i = 0; i < n; i++) {
        const c = column(rec[`x${i + 1}`], `${where}.records.x${i + 1}`, count);
        for (let k = 0; k < count; k++) position[k * n + i] = c[k]!;
      }
    }
    const records: RecordColumns = {
      count,
      step: column(rec.step, `${where}.records.step`, count),
      epoch: rec.epoch === null ? null : column(rec.epoch, `${where}.records.epoch`, count),
      loss: column(rec.loss, `${where}.records.loss`, count),
      accuracy: rec.accuracy === null ? null : column(rec.accuracy, `${where}.records.accuracy`, count),
      gradNorm: column(rec.grad_norm, `${where}.records.grad_norm`, count),
      position,
    };
    let params: RestartResult['params'] = null;
    if (r.params !== null && r.params !== undefined) {
      const p = objectAt(r.params, `${where}.params`);
      const initial = column(p.initial, `${where}.params.initial`, Array.isArray(p.initial) ? p.initial.length : 0);
      const P = initial.length;
      const final = column(p.final, `${where}.params.final`, P);
      let history: Float64Array | null = null;
      if (p.history !== undefined) {
        if (!Array.isArray(p.history)) fail(`${where}.params.history`, 'an array of vectors', p.history);
        history = new Float64Array(p.history.length * P);
        p.history.forEach((row, k) => history!.set(column(row, `${where}.params.history[${k}]`, P), k * P));
      }
      let population: Float64Array | null = null;
      if (p.population !== undefined) {
        if (!Array.isArray(p.population)) fail(`${where}.params.population`, 'an array of generations', p.population);
        const rows = (p.population as unknown[]).flatMap((g, k) => {
          if (!Array.isArray(g)) fail(`${where}.params.population[${k}]`, 'an array of individuals', g);
          return (g as unknown[]).map((ind, j) => column(ind, `${where}.params.population[${k}][${j}]`, P));
        });
        population = new Float64Array(rows.length * P);
        rows.forEach((row, j) => population!.set(row, j * P));
      }
      params = { initial, final, history, ...(population ? { population } : {}) };
    }
    let search: RestartResult['search'] = null;
    if (r.best !== undefined) {
      const best = objectAt(r.best, `${where}.best`);
      const nearest = r.nearestMinimum === null ? null : objectAt(r.nearestMinimum, `${where}.nearestMinimum`);
      search = {
        best: { step: best.step as number, value: decodeNumber(best.value), position: column(best.position, `${where}.best.position`, n) },
        success: r.success === null ? null : r.success === true,
        nearest: nearest === null ? null : { index: nearest.index as number, distance: decodeNumber(nearest.distance) },
      };
    }
    let symmetry: Float64Array | null = null;
    if (Array.isArray(r.symmetry)) {
      const layers = r.symmetry as unknown[];
      symmetry = new Float64Array(count * layers.length);
      layers.forEach((layer, h) => {
        const c = column(layer, `${where}.symmetry[${h}]`, count);
        for (let k = 0; k < count; k++) symmetry![k * layers.length + h] = c[k]!;
      });
    }
    return {
      variant,
      index: r.index,
      seed: r.seed,
      status: r.status as RestartStatus,
      reason: typeof r.reason === 'string' ? r.reason : null,
      records,
      params,
      search,
      symmetry,
      signal: (r.signal as RestartResult['signal']) ?? null,
      stalledAt: typeof r.stalledAt === 'number' ? r.stalledAt : null,
      basin: typeof r.basin === 'number' ? r.basin : null,
    };
  });
  return { experiment, configurations: configurations as Configuration[], restarts, shard };
}
