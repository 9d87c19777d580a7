// Axis ticks for the canvas charts (uPlot places its own): round numbers on linear axes, powers of ten
// on log axes, and labels short enough for a small chart.

/** Tick values and the spacing between them (0 for log ticks, which are not evenly spaced). */
export interface Ticks {
  values: number[];
  step: number;
}

/**
 * About `target` ticks covering [min, max] at a step of 1, 2 or 5 × 10^k, the first at or above min and
 * the last at or below max; a zero-width range gets one tick.
 */
export function niceTicks(min: number, max: number, target = 5): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) throw new RangeError(`expected a finite range min <= max, found [${min}, ${max}]`);
  if (max === min) return { values: [min], step: 0 };
  const rough = (max - min) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  const step = (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
  const values: number[] = [];
  // An integer count times the step, rounded to 12 digits, keeps 0.1 + 0.2-style drift (and −0) out of labels.
  for (let i = Math.ceil(min / step - 1e-9); i * step <= max + step * 1e-9; i++) values.push(Number((i * step).toPrecision(12)) + 0);
  return { values, step };
}

/** Powers of ten within [min, max] (both positive), adding 2× and 5× marks when the range spans under two decades. */
export function logTicks(min: number, max: number): Ticks {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) throw new RangeError(`expected a positive range for a log axis, found [${min}, ${max}]`);
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  const marks = Math.log10(max / min) < 2 ? [1, 2, 5] : [1];
  const values: number[] = [];
  for (let e = lo; e <= hi; e++) {
    for (const m of marks) {
      const v = m * 10 ** e;
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) values.push(v);
    }
  }
  if (values.length === 0) values.push(min);
  return { values, step: 0 };
}

/** A tick label: fixed decimals enough for `step` (linear ticks), or 3 significant digits with exponent when very large or small. */
export function formatTick(v: number, step: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
  if (step > 0) {
    const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
    return v.toFixed(decimals);
  }
  return String(Number(v.toPrecision(3)));
}

/** A value for an annotation: 3 significant digits, exponent form outside [1e-3, 1e5). */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return formatTick(Number(v.toPrecision(3)), 0);
}

/**
 * The value range an axis shows for data in [min, max]: on a log axis 5% of the span in decades (at
 * least a tenth of a decade) beyond each end; on a linear axis from 0 when all data are non-negative (so heights compare), else 6% of the span
 * beyond each end; a zero-width range is widened around its value.
 */
export function valueRange(min: number, max: number, log: boolean): { min: number; max: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return log ? { min: 0.1, max: 10 } : { min: 0, max: 1 };
  if (log) {
    if (!(min > 0)) throw new RangeError(`expected positive values for a log axis, found ${min}`);
    const lo = Math.log10(min);
    const hi = Math.log10(max);
    const pad = Math.max(0.05 * (hi - lo), 0.1);
    return { min: 10 ** (lo - pad), max: 10 ** (hi + pad) };
  }
  const span = max - min || Math.abs(max) || 1;
  const pad = 0.06 * span;
  return { min: min >= 0 ? 0 : min - pad, max: max + pad };
}
