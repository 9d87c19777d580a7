// The loss curves' data in uPlot's aligned form: one shared x (every recorded step) and one row of
// losses per restart, kept up to date as restarts arrive so that a frame never rebuilds it.
import type { RestartResult } from '../../core/experiment/result';
import { type RestartKey, restartId } from './restarts';

/** A restart's loss at each shared step: null where it has no record there or the loss is not finite. */
export type LossRow = (number | null)[];

/** Every step recorded by any of `results`, ascending and without repeats. */
export function unionSteps(results: readonly RestartResult[]): number[] {
  let xs: number[] = [];
  for (const r of results) xs = mergeSteps(xs, r);
  return xs;
}

/** The ascending union of `xs` and the steps of `r` (a new array; `xs` is not changed). */
function mergeSteps(xs: readonly number[], r: RestartResult): number[] {
  const { step, count } = r.records;
  const out: number[] = [];
  let i = 0;
  let k = 0;
  while (i < xs.length || k < count) {
    const a = i < xs.length ? xs[i]! : Infinity;
    const b = k < count ? step[k]! : Infinity;
    const v = Math.min(a, b);
    out.push(v);
    if (a === v) i++;
    if (b === v) k++;
  }
  return out;
}

/** Whether every step of `r` is already in `xs` (ascending). */
function stepsWithin(xs: readonly number[], r: RestartResult): boolean {
  const { step, count } = r.records;
  let i = 0;
  for (let k = 0; k < count; k++) {
    while (i < xs.length && xs[i]! < step[k]!) i++;
    if (i === xs.length || xs[i] !== step[k]) return false;
  }
  return true;
}

/**
 * The losses of `r` aligned to the ascending steps `xs` (which hold all of its steps): the loss where
 * it recorded that step and the loss is finite, null elsewhere, so a diverged restart's line stops at
 * its last finite record.
 */
export function lossRow(r: RestartResult, xs: readonly number[]): LossRow {
  const row: LossRow = new Array<number | null>(xs.length).fill(null);
  const { step, loss, count } = r.records;
  let i = 0;
  for (let k = 0; k < count; k++) {
    while (i < xs.length && xs[i]! < step[k]!) i++;
    if (i === xs.length) throw new RangeError(`restart ${restartId(r)} recorded step ${step[k]}, which is not among the shared steps`);
    const v = loss[k]!;
    row[i] = Number.isFinite(v) ? v : null;
  }
  return row;
}

/** Where a diverged restart ended: the step of its last record and that loss (null when not finite). */
export interface DivergedEnd {
  key: RestartKey;
  step: number;
  loss: number | null;
}

/** What `LossCurveTable.add` did: nothing (already there), a new row at `row`, a replaced row, or a rebuild of every row because the shared steps grew. */
export type TableChange = { kind: 'present' } | { kind: 'inserted'; row: number } | { kind: 'replaced'; row: number } | { kind: 'rebuilt'; row: number };

/**
 * Aligned loss curves of many restarts, rows in run order (variant, then restart index) whatever order
 * the restarts arrive in. Adding a restart whose steps are all known costs one row; one with new steps
 * (another variant's schedule) realigns every row.
 */
export class LossCurveTable {
  /** The shared x: every recorded step, ascending. */
  xs: number[] = [];
  /** One row per restart, aligned to xs. */
  readonly rows: LossRow[] = [];
  /** The restart of each row. */
  readonly restarts: RestartResult[] = [];
  /** The smallest and largest finite loss in the table (Infinity and −Infinity while there is none). */
  min = Infinity;
  max = -Infinity;

  /** Adds restart `r` (or replaces the row of a different result object with the same key). */
  add(r: RestartResult): TableChange {
    const at = this.find(r);
    if (at.found && this.restarts[at.row] === r) return { kind: 'present' };
    const change = this.place(r, at);
    if (at.found) {
      // A replaced row may have held the extreme losses: measure again from scratch (rare).
      this.min = Infinity;
      this.max = -Infinity;
      for (const s of this.restarts) this.widen(s);
    } else this.widen(r);
    return change;
  }

  /** The row of restart `key`, or −1. */
  rowOf(key: RestartKey | null): number {
    if (key === null) return -1;
    const at = this.find(key);
    return at.found ? at.row : -1;
  }

  /** Where each diverged restart ended, in row order. */
  divergedEnds(): DivergedEnd[] {
    return this.restarts
      .filter((r) => r.status === 'diverged' && r.records.count > 0)
      .map((r) => {
        const k = r.records.count - 1;
        const loss = r.records.loss[k]!;
        return { key: { variant: r.variant, index: r.index }, step: r.records.step[k]!, loss: Number.isFinite(loss) ? loss : null };
      });
  }

  /** Whether every drawn loss is positive, so the curves can go on a log axis. */
  get logAllowed(): boolean {
    return this.min > 0 && this.min <= this.max;
  }

  /** Empties the table (a new run). */
  clear(): void {
    this.xs = [];
    this.rows.length = 0;
    this.restarts.length = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  /** Binary search in run order: the row of `key` or where it would go. */
  private find(key: RestartKey): { found: boolean; row: number } {
    let lo = 0;
    let hi = this.restarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.restarts[mid]!;
      const c = m.variant - key.variant || m.index - key.index;
      if (c === 0) return { found: true, row: mid };
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return { found: false, row: lo };
  }

  /** Puts r's row in place: inserted, replaced, or (when r brings new steps) every row realigned. */
  private place(r: RestartResult, at: { found: boolean; row: number }): TableChange {
    if (!stepsWithin(this.xs, r)) {
      this.xs = mergeSteps(this.xs, r);
      if (at.found) this.restarts[at.row] = r;
      else this.restarts.splice(at.row, 0, r);
      this.rows.length = 0;
      for (const s of this.restarts) this.rows.push(lossRow(s, this.xs));
      return { kind: 'rebuilt', row: at.row };
    }
    const row = lossRow(r, this.xs);
    if (at.found) {
      this.restarts[at.row] = r;
      this.rows[at.row] = row;
      return { kind: 'replaced', row: at.row };
    }
    this.restarts.splice(at.row, 0, r);
    this.rows.splice(at.row, 0, row);
    return { kind: 'inserted', row: at.row };
  }

  private widen(r: RestartResult): void {
    const { loss, count } = r.records;
    for (let k = 0; k < count; k++) {
      const v = loss[k]!;
      if (!Number.isFinite(v)) continue;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
  }
}
