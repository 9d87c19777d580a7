/** How a restart ended: ran to the end, stopped because loss or parameters stopped being finite, or could not run. */
export type RestartStatus = 'ok' | 'diverged' | 'failed';

/** A restart's records, column by column; `count` entries of each are valid. */
export interface RecordColumns {
  count: number;
  /** Optimizer updates made so far (0 is the starting point). */
  step: Float64Array;
  /** The epoch of the last update (0 at the start). */
  epoch: Float64Array;
  /** Mean loss over the whole training set. */
  loss: Float64Array;
  /** Fraction of the training set classified correctly; null for regression. */
  accuracy: Float64Array | null;
  /** Euclidean norm of the gradient of the whole-set loss. */
  gradNorm: Float64Array;
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
  /** Parameter vectors: null when `record.params` is "none"; `history` (records × parameters, row-major) only for "all". */
  params: { initial: Float64Array; final: Float64Array; history: Float64Array | null } | null;
}

/** The buffers of a result, for postMessage's transfer list. */
export function transferables(r: RestartResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (a: Float64Array | null | undefined) => {
    if (a && !out.includes(a.buffer as ArrayBuffer)) out.push(a.buffer as ArrayBuffer);
  };
  const rec = r.records;
  for (const a of [rec.step, rec.epoch, rec.loss, rec.accuracy, rec.gradNorm]) add(a);
  if (r.params) for (const a of [r.params.initial, r.params.final, r.params.history]) add(a);
  return out;
}
