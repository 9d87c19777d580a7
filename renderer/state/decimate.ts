// The window draws at most DISPLAY_RECORDS points per restart: a search recording 20,000 steps would
// otherwise hand the 3-D view and the charts 20,000-point paths per restart. Where WebGL runs in
// software (no usable GPU), a configuration's restarts together get at most SOFTWARE_DRAW_BUDGET
// points, so a frame of the 3-D view stays within tens of milliseconds. Every restart of a
// configuration keeps the same records (every `stride`-th, plus its last), so playback stays aligned
// across restarts, short (diverged) ones included. Exports come from the host's full records, never
// from these.
import type { RestartResult } from '../../core/experiment/result';

/** Points per restart the window draws at most (plus each restart's last record). */
export const DISPLAY_RECORDS = 2000;

/** Points of all restarts of a configuration together that the window draws where WebGL runs in software. */
export const SOFTWARE_DRAW_BUDGET = 12_000;

/**
 * The stride that keeps at most DISPLAY_RECORDS of `recordsPerRestart` records, and at most `budget`
 * points over `restarts` restarts together (1: keep all).
 */
export function displayStride(recordsPerRestart: number, restarts = 1, budget = Infinity): number {
  const perRestart = Math.ceil(recordsPerRestart / DISPLAY_RECORDS);
  const overall = Number.isFinite(budget) && budget > 0 ? Math.ceil((recordsPerRestart * Math.max(1, restarts)) / budget) : 1;
  return Math.max(1, perRestart, overall);
}

/** The record indices kept of `count` at `stride`: 0, stride, 2·stride, …, and count − 1. */
export function keptIndices(count: number, stride: number): Int32Array {
  if (stride <= 1 || count <= 1) return Int32Array.from({ length: count }, (_, i) => i);
  const n = Math.ceil(count / stride) + ((count - 1) % stride === 0 ? 0 : 1);
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < count; i += stride) out[k++] = i;
  if (out[k - 1] !== count - 1) out[k++] = count - 1;
  return out;
}

/** Rows `kept` of a row-major array with `width` values per row (null stays null). */
export function pickRows<T extends Float64Array | null | undefined>(a: T, kept: Int32Array, width: number): T {
  if (a === null || a === undefined) return a;
  const out = new Float64Array(kept.length * width);
  // One value per row (steps, losses, path coordinates) is copied directly: a subarray per value costs more than the copy.
  if (width === 1) for (let k = 0; k < kept.length; k++) out[k] = a[kept[k]!]!;
  else for (let k = 0; k < kept.length; k++) out.set(a.subarray(kept[k]! * width, (kept[k]! + 1) * width), k * width);
  return out as T;
}

/** A restart's result with only the records kept at `stride` (the same object when nothing is dropped). */
export function decimateResult(r: RestartResult, stride: number): RestartResult {
  const count = r.records.count;
  if (stride <= 1 || count <= 1) return r;
  const kept = keptIndices(count, stride);
  const rec = r.records;
  // Columns may hold more rows than `count` (their capacity): row widths come from the loss column's length.
  const rows = Math.max(1, rec.loss.length);
  const dims = rec.position === null ? 0 : rec.position.length / rows;
  const hidden = r.symmetry ? r.symmetry.length / rows : 0;
  const P = r.params?.initial.length ?? 0;
  const generation = r.params?.population ? r.params.population.length / rows : 0;
  return {
    ...r,
    records: {
      count: kept.length,
      step: pickRows(rec.step, kept, 1),
      epoch: pickRows(rec.epoch, kept, 1),
      loss: pickRows(rec.loss, kept, 1),
      accuracy: pickRows(rec.accuracy, kept, 1),
      gradNorm: pickRows(rec.gradNorm, kept, 1),
      position: pickRows(rec.position, kept, dims),
    },
    params:
      r.params === null
        ? null
        : { ...r.params, history: pickRows(r.params.history, kept, P), ...(r.params.population !== undefined ? { population: pickRows(r.params.population, kept, generation) } : {}) },
    symmetry: hidden > 0 ? pickRows(r.symmetry, kept, hidden) : r.symmetry,
  };
}

/** A projected path with only the points kept at `stride` (each array one value per record). */
export function decimatePath<T extends { x: Float64Array; y: Float64Array; loss: Float64Array; offPlane: Float64Array }>(p: T, stride: number): T {
  if (stride <= 1 || p.x.length <= 1) return p;
  const kept = keptIndices(p.x.length, stride);
  return { ...p, x: pickRows(p.x, kept, 1), y: pickRows(p.y, kept, 1), loss: pickRows(p.loss, kept, 1), offPlane: pickRows(p.offPlane, kept, 1) };
}
