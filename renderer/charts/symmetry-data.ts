// The symmetry meter's data: how many distinct units each hidden layer has at each record (1 means
// every unit is a copy, the layer acting as a single unit; the width means all differ).
import type { RestartResult } from '../../core/experiment/result';

/** One hidden layer over a restart's records: its width (the ceiling) and its distinct units (null where not measured). */
export interface SymmetryLayer {
  width: number;
  distinct: (number | null)[];
  /** False when the layer was too wide to compare at every record (core records NaN). */
  measured: boolean;
}

/** A restart's symmetry meter: the recorded steps and one entry per hidden layer. */
export interface SymmetrySeries {
  steps: number[];
  layers: SymmetryLayer[];
}

/**
 * The distinct units of each hidden layer of `r` at each record, from `r.symmetry` (records × hidden
 * layers, row-major) and the network's layer widths `layers` ([inputs, hidden..., outputs]); null when
 * the restart has no symmetry record (a function search, or a failed restart).
 */
export function symmetrySeries(r: RestartResult, layers: readonly number[]): SymmetrySeries | null {
  const sym = r.symmetry;
  if (sym === null || sym === undefined) return null;
  const widths = layers.slice(1, -1);
  const h = widths.length;
  const count = r.records.count;
  if (sym.length < count * h) throw new RangeError(`expected ${count} records × ${h} hidden layers = ${count * h} symmetry values, found ${sym.length}`);
  const steps = Array.from(r.records.step.subarray(0, count));
  return {
    steps,
    layers: widths.map((width, l) => {
      const distinct: (number | null)[] = [];
      let measured = false;
      for (let k = 0; k < count; k++) {
        const v = sym[k * h + l]!;
        distinct.push(Number.isFinite(v) ? v : null);
        if (Number.isFinite(v)) measured = true;
      }
      return { width, distinct, measured };
    }),
  };
}

/** The meter's accessible name: per hidden layer, distinct units at the start and at the last record out of its width. */
export function describeSymmetry(series: SymmetrySeries | null, restart: string): string {
  if (series === null) return `Symmetry meter: no symmetry record for ${restart}.`;
  const parts = series.layers.map((l, i) => {
    if (!l.measured) return `hidden layer ${i + 1} (${l.width} units) too wide to measure`;
    const first = l.distinct.find((v) => v !== null) ?? null;
    let last: number | null = null;
    for (let k = l.distinct.length - 1; k >= 0 && last === null; k--) last = l.distinct[k]!;
    return `hidden layer ${i + 1}: ${first} of ${l.width} units distinct at the start, ${last} at the end`;
  });
  return `Symmetry meter for ${restart}: ${parts.join('; ')}.`;
}
