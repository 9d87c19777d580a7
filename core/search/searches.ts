import type { Objective } from '../functions/objective';
import { clip } from '../functions/objective';
import type { Stream } from '../rng/stream';
import { drawStart, type StartSpec } from './start';

/** The search settings of a function problem (file names; see docs/experiment-format.md). */
export type SearchSpec =
  | { name: 'random_search'; steps: number }
  | { name: 'hill_climbing'; steps: number; stepSize: number; distribution: 'gaussian' | 'uniform' }
  | { name: 'simulated_annealing'; steps: number; stepSize: number; distribution: 'gaussian' | 'uniform'; temperature: number; cooling: number }
  | {
      name: 'genetic_algorithm';
      steps: number;
      population: number;
      tournament: number;
      crossoverRate: number;
      blendAlpha: number;
      mutationRate: number;
      stepSize: number;
      elitism: number;
    }
  | { name: 'gradient_descent'; steps: number; learningRate: number; gradientNoise: number }
  | { name: 'momentum'; steps: number; learningRate: number; momentum: number; gradientNoise: number }
  | { name: 'adam'; steps: number; learningRate: number; beta1: number; beta2: number; epsilon: number; gradientNoise: number };

/**
 * A search in progress. `point` and `value` are what the search reports after each step: the current
 * point (hill climbing, annealing, gradient methods), the best point seen (random search), or the best
 * individual of the generation (genetic algorithm). `population` is the GA's current generation
 * (population × n, row-major), null for the others.
 */
export interface Search {
  readonly point: Float64Array;
  value: number;
  readonly population: Float64Array | null;
  step(k: number): void;
}

/**
 * Starts a search: draws its start (or, for the GA, its first generation) from `init` and takes every
 * later random decision from `moves`. Moves are clipped to the domain's box.
 */
export function startSearch(spec: SearchSpec, f: Objective, start: StartSpec, init: Stream, moves: Stream): Search {
  const n = f.dimensions;
  const point = new Float64Array(n);
  if (spec.name === 'genetic_algorithm') return geneticAlgorithm(spec, f, start, init, moves);
  drawStart(start, f.domain, init, point);
  switch (spec.name) {
    case 'random_search':
      return randomSearch(f, point, moves);
    case 'hill_climbing':
      return annealing(f, point, moves, spec.stepSize, spec.distribution, 0, 1);
    case 'simulated_annealing':
      return annealing(f, point, moves, spec.stepSize, spec.distribution, spec.temperature, spec.cooling);
    case 'gradient_descent':
      return gradientMethod(f, point, moves, spec.learningRate, spec.gradientNoise, 'plain', 0, 0, 0, 0);
    case 'momentum':
      return gradientMethod(f, point, moves, spec.learningRate, spec.gradientNoise, 'momentum', spec.momentum, 0, 0, 0);
    case 'adam':
      return gradientMethod(f, point, moves, spec.learningRate, spec.gradientNoise, 'adam', 0, spec.beta1, spec.beta2, spec.epsilon);
  }
}

/** Random search: each step samples the domain uniformly and keeps the best point seen. */
function randomSearch(f: Objective, point: Float64Array, moves: Stream): Search {
  const candidate = new Float64Array(point.length);
  const s: Search = {
    point,
    value: f.value(point),
    population: null,
    step() {
      for (let i = 0; i < candidate.length; i++) {
        const [lo, hi] = f.domain[i]!;
        candidate[i] = lo + (hi - lo) * moves.uniform();
      }
      const v = f.value(candidate);
      if (v < s.value) {
        point.set(candidate);
        s.value = v;
      }
    },
  };
  return s;
}

/**
 * Stochastic hill climbing and simulated annealing, one loop: propose x' = clip(x + δ) with δ Gaussian
 * (stddev stepSize) or uniform (±stepSize) per coordinate; accept when f(x') <= f(x), or, at
 * temperature T_k = T0·cooling^k > 0 (kept as a running product), with probability
 * exp(−(f(x') − f(x)) / T_k) (Metropolis).
 * Hill climbing is the case T0 = 0.
 */
function annealing(f: Objective, point: Float64Array, moves: Stream, stepSize: number, distribution: 'gaussian' | 'uniform', t0: number, cooling: number): Search {
  return new Annealing(f, point, moves, stepSize, distribution === 'gaussian', t0, cooling);
}

// A class rather than a closure: a double a closure reassigns (the temperature) lives boxed in its
// context and is reallocated at every step, while a field is updated in place.
class Annealing implements Search {
  readonly population: Float64Array | null = null;
  // Number fields start as numbers (see Xor4096): a field declared without a value would box each double stored in it.
  value = 0;
  private temperature = 0;
  private readonly candidate: Float64Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;

  constructor(
    private readonly f: Objective,
    readonly point: Float64Array,
    private readonly moves: Stream,
    private readonly stepSize: number,
    private readonly gaussian: boolean,
    t0: number,
    private readonly cooling: number,
  ) {
    const n = point.length;
    this.candidate = new Float64Array(n);
    this.lo = new Float64Array(n);
    this.hi = new Float64Array(n);
    for (let i = 0; i < n; i++) [this.lo[i], this.hi[i]] = f.domain[i]!;
    this.temperature = t0;
    this.value = f.value(point);
  }

  step(): void {
    const { point, candidate, lo, hi, stepSize, moves } = this;
    const n = point.length;
    for (let i = 0; i < n; i++) {
      const c = point[i]! + (this.gaussian ? stepSize * moves.normal() : stepSize * (2 * moves.uniform() - 1));
      candidate[i] = c < lo[i]! ? lo[i]! : c > hi[i]! ? hi[i]! : c;
    }
    const v = this.f.value(candidate);
    const delta = v - this.value;
    let accept = delta <= 0;
    if (!accept && this.temperature > 0) accept = moves.uniform() < Math.exp(-delta / this.temperature);
    // T_{k+1} = T_k·cooling: T0·cooling^k by repeated multiplication (Math.pow per step cost more than the rest of the step).
    this.temperature *= this.cooling;
    if (accept) {
      for (let i = 0; i < n; i++) point[i] = candidate[i]!;
      this.value = v;
    }
  }
}

