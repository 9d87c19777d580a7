// Bounded recording: a restart keeps at most `record.maxPoints` records by thinning its path in place.
//
// Records fall on step 0, every multiple of the interval, and the last step (or a divergence). When a
// record is due and the buffer is full, the recorder keeps records 0, 2, 4, ... (the multiples of twice
// the interval) and doubles the interval. The result is exactly what recording every interval·2^k
// would have kept, for the least k that fits: thinning never changes which values a record holds.

import type { RecordColumns } from './result';
import type { RecordSpec } from './schema';

/** Steps between records: `record.every`, or for a network with "epoch" the updates of an epoch. */
export function recordInterval(every: RecordSpec['every'], batchesPerEpoch: number): number {
  return every === 'epoch' ? batchesPerEpoch : every;
}

/** Records of a restart that runs `steps` steps recording every `interval`: step 0, each multiple of it, and the last step. */
export function recordsAt(steps: number, interval: number): number {
  return 1 + Math.floor(steps / interval) + (steps % interval === 0 ? 0 : 1);
}

/** The interval a restart that runs to the end finishes with: interval·2^k for the least k whose records fit in `maxPoints` (≥ 2). */
export function finalInterval(steps: number, interval: number, maxPoints: number): number {
  let every = interval;
  while (recordsAt(steps, every) > maxPoints) every *= 2;
  return every;
}

/**
 * Records of one restart under thinning: `records`, what a restart that runs to the end keeps; and
 * `capacity`, the slots it allocates, min(records without thinning, maxPoints), which no restart exceeds
 * (one that diverges may stop with more records than `records`, never more than `capacity`).
 */
export function recordBudget(steps: number, interval: number, maxPoints: number): { records: number; capacity: number } {
  return {
    records: recordsAt(steps, finalInterval(steps, interval, maxPoints)),
    capacity: Math.min(recordsAt(steps, interval), maxPoints),
  };
}

/** A restart's recording state: the current interval (doubled at each compaction) and its slots. */
export interface RecordSchedule {
  interval: number;
  readonly capacity: number;
}

/**
 * Makes room for a record at `step` in a buffer holding `count` records. When the buffer is full,
 * `compact` must keep records 0, 2, 4, ... (see keepEvenRows) and the interval doubles (modifies
 * `schedule`). Returns whether the record is still to be made: a final record (the last step or a
 * divergence) always is; a regular one when `step` is a multiple of the new interval.
 */
export function makeRoom(schedule: RecordSchedule, step: number, final: boolean, count: number, compact: () => void): boolean {
  if (count < schedule.capacity) return true;
  compact();
  schedule.interval *= 2;
  return final || step % schedule.interval === 0;
}

/** The number of records left after compacting `count` of them: records 0, 2, 4, ... */
function keptAfterCompaction(count: number): number {
  return (count + 1) >> 1;
}

/** Moves rows 0, 2, 4, ... of `a` (rows of `width` values, `count` rows valid) to rows 0, 1, 2, ... in place (modifies `a`). */
export function keepEvenRows(a: Float64Array, count: number, width: number): void {
  const kept = keptAfterCompaction(count);
  for (let j = 1; j < kept; j++) a.copyWithin(j * width, 2 * j * width, (2 * j + 1) * width);
}

/** Compacts every column of `r` to records 0, 2, 4, ... and updates its count (modifies `r`); `dimensions` is the width of `position` rows. */
export function compactRecords(r: RecordColumns, dimensions: number): void {
  for (const column of [r.step, r.epoch, r.loss, r.accuracy, r.gradNorm]) if (column) keepEvenRows(column, r.count, 1);
  if (r.position) keepEvenRows(r.position, r.count, dimensions);
  r.count = keptAfterCompaction(r.count);
}
