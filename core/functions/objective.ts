/** A box in n dimensions: [low, high] per coordinate. */
export type Domain = readonly (readonly [number, number])[];

/** A known global minimum of a function. */
export interface Minimum {
  readonly position: readonly number[];
  readonly value: number;
}

/**
 * A function to minimise: its value and gradient at a point (n coordinates in a Float64Array), the
 * box it is searched in, and its known global minima within that box (empty when unknown).
 */
export interface Objective {
  readonly name: string;
  readonly dimensions: number;
  readonly domain: Domain;
  readonly minima: readonly Minimum[];
  /** True when `gradient` is analytic; false for central differences. */
  readonly analyticGradient: boolean;
  value(x: Float64Array): number;
  /** Writes ∇f(x) into `out` (length n). */
  gradient(x: Float64Array, out: Float64Array): void;
}

/**
 * ∇f by central differences, step h_i = 1e-6·max(1, |x_i|) (about the cube root of the machine
 * epsilon times the scale, which balances truncation and rounding error). Restores x.
 */
export function numericGradient(f: (x: Float64Array) => number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const keep = x[i]!;
    const h = 1e-6 * Math.max(1, Math.abs(keep));
    x[i] = keep + h;
    const up = f(x);
    x[i] = keep - h;
    const down = f(x);
    x[i] = keep;
    out[i] = (up - down) / (2 * h);
  }
}

/** Clips x into the domain's box in place. */
export function clip(x: Float64Array, domain: Domain): void {
  for (let i = 0; i < x.length; i++) {
    const [lo, hi] = domain[i]!;
    const v = x[i]!;
    x[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

/** Euclidean distance between a point and a position. */
export function distance(x: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (x[i]! - p[i]!) ** 2;
  return Math.sqrt(s);
}
