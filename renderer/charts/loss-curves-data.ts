// The loss curves' data: the run's restarts in run order with the range of their losses and steps, kept
// up to date as restarts arrive (each costs one pass over its own records, once), and each restart's line
// decimated for the x range and pixel columns drawn (made once per restart until those change).
import type { RestartResult } from '../../core/experiment/result';
import { decimateMinMax, decimatedCapacity } from './column-decimation';
import type { RestartKey } from './restarts';

/** Where a diverged restart ended: the step of its last record and that loss (null when not finite). */
export interface DivergedEnd {
  key: RestartKey;
  step: number;
  loss: number | null;
}

/** What `LossCurveSet.add` did: nothing (already there), a new restart at `row`, or a new result object for a restart it held. */
export type SetChange = { kind: 'present' } | { kind: 'inserted'; row: number } | { kind: 'replaced'; row: number };

/**
 * The restarts of a run in run order (variant, then restart index) whatever order they arrive in, with
 * the smallest and largest finite loss and the first and last step of any of them.
 */
export class LossCurveSet {
  /** The restarts, in run order. */
  readonly restarts: RestartResult[] = [];
  private range = { min: Infinity, max: -Infinity, xMin: Infinity, xMax: -Infinity };
  /** Whether a replaced restart's records may have held an extreme, so the range must be measured again. */
  private stale = false;

  /** The smallest finite loss (Infinity while there is none). */
  get min(): number {
    return this.measured().min;
  }

  /** The largest finite loss (−Infinity while there is none). */
  get max(): number {
    return this.measured().max;
  }

  /** The first recorded step (Infinity while there is none). */
  get xMin(): number {
    return this.measured().xMin;
  }

  /** The last recorded step (−Infinity while there is none). */
  get xMax(): number {
    return this.measured().xMax;
  }

  /**
   * Adds restart `r`, or replaces the one with the same key when `r` is a different result object (a
   * result that only gained analysis keeps its records, and costs nothing).
   */
  add(r: RestartResult): SetChange {
    const at = this.find(r);
    if (at.found && this.restarts[at.row] === r) return { kind: 'present' };
    if (at.found) {
      if (this.restarts[at.row]!.records !== r.records) this.stale = true;
      this.restarts[at.row] = r;
      return { kind: 'replaced', row: at.row };
    }
    this.restarts.splice(at.row, 0, r);
    if (!this.stale) this.widen(r);
    return { kind: 'inserted', row: at.row };
  }

  /** The row (run-order position) of restart `key`, or −1. */
  rowOf(key: RestartKey | null): number {
    if (key === null) return -1;
    const at = this.find(key);
    return at.found ? at.row : -1;
  }

  /** Where each diverged restart ended, in run order. */
  divergedEnds(): DivergedEnd[] {
    const ends: DivergedEnd[] = [];
    for (const r of this.restarts) {
      const k = r.records.count - 1;
      if (r.status !== 'diverged' || k < 0) continue;
      const loss = r.records.loss[k]!;
      ends.push({ key: { variant: r.variant, index: r.index }, step: r.records.step[k]!, loss: Number.isFinite(loss) ? loss : null });
    }
    return ends;
  }

  /** Whether every drawn loss is positive, so the curves can go on a log axis. */
  get logAllowed(): boolean {
    return this.min > 0 && this.min <= this.max;
  }

  /** Empties the set (a new run). */
  clear(): void {
    this.restarts.length = 0;
    this.range = { min: Infinity, max: -Infinity, xMin: Infinity, xMax: -Infinity };
    this.stale = false;
  }

  /** The range, measured again over every restart if a replacement made it stale (rare). */
  private measured(): { min: number; max: number; xMin: number; xMax: number } {
    if (this.stale) {
      this.stale = false;
      this.range = { min: Infinity, max: -Infinity, xMin: Infinity, xMax: -Infinity };
      for (const r of this.restarts) this.widen(r);
    }
    return this.range;
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

  private widen(r: RestartResult): void {
    const { step, loss, count } = r.records;
    if (count === 0) return;
    const g = this.range;
    g.xMin = Math.min(g.xMin, step[0]!);
    g.xMax = Math.max(g.xMax, step[count - 1]!);
    for (let k = 0; k < count; k++) {
      const v = loss[k]!;
      if (!Number.isFinite(v)) continue;
      if (v < g.min) g.min = v;
      if (v > g.max) g.max = v;
    }
  }
}

/** One restart's line as drawn: `count` (step, loss) pairs in `points` ((NaN, NaN) at a gap) and its smallest and largest loss within the x range. */
export interface DecimatedLine {
  points: Float64Array;
  count: number;
  min: number;
  max: number;
}

/**
 * Each restart's line decimated (`decimateMinMax`) for one x range and number of pixel columns, made on
 * first use and kept (per records object, so a result that only gained analysis keeps its line) while the
 * range and columns stay the same; changing them remakes lines as they are asked for.
 */
export class DecimatedLines {
  private key = '';
  private lines = new WeakMap<RestartResult['records'], DecimatedLine>();
  private scratch = new Float64Array(0);
  private x0 = 0;
  private x1 = 1;
  private columns = 1;

  /** Starts over for the x range [x0, x1] drawn in `columns` columns (no work when they are unchanged). */
  setView(x0: number, x1: number, columns: number): void {
    const key = `${x0} ${x1} ${columns}`;
    if (key === this.key) return;
    this.key = key;
    this.lines = new WeakMap();
    this.x0 = x0;
    this.x1 = x1;
    this.columns = columns;
  }

  /** The line of restart `r` for the current view. */
  line(r: RestartResult): DecimatedLine {
    let line = this.lines.get(r.records);
    if (line !== undefined) return line;
    const { step, loss, count } = r.records;
    const need = 2 * decimatedCapacity(count);
    if (this.scratch.length < need) this.scratch = new Float64Array(need);
    const n = decimateMinMax(step, loss, count, this.x0, this.x1, this.columns, this.scratch);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = this.scratch[2 * i]!;
      const y = this.scratch[2 * i + 1]!;
      if (!(x >= this.x0 && x <= this.x1)) continue;
      if (y < min) min = y;
      if (y > max) max = y;
    }
    line = { points: this.scratch.slice(0, 2 * n), count: n, min, max };
    this.lines.set(r.records, line);
    return line;
  }
}
