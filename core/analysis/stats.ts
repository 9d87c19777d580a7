/** Count, mean, sample standard deviation (n − 1; null below two values), min, median and max; null fields when empty. */
export interface Summary {
  count: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  median: number | null;
  max: number | null;
}

/** Summarizes values in the order given (the order fixes the rounding of the sums, so results are reproducible). */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { count: 0, mean: null, std: null, min: null, median: null, max: null };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const sorted = [...values].sort((a, b) => a - b);
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: n, mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : null, min: sorted[0]!, median, max: sorted[n - 1]! };
}