/**
 * Gradient descent on the function's gradient g (plus gradientNoise·N(0, I) when set, to show a
 * stochastic gradient), with torch.optim's update rules: plain x −= lr·g; momentum b = μb + g (b = g at
 * the first step), x −= lr·b; Adam with bias correction. The point is clipped to the domain.
 */
function gradientMethod(
  f: Objective,
  point: Float64Array,
  moves: Stream,
  lr: number,
  noise: number,
  rule: 'plain' | 'momentum' | 'adam',
  mu: number,
  beta1: number,
  beta2: number,
  eps: number,
): Search {
  const n = point.length;
  const g = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  let t = 0;
  const s: Search = {
    point,
    value: f.value(point),
    population: null,
    step() {
      f.gradient(point, g);
      if (noise > 0) for (let i = 0; i < n; i++) g[i] = g[i]! + noise * moves.normal();
      t++;
      if (rule === 'plain') {
        for (let i = 0; i < n; i++) point[i] = point[i]! - lr * g[i]!;
      } else if (rule === 'momentum') {
        for (let i = 0; i < n; i++) {
          m[i] = t === 1 ? g[i]! : mu * m[i]! + g[i]!;
          point[i] = point[i]! - lr * m[i]!;
        }
      } else {
        const stepSize = lr / (1 - beta1 ** t);
        const bc2 = Math.sqrt(1 - beta2 ** t);
        for (let i = 0; i < n; i++) {
          m[i] = m[i]! * beta1 + g[i]! * (1 - beta1);
          v[i] = v[i]! * beta2 + (1 - beta2) * g[i]! * g[i]!;
          point[i] = point[i]! + (-stepSize * m[i]!) / (Math.sqrt(v[i]!) / bc2 + eps);
        }
      }
      clip(point, f.domain);
      s.value = f.value(point);
    },
  };
  return s;
}

/**
 * A real-valued genetic algorithm. The first generation is `population` starts drawn from `init`.
 * Each generation keeps the `elitism` best unchanged; every other child takes two parents, each the
 * best of `tournament` individuals drawn at random, and with probability crossoverRate blends them
 * (BLX-α: each gene uniform in [min − α·d, max + α·d], d = |a − b|), else copies the first; each gene
 * then mutates with probability mutationRate by N(0, stepSize²). Genes are clipped to the domain.
 * The reported point is the generation's best individual.
 */
function geneticAlgorithm(spec: Extract<SearchSpec, { name: 'genetic_algorithm' }>, f: Objective, start: StartSpec, init: Stream, moves: Stream): Search {
  const n = f.dimensions;
  const size = spec.population;
  let pop = new Float64Array(size * n);
  let next = new Float64Array(size * n);
  const fitness = new Float64Array(size);
  const order = new Int32Array(size);
  const one = new Float64Array(n);
  for (let p = 0; p < size; p++) {
    drawStart(start, f.domain, init, one);
    pop.set(one, p * n);
  }
  const point = new Float64Array(n);
  const evaluate = () => {
    let best = 0;
    for (let p = 0; p < size; p++) {
      fitness[p] = f.value(pop.subarray(p * n, p * n + n));
      // NaN never wins: compare so that a NaN fitness loses to any number.
      if (fitness[p]! < fitness[best]! || Number.isNaN(fitness[best]!)) best = p;
    }
    point.set(pop.subarray(best * n, best * n + n));
    s.value = fitness[best]!;
  };
  const pick = (): number => {
    let best = moves.below(size);
    for (let k = 1; k < spec.tournament; k++) {
      const c = moves.below(size);
      if (fitness[c]! < fitness[best]!) best = c;
    }
    return best;
  };
  const s: Search = {
    point,
    value: 0,
    get population() {
      return pop;
    },
    step() {
      for (let p = 0; p < size; p++) order[p] = p;
      // Elites: the `elitism` best, found by a stable partial selection (ties keep index order).
      const elites = Math.min(spec.elitism, size);
      for (let e = 0; e < elites; e++) {
        let best = e;
        for (let p = e + 1; p < size; p++) if (fitness[order[p]!]! < fitness[order[best]!]!) best = p;
        const t = order[e]!;
        order[e] = order[best]!;
        order[best] = t;
        next.set(pop.subarray(order[e]! * n, order[e]! * n + n), e * n);
      }
      for (let c = elites; c < size; c++) {
        const a = pick() * n;
        const b = pick() * n;
        const o = c * n;
        if (moves.uniform() < spec.crossoverRate) {
          for (let i = 0; i < n; i++) {
            const lo = Math.min(pop[a + i]!, pop[b + i]!);
            const hi = Math.max(pop[a + i]!, pop[b + i]!);
            const d = hi - lo;
            next[o + i] = lo - spec.blendAlpha * d + (1 + 2 * spec.blendAlpha) * d * moves.uniform();
          }
        } else {
          for (let i = 0; i < n; i++) next[o + i] = pop[a + i]!;
        }
        for (let i = 0; i < n; i++) if (moves.uniform() < spec.mutationRate) next[o + i] = next[o + i]! + spec.stepSize * moves.normal();
        clip(next.subarray(o, o + n), f.domain);
      }
      const t = pop;
      pop = next;
      next = t;
      evaluate();
    },
  };
  evaluate();
  return s;
}
