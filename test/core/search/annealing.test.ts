import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { trainRestart } from '../../../core/experiment/train';
import { SEARCH_PROGRESS_STEPS } from '../../../core/experiment/search-restart';
import { buildObjective } from '../../../core/functions/build';
import type { Objective } from '../../../core/functions/objective';
import { Stream } from '../../../core/rng/stream';
import { type SearchSpec, startSearch } from '../../../core/search/searches';
import { plan } from '../experiment/helpers';

/** The lab's stream as first written: seedrandom's xor4096, one draw per call, polar normals with a spare. */
class ReferenceStream {
  private readonly prng: seedrandom.PRNG;
  private spare = 0;
  private hasSpare = false;
  constructor(key: string) {
    this.prng = seedrandom.xor4096(key);
  }
  uniform(): number {
    return this.prng.double();
  }
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.prng.double() - 1;
      v = 2 * this.prng.double() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }
}

/** Annealing as first written (per-coordinate draws, the textbook loop), for the bit-for-bit check. */
function referenceAnnealing(f: Objective, start: number[], moves: ReferenceStream, stepSize: number, gaussian: boolean, t0: number, cooling: number, steps: number) {
  const point = Float64Array.from(start);
  const candidate = new Float64Array(point.length);
  let value = f.value(point);
  let temperature = t0;
  const path: number[] = [value, ...point];
  for (let k = 0; k < steps; k++) {
    for (let i = 0; i < point.length; i++) {
      const c = point[i]! + (gaussian ? stepSize * moves.normal() : stepSize * (2 * moves.uniform() - 1));
      const [lo, hi] = f.domain[i]!;
      candidate[i] = c < lo ? lo : c > hi ? hi : c;
    }
    const v = f.value(candidate);
    const delta = v - value;
    let accept = delta <= 0;
    if (!accept && temperature > 0) accept = moves.uniform() < Math.exp(-delta / temperature);
    temperature *= cooling;
    if (accept) {
      point.set(candidate);
      value = v;
    }
    path.push(value, ...point);
  }
  return path;
}

describe('simulated annealing and hill climbing', () => {
  const cases = [
    ['rastrigin', 2, 'gaussian', 30, 0.9973, 0.3],
    ['rastrigin', 5, 'gaussian', 30, 0.9973, 0.3],
    ['rastrigin', 3, 'uniform', 5, 0.99, 0.5],
    ['ackley', 1, 'gaussian', 2, 1, 4],
    ['rosenbrock', 2, 'uniform', 0, 1, 0.2],
    ['sphere', 3, 'gaussian', 0, 1, 3],
  ] as const;
  it.each(cases)('%s in %i-D, %s steps, T0 %d: bit for bit the per-coordinate loop on seedrandom draws', (name, n, distribution, t0, cooling, stepSize) => {
    const f = buildObjective({ name, dimensions: n, domain: Array.from({ length: n }, () => [-2, 2.5] as [number, number]) });
    const start = Array.from({ length: n }, (_, i) => 0.7 - 0.4 * i);
    const spec: SearchSpec = t0 > 0 ? { name: 'simulated_annealing', steps: 3000, stepSize, distribution, temperature: t0, cooling } : { name: 'hill_climbing', steps: 3000, stepSize, distribution };
    const key = `annealing/${name}/${n}/${distribution}`;
    const s = startSearch(spec, f, { kind: 'fixed', point: start }, new Stream('unused'), new Stream(key));
    const path: number[] = [s.value, ...s.point];
    for (let k = 0; k < 3000; k++) {
      s.step(k);
      path.push(s.value, ...s.point);
    }
    expect(path).toEqual(referenceAnnealing(f, start, new ReferenceStream(key), stepSize, distribution === 'gaussian', t0, cooling, 3000));
  });
});

describe('a search restart', () => {
  const reportsOf = (steps: number) => {
    const p = plan({
      format: 'landscape-lab/experiment@1',
      seed: 'progress',
      restarts: 1,
      problem: { type: 'function', function: { name: 'rastrigin' }, search: { name: 'simulated_annealing', steps } },
      record: { every: 7 },
    });
    const reports: number[] = [];
    trainRestart(p, 0, 0, (done, total) => {
      expect(total).toBe(steps);
      reports.push(done);
    });
    return reports;
  };

  it('reports progress at every multiple of ceil(steps / 100) and at the end', () => {
    // ceil(12345 / 100) = 124: steps 124, 248, ..., 12276, then the end.
    expect(reportsOf(12345)).toEqual([...Array.from({ length: 99 }, (_, k) => 124 * (k + 1)), 12345]);
  });

  it('reports a short search at most every SEARCH_PROGRESS_STEPS steps (each report reads a clock), and at the end', () => {
    expect(SEARCH_PROGRESS_STEPS).toBe(64);
    // ceil(1234 / 100) = 13 would be a report every 13 steps: every 64 instead.
    expect(reportsOf(1234)).toEqual([...Array.from({ length: 19 }, (_, k) => 64 * (k + 1)), 1234]);
    expect(reportsOf(40)).toEqual([40]);
  });
});
