// The window draws at most DISPLAY_RECORDS points per restart: a search recording 20,000 steps would
// otherwise hand the 3-D view and the charts 20,000-point paths per restart. Where WebGL runs in
// software (no usable GPU), a configuration's restarts together get at most SOFTWARE_DRAW_BUDGET
// points, so a frame of the 3-D view stays within tens of milliseconds. Every restart of a
// configuration keeps the same records (every `stride`-th, plus its last), so playback stays aligned
// across restarts, short (diverged) ones included.
//
// The host thins a run's events (thinEvents) before it sends them to the window, with the budget the
// window asked for when it started the run: the window never receives, copies or holds records it
// would not draw. Exports come from the host's full records, never from these.
import type { Configuration } from '../export/outputs';
import type { RestartResult } from '../experiment/result';
import type { RunEvent } from './lab-api';

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

/**
 * `value` with every Float64Array that is a view into a larger buffer copied into one of its own (the
 * same object, untouched, when there is none). A result unpacked from a worker's message holds views
 * into that message's one array (packed.ts); sent on as they are, each view would carry the whole
 * array with it (a structured clone copies a view's entire buffer), so a thinned restart would still
 * send every record of its batch.
 */
export function ownBuffers<T>(value: T): T {
  if (value instanceof Float64Array) return (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice()) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = ownBuffers(value[i] as unknown);
      if (v !== value[i]) (out ??= [...value])[i] = v;
    }
    return (out ?? value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let out: Record<string, unknown> | null = null;
    for (const [k, old] of Object.entries(value)) {
      const v = ownBuffers(old);
      if (v !== old) (out ??= { ...(value as Record<string, unknown>) })[k] = v;
    }
    return (out ?? value) as T;
  }
  return value;
}

/**
 * Thins one run's events for the window as they are sent: each restart's records, and each projected
 * path of its landscape, at its configuration's displayStride for the run's restarts and `budget`
 * (the points the window draws of a configuration's restarts together; Infinity: DISPLAY_RECORDS per
 * restart only). The configurations come from the run's 'started' event. Every array sent owns its
 * buffer (ownBuffers); other events pass as they are.
 */
export function thinEvents(budget = Infinity): (e: RunEvent) => RunEvent {
  let configurations: Configuration[] = [];
  let restarts = 0;
  const strideOf = (config: Configuration | undefined) => displayStride(config?.recordsPerRestart ?? 0, restarts, budget);
  return (e) => {
    switch (e.type) {
      case 'started':
        configurations = e.configurations;
        restarts = e.restarts;
        return e;
      case 'restart': {
        const result = ownBuffers(decimateResult(e.result, strideOf(configurations[e.result.variant])));
        return result === e.result ? e : { ...e, result };
      }
      case 'landscape': {
        const stride = strideOf(configurations.find((c) => c.variant === e.landscape.variant) ?? configurations[0]);
        const landscape = ownBuffers(stride > 1 ? { ...e.landscape, paths: e.landscape.paths.map((p) => decimatePath(p, stride)) } : e.landscape);
        return landscape === e.landscape ? e : { ...e, landscape };
      }
      default:
        return e;
    }
  };
}
