// The unit-similarity heatmap's data: how alike the units of one hidden layer are, as the cosine
// similarity of the vectors that decide what each unit computes (its incoming weights and its bias).
import { type Mlp, createMlp } from '../../core/nn/mlp';

/** The part of a network's layout the heatmap reads: widths and where each layer's kernel and bias start. */
export type NetLayout = Pick<Mlp, 'sizes' | 'layers' | 'kernelOffset' | 'biasOffset' | 'paramCount'>;

/** The parameter layout of a network with widths `layers` ([inputs, hidden..., outputs]), core's createMlp layout (activation and head do not affect it). */
export function networkLayout(layers: readonly number[]): NetLayout {
  return createMlp(layers, 'tanh', 'linear');
}

/**
 * The n × n (row-major) cosine similarities between the units of hidden layer `layer` (0-based over
 * hidden layers) at `params`: unit j's vector is (W[0, j], ..., W[m−1, j], b[j]), with W[i, j] at
 * kernelOffset + i·n + j as core lays it out. Two zero vectors count as identical (1: the units compute
 * the same thing, as after a zeros start); a zero vector against a non-zero one gives 0. Written into
 * `out` when given (length n²).
 */
export function unitSimilarity(net: NetLayout, params: Float64Array, layer: number, out?: Float64Array): Float64Array {
  const hidden = net.layers - 1;
  if (!Number.isInteger(layer) || layer < 0 || layer >= hidden) throw new RangeError(`expected a hidden layer 0..${hidden - 1}, found ${layer}`);
  if (params.length !== net.paramCount) throw new RangeError(`expected ${net.paramCount} parameters (the ${net.sizes.join('-')} network), found ${params.length}`);
  const m = net.sizes[layer]!;
  const n = net.sizes[layer + 1]!;
  const ko = net.kernelOffset[layer]!;
  const bo = net.biasOffset[layer]!;
  const result = out ?? new Float64Array(n * n);
  if (result.length !== n * n) throw new RangeError(`expected an output of ${n * n} values, found ${result.length}`);
  // Squared norms, summed in the same order as the dot products, so that a unit against an identical
  // one gives dot = |a|² = |b|² exactly, and sqrt(|a|²·|b|²) = |a|² (IEEE sqrt of a square is exact): 1, not 1 − ε.
  const squares = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = params[bo + j]! * params[bo + j]!;
    for (let i = 0; i < m; i++) s += params[ko + i * n + j]! * params[ko + i * n + j]!;
    squares[j] = s;
  }
  for (let a = 0; a < n; a++) {
    result[a * n + a] = 1;
    for (let b = a + 1; b < n; b++) {
      let dot = params[bo + a]! * params[bo + b]!;
      for (let i = 0; i < m; i++) dot += params[ko + i * n + a]! * params[ko + i * n + b]!;
      const sa = squares[a]!;
      const sb = squares[b]!;
      // cos = a·b / sqrt(|a|²|b|²), clamped against rounding just past ±1; |a|·|b| apart when the product over- or underflows.
      const product = sa * sb;
      const denominator = product > 0 && product < Infinity ? Math.sqrt(product) : Math.sqrt(sa) * Math.sqrt(sb);
      const c = sa === 0 && sb === 0 ? 1 : sa === 0 || sb === 0 ? 0 : Math.max(-1, Math.min(1, dot / denominator));
      result[a * n + b] = c;
      result[b * n + a] = c;
    }
  }
  return result;
}

/** Similarity at or above which two units count as copies in the heatmap's description. */
export const COPY_SIMILARITY = 1 - 1e-9;

/** The heatmap's accessible name: how many units, how many pairs are copies, and the mean similarity of distinct pairs. */
export function describeSimilarity(matrix: Float64Array, n: number, what: string): string {
  let pairs = 0;
  let copies = 0;
  let sum = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const c = matrix[a * n + b]!;
      pairs++;
      sum += c;
      if (c >= COPY_SIMILARITY) copies++;
    }
  }
  if (pairs === 0) return `Unit similarity of ${what}: a single unit.`;
  const all = copies === pairs ? ' (every unit is a copy of the others)' : '';
  return `Unit similarity of ${what}: ${n} units, ${copies} of ${pairs} pairs identical${all}, mean similarity ${Number((sum / pairs).toPrecision(3))}.`;
}
