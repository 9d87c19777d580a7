import type { Signal } from '../analysis/signal';
import { restartSeed } from '../rng/seeds';
import type { RunPlan } from './plan';

/** How a restart ended: ran to the end, stopped because loss or parameters stopped being finite, or could not run. */
export type RestartStatus = 'ok' | 'diverged' | 'failed';

/** A restart's records, column by column; `count` entries of each are valid. */
export interface RecordColumns {
  count: number;
  /** Optimizer updates made so far (0 is the starting point). */
  step: Float64Array;
  /** The epoch of the last update (0 at the start); null for function searches, which have no epochs. */
  epoch: Float64Array | null;
  /** Mean loss over the whole training set. */
  loss: Float64Array;
  /** Fraction of the training set classified correctly; null for regression. */
  accuracy: Float64Array | null;
  /** Euclidean norm of the gradient of the whole-set loss (for a function: of the function at the point). */
  gradNorm: Float64Array;
  /** For function searches, the reported point at each record (count × dimensions, row-major); null for networks. */
  position: Float64Array | null;
}

/** How a function search did: its best point, whether that reached a known global minimum, and which one it is nearest. */
export interface SearchOutcome {
  best: { step: number; value: number; position: Float64Array };
  /** Whether the best point reached a global minimum (within the file's tolerances); null when none is known. */
  success: boolean | null;
  /** The known global minimum nearest the best point (index into the configuration's minima) and its distance; null when none is known. */
  nearest: { index: number; distance: number } | null;
}

/** One restart's outcome; every array is transferable between threads. */
export interface RestartResult {
  /** Index of the variant (0 without variants). */
  variant: number;
  /** Restart index i in 0..restarts-1. */
  index: number;
  /** The restart's seed: an integer derived from the master seed and i alone. */
  seed: number;
  status: RestartStatus;
  /** Why a restart diverged or failed; null when ok. */
  reason: string | null;
  records: RecordColumns;
  /**
   * Parameter vectors (for a function search: points): null when `record.params` is "none"; `history`
   * (records × size, row-major) only for "all"; `population` (records × population × dimensions) only
   * for a genetic algorithm with "all".
   */
  params: { initial: Float64Array; final: Float64Array; history: Float64Array | null; population?: Float64Array | null } | null;
  /** The outcome of a function search; null for networks. */
  search: SearchOutcome | null;
  /** Networks: distinct units of each hidden layer at each record (records × hidden layers, row-major); null otherwise. */
  symmetry?: Float64Array | null;
  /** Networks: the signal's spread per layer at the starting point; null otherwise. */
  signal?: Signal | null;
  /** Set after the run over all restarts: the step where this restart stalled (premature convergence), or null. */
  stalledAt?: number | null;
  /** Set after the run: the index of the group of restarts that ended in the same place (up to unit permutation), or null. */
  basin?: number | null;
}

/** The buffers of a result, for postMessage's transfer list. */
export function transferables(r: RestartResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (a: Float64Array | null | undefined) => {
    if (a && !out.includes(a.buffer as ArrayBuffer)) out.push(a.buffer as ArrayBuffer);
  };
  const rec = r.records;
  for (const a of [rec.step, rec.epoch, rec.loss, rec.accuracy, rec.gradNorm, rec.position]) add(a);
  if (r.params) for (const a of [r.params.initial, r.params.final, r.params.history, r.params.population]) add(a);
  if (r.search) add(r.search.best.position);
  add(r.symmetry);
  return out;
}

/** A result for a restart that could not run: no records, the reason kept. */
export function failedResult(plan: RunPlan, task: Pick<RestartResult, 'variant' | 'index'>, reason: string): RestartResult {
  const empty = new Float64Array(0);
  return {
    variant: task.variant,
    index: task.index,
    seed: restartSeed(plan.experiment.seed, task.index),
    status: 'failed',
    reason,
    records: { count: 0, step: empty, epoch: null, loss: empty.slice(), accuracy: null, gradNorm: empty.slice(), position: null },
    params: null,
    search: null,
  };
}
