import type { ResolvedExperiment } from '../experiment/resolve';
import type { RecordColumns, RestartResult, RestartStatus } from '../experiment/result';
import { decodeNumber } from './json';
import { type Configuration, RUN_FORMAT, type RunOutput, type Shard } from './outputs';

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
    throw new RunFileError(`format: expected "${RUN_FORMAT}", found ${JSON.stringify(root.format)}`);
  }
  const experiment = objectAt(root.experiment, 'experiment') as unknown as ResolvedExperiment;
  const configurations = root.configurations;
  if (!Array.isArray(configurations)) fail('configurations', 'an array', configurations);
  const labels = (configurations as Configuration[]).map((c) => c.variant);
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
    const records: RecordColumns = {
      count,
      step: column(rec.step, `${where}.records.step`, count),
      epoch: column(rec.epoch, `${where}.records.epoch`, count),
      loss: column(rec.loss, `${where}.records.loss`, count),
      accuracy: rec.accuracy === null ? null : column(rec.accuracy, `${where}.records.accuracy`, count),
      gradNorm: column(rec.grad_norm, `${where}.records.grad_norm`, count),
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
      params = { initial, final, history };
    }
    return {
      variant,
      index: r.index,
      seed: r.seed,
      status: r.status as RestartStatus,
      reason: typeof r.reason === 'string' ? r.reason : null,
      records,
      params,
    };
  });
  return { experiment, configurations: configurations as Configuration[], restarts, shard };
}
