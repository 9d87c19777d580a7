// What the paths show of each restart's result: divergence, and the record at which it stalled.
import type { RestartResult } from '../../core/experiment/result';
import type { PathOutcome } from './paths';

/** The record index at which a restart stalled: the first record whose step is ≥ `stalledAt`; null when it did not stall or no record reaches that step. */
export function stalledRecord(result: RestartResult): number | null {
  const at = result.stalledAt;
  if (at === null || at === undefined) return null;
  const { step, count } = result.records;
  for (let k = 0; k < count; k++) if (step[k]! >= at) return k;
  return null;
}

/** Each restart's outcome by restart index, from the results of variant `variant` (every result when undefined; a later result of the same index wins). */
export function pathOutcomes(results: readonly RestartResult[], variant?: number): Map<number, PathOutcome> {
  const out = new Map<number, PathOutcome>();
  for (const r of results) {
    if (variant !== undefined && r.variant !== variant) continue;
    out.set(r.index, { diverged: r.status === 'diverged', stalledRecord: stalledRecord(r) });
  }
  return out;
}
