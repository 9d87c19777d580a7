import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign } from '../../../core/analysis/assignment';
import { alignUnits, groupNetworks, groupPoints, signFlip } from '../../../core/analysis/basins';
import { analyzeRestarts } from '../../../core/analysis/run-analysis';
import { stalledAt, stallRecord } from '../../../core/analysis/stall';
import { distinctUnits, unitDistanceMatrix } from '../../../core/analysis/symmetry';
import { networkVariant, type RunPlan } from '../../../core/experiment/resolve';
import { trainRestart } from '../../../core/experiment/train';
import { describeConfigurations } from '../../../core/export/outputs';
import { createMlp } from '../../../core/nn/mlp';
import { plan } from '../experiment/helpers';
import { defaultExperiment } from '../../../renderer/defaults';

const finalOf = (r: { records: { loss: ArrayLike<number>; count: number } }) => r.records.loss[r.records.count - 1]!;

function network(init: object, extra: Record<string, unknown> = {}): RunPlan {
  return plan({
    format: 'landscape-lab/experiment@1',
    seed: 'analysis',
    restarts: 4,
    problem: { type: 'network', dataset: { kind: 'moons', samples: 80 }, model: { hidden: [6, 5] }, init, optimizer: { name: 'sgd', learningRate: 0.5, epochs: 30, batchSize: 16 } },
    record: { every: 'epoch', params: 'ends' },
    ...extra,
  });
}

const layerCounts = (symmetry: Float64Array, layer: number, layers: number) => Array.from({ length: symmetry.length / layers }, (_, k) => symmetry[k * layers + layer]!);

const NOISY = { type: 'network', dataset: { kind: 'moons', samples: 80 }, model: { hidden: [6] }, init: { weights: { name: 'random_normal', mean: 0.4, stddev: 1e-3 }, bias: { name: 'zeros' } }, optimizer: { name: 'sgd', learningRate: 0.5, epochs: 1000, batchSize: 16 } };

describe('symmetry meter', () => {
  it('zero or constant weights keep one distinct unit per layer at every record', () => {
    for (const weights of [{ name: 'zeros' }, { name: 'constant', value: 0.4 }]) {
      const r = trainRestart(network({ weights, bias: { name: 'zeros' } }), 0, 0);
      expect(r.records.loss[r.records.count - 1]).not.toBe(r.records.loss[0]); // it trained
      expect(new Set(Array.from(r.symmetry!))).toEqual(new Set([1]));
    }
  });

  it('random weights separate every unit from step 0', () => {
    const r = trainRestart(network({ weights: { name: 'glorot_uniform' } }), 0, 0);
    expect(layerCounts(r.symmetry!, 0, 2).every((c) => c === 6)).toBe(true);
    expect(layerCounts(r.symmetry!, 1, 2).every((c) => c === 5)).toBe(true);
  });

  // Weights 0.4 plus N(0, 1e-3²) noise, units told apart at 1e-2: when this was written the layer had
  // 1 distinct unit at the start, 2 to 4 for hundreds of epochs, and all 6 only from about epoch 600.
  it('a constant start plus tiny noise breaks the symmetry slowly', () => {
    const r = trainRestart(network({}, { analysis: { symmetryTolerance: 1e-2 }, problem: NOISY }), 0, 0);
    const counts = Array.from(r.symmetry!);
    expect(counts[0]).toBe(1); // indistinguishable at the start
    expect(counts.at(-1)).toBe(6); // all apart by the end
    expect(counts.findIndex((c) => c === 6)).toBeGreaterThan(200); // and only after hundreds of epochs
  });

  it('does not measure a layer too wide to compare at every record (NaN), nor group too many wide networks', () => {
    const wide = createMlp([2000, 100, 1], 'tanh', 'sigmoid'); // 100² × 2001 > 1e7
    expect(distinctUnits(wide, new Float64Array(wide.paramCount), 0, 1e-6)).toBeNaN();
    const net = createMlp([64, 512, 1], 'tanh', 'sigmoid');
    const finals = Array.from({ length: 100 }, () => new Float64Array(net.paramCount));
    expect(groupNetworks(net, finals, 0.05).every((g) => g === null)).toBe(true);
  });

  it('counts units within the tolerance as one', () => {
    const net = createMlp([2, 3, 1], 'tanh', 'sigmoid');
    // kernel [2×3] row-major, bias [3], then the output layer
    const p = new Float64Array([1, 1, 2, 0, 0, 0, 0.5, 0.5 + 1e-7, 0.5, 0, 0, 0, 0]);
    expect(distinctUnits(net, p, 0, 1e-6)).toBe(2);
    expect(distinctUnits(net, p, 0, 1e-8)).toBe(3);
    const d = unitDistanceMatrix(net, p, 0);
    expect(d[0 * 3 + 1]).toBeCloseTo(1e-7, 15);
    expect(d[0 * 3 + 2]).toBeCloseTo(1, 12);
    expect(d[1 * 3 + 0]).toBe(d[0 * 3 + 1]);
  });
});

describe('stall flag', () => {
  const rule = { window: 3, tolerance: 0.01, margin: 0.1 };

  it('finds the record where the final plateau began, if it lasted the window', () => {
    const loss = [1, 0.8, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5];
    expect(stallRecord(loss, loss.length, rule)).toBe(3);
    const noisy = [1, 0.6, 0.5, 0.505, 0.498, 0.503, 0.5, 0.502];
    expect(stallRecord(noisy, noisy.length, rule)).toBe(2);
    const late = [1, 0.6, 0.5, 0.5, 0.5, 0.3, 0.3];
    expect(stallRecord(late, late.length, rule)).toBeNull(); // the plateau after the late drop is too short
    const improving = [1, 0.9, 0.8, 0.7, 0.6, 0.5];
    expect(stallRecord(improving, improving.length, rule)).toBeNull();
    expect(stallRecord([1, 1, 1], 3, rule)).toBeNull(); // too short to judge
  });

  it('a rise and fall back is not an improvement: spikes neither end a plateau nor start one', () => {
    // Stuck at 0.66 from record 2, with SGD's noise: rises of up to 0.05 that fall back.
    const spiky = [1, 0.7, 0.66, 0.71, 0.661, 0.665, 0.66, 0.69, 0.662, 0.66];
    expect(stallRecord(spiky, spiky.length, rule)).toBe(2);
    // A new low of more than the tolerance ends the plateau before it.
    const lower = [1, 0.7, 0.66, 0.71, 0.661, 0.64, 0.66, 0.69, 0.662, 0.66];
    expect(stallRecord(lower, lower.length, rule)).toBe(5);
  });

  it('a curve that wandered away from its lowest (more than the margin) has not settled', () => {
    const wandering = [1, 0.4, 0.45, 0.6, 0.7, 0.65, 0.7, 0.68];
    expect(stallRecord(wandering, wandering.length, rule)).toBeNull();
    const back = [1, 0.4, 0.45, 0.6, 0.7, 0.65, 0.5, 0.48];
    expect(stallRecord(back, back.length, rule)).toBe(1);
  });

  it('restarts of the default experiment stuck near chance are flagged early in their plateau; the best and the one still learning are not', () => {
    const p = plan({ ...defaultExperiment(), record: { every: 'epoch', params: 'none' }, landscape: undefined });
    const results = Array.from({ length: 12 }, (_, i) => trainRestart(p, 0, i));
    analyzeRestarts(p.experiment, describeConfigurations(p), results);
    const finals = results.map(finalOf);
    const best = Math.min(...finals);
    results.forEach((r, i) => {
      if (finals[i]! > 0.65) {
        // At chance (ln 2 ≈ 0.69 at the start, about 0.66 at the end): flagged within the first
        // third of the run's 300 epochs (a step is 7 updates here).
        expect(r.stalledAt).not.toBeNull();
        expect(r.stalledAt!).toBeLessThan(7 * 120);
      }
    });
    expect(results[finals.indexOf(best)]!.stalledAt).toBeNull();
    expect(finals.filter((f) => f > 0.65).length).toBeGreaterThanOrEqual(8);
    expect(results.filter((_, i) => finals[i]! < 0.4).every((r) => r.stalledAt === null)).toBe(true);
  });

  it('flags only restarts clearly worse than the best, at the step where they stalled', () => {
    const steps = [0, 10, 20, 30, 40, 50, 60, 70];
    const curves = [
      { loss: [1, 0.8, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5], step: steps, count: 8, ok: true },
      { loss: [1, 0.7, 0.4, 0.2, 0.1, 0.05, 0.03, 0.02], step: steps, count: 8, ok: true },
      { loss: [1, 0.7, 0.5, 0.1, 0.09, 0.09, 0.09, 0.09], step: steps, count: 8, ok: true },
      { loss: [1, 2], step: [0, 10], count: 2, ok: false },
    ];
    expect(stalledAt(curves, rule)).toEqual([30, null, null, null]);
  });

  it('flags annealing cooled too fast on rastrigin more often than annealing cooled slowly', () => {
    const run = (cooling: number) => {
      const p = plan({
        format: 'landscape-lab/experiment@1',
        seed: 'stall',
        restarts: 40,
        problem: { type: 'function', function: { name: 'rastrigin' }, search: { name: 'simulated_annealing', steps: 3000, stepSize: 0.3, temperature: 30, cooling } },
        record: { every: 50 },
        analysis: { stall: { window: 5, tolerance: 1e-3, margin: 0.5 } },
      });
      const results = Array.from({ length: 40 }, (_, i) => trainRestart(p, 0, i));
      analyzeRestarts(p.experiment, describeConfigurations(p), results);
      return results.filter((r) => r.stalledAt !== null).length;
    };
    const fast = run(0.9);
    const slow = run(0.9973);
    expect(fast).toBeGreaterThan(slow);
    expect(fast).toBeGreaterThan(20);
  });
});

describe('basins up to a permutation of hidden units', () => {
  it('the Hungarian assignment equals brute force on small matrices', () => {
    const permutations = (n: number): number[][] => (n === 0 ? [[]] : permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)])));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 25, maxLength: 25 }), (n, values) => {
        const cost = Float64Array.from(values.slice(0, n * n));
        const a = assign(cost, n);
        const total = (p: ArrayLike<number>) => Array.from({ length: n }, (_, i) => cost[i * n + p[i]!]!).reduce((s, v) => s + v, 0);
        const best = Math.min(...permutations(n).map(total));
        expect(new Set(Array.from(a)).size).toBe(n);
        expect(total(a)).toBeCloseTo(best, 9);
      }),
      { numRuns: 200 },
    );
  });

  function permuted(net: ReturnType<typeof createMlp>, p: Float64Array, layer: number, order: number[]): Float64Array {
    const out = p.slice();
    const m = net.sizes[layer]!;
    const n = net.sizes[layer + 1]!;
    const next = net.sizes[layer + 2]!;
    order.forEach((from, to) => {
      for (let r = 0; r < m; r++) out[net.kernelOffset[layer]! + r * n + to] = p[net.kernelOffset[layer]! + r * n + from]!;
      out[net.biasOffset[layer]! + to] = p[net.biasOffset[layer]! + from]!;
      for (let c = 0; c < next; c++) out[net.kernelOffset[layer + 1]! + to * next + c] = p[net.kernelOffset[layer + 1]! + from * next + c]!;
    });
    return out;
  }

  it('a network and its unit-permuted copy compute the same function and group together; a different network does not', () => {
    const p = network({ weights: { name: 'glorot_uniform' } });
    const v = networkVariant(p);
    const net = createMlp(v.sizes, 'tanh', 'sigmoid');
    const a = trainRestart(p, 0, 0).params!.final;
    const b = permuted(net, permuted(net, a, 0, [3, 0, 5, 1, 4, 2]), 1, [4, 2, 0, 3, 1]);
    expect(Array.from(b)).not.toEqual(Array.from(a));
    expect(Array.from(alignUnits(net, a, b))).toEqual(Array.from(a));
    const other = trainRestart(p, 0, 1).params!.final;
    expect(groupNetworks(net, [a, b, other, null], 0.05)).toEqual([0, 0, 1, null]);
  });

  /** The output layer's pre-activations for input x, computed here from the layout alone (Math's own functions). */
  function logits(net: ReturnType<typeof createMlp>, p: Float64Array, x: number[]): number[] {
    const f = { tanh: Math.tanh, sigmoid: (z: number) => 1 / (1 + Math.exp(-z)), relu: (z: number) => Math.max(0, z), linear: (z: number) => z }[net.activation as 'tanh'];
    let h = x;
    for (let l = 0; l < net.layers; l++) {
      const m = net.sizes[l]!;
      const n = net.sizes[l + 1]!;
      const z = Array.from({ length: n }, (_, i) => p[net.biasOffset[l]! + i]! + h.reduce((s, v, r) => s + v * p[net.kernelOffset[l]! + r * n + i]!, 0));
      expect(h.length).toBe(m);
      h = l + 1 < net.layers ? z.map(f) : z;
    }
    return h;
  }

  /** p with hidden unit `unit` of `layer` negated the way `signFlip` allows (sigmoid: the next biases take its old outgoing weights). */
  function flipped(net: ReturnType<typeof createMlp>, p: Float64Array, layer: number, unit: number): Float64Array {
    const out = p.slice();
    const m = net.sizes[layer]!;
    const n = net.sizes[layer + 1]!;
    const next = net.sizes[layer + 2]!;
    for (let r = 0; r < m; r++) out[net.kernelOffset[layer]! + r * n + unit] = -p[net.kernelOffset[layer]! + r * n + unit]!;
    out[net.biasOffset[layer]! + unit] = -p[net.biasOffset[layer]! + unit]!;
    for (let c = 0; c < next; c++) {
      out[net.kernelOffset[layer + 1]! + unit * next + c] = -p[net.kernelOffset[layer + 1]! + unit * next + c]!;
      if (net.activation === 'sigmoid') out[net.biasOffset[layer + 1]! + c] = out[net.biasOffset[layer + 1]! + c]! + p[net.kernelOffset[layer + 1]! + unit * next + c]!;
    }
    return out;
  }

  it('tanh, linear and sigmoid units flipped in sign compute the same function, align back and share a basin', () => {
    expect([signFlip('tanh'), signFlip('linear'), signFlip('sigmoid')]).toEqual(['odd', 'odd', 'sigmoid']);
    for (const activation of ['tanh', 'linear', 'sigmoid'] as const) {
      const p = network({ weights: { name: 'glorot_uniform' } }, { problem: { ...network({}).experiment.problem, model: { hidden: [6, 5], activation } } });
      const v = networkVariant(p);
      const net = createMlp(v.sizes, activation, 'sigmoid');
      const a = trainRestart(p, 0, 0).params!.final;
      const b = permuted(net, flipped(net, flipped(net, flipped(net, a, 0, 1), 0, 4), 1, 2), 0, [3, 0, 5, 1, 4, 2]);
      for (const x of [[0.3, -0.7], [1.5, 0.2], [-1, 1]]) {
        const [ya, yb] = [logits(net, a, x), logits(net, b, x)];
        ya.forEach((y, k) => expect(yb[k]).toBeCloseTo(y, 12));
      }
      const back = alignUnits(net, a, b);
      back.forEach((w, k) => expect(w).toBeCloseTo(a[k]!, 12));
      expect(groupNetworks(net, [a, b, trainRestart(p, 0, 1).params!.final], 0.05)).toEqual([0, 0, 1]);
    }
  });

  it('a ReLU unit flipped in sign is another network: not flipped back, not in the same basin', () => {
    expect([signFlip('relu'), signFlip('leaky_relu'), signFlip('elu')]).toEqual([null, null, null]);
    const p = network({ weights: { name: 'he_uniform' } }, { problem: { ...network({}).experiment.problem, model: { hidden: [6, 5], activation: 'relu' } } });
    const net = createMlp(networkVariant(p).sizes, 'relu', 'sigmoid');
    const a = trainRestart(p, 0, 0).params!.final;
    const b = flipped(net, a, 0, 2);
    expect(logits(net, b, [0.3, -0.7])).not.toEqual(logits(net, a, [0.3, -0.7]));
    // Aligning may reorder b's units but negates none: the same numbers, in another order.
    const sorted = (v: Float64Array) => Array.from(v).sort((x, y) => x - y);
    expect(sorted(alignUnits(net, a, b))).toEqual(sorted(b));
    expect(groupNetworks(net, [a, b], 0.05)).toEqual([0, 1]);
  });

  it('groups search end points within a radius', () => {
    expect(groupPoints([[0, 0], [3, 2], [0.01, 0], null, [3, 2.04]], 0.05)).toEqual([0, 1, 0, null, 1]);
  });

  it('a search that found a global minimum is not flagged stalled, though its last value is far from the best', () => {
    // Annealing on Himmelblau (four global minima of value 0): every restart ends within the success
    // distance of one, some still wandering more than the stall margin above the best restart.
    const p = plan({
      format: 'landscape-lab/experiment@1',
      seed: 'lab',
      restarts: 40,
      problem: { type: 'function', function: { name: 'himmelblau' }, search: { name: 'simulated_annealing', steps: 5000 } },
    });
    const results = Array.from({ length: 40 }, (_, i) => trainRestart(p, 0, i));
    const byRule = stalledAt(
      results.map((r) => ({ loss: r.records.loss, step: r.records.step, count: r.records.count, ok: r.status === 'ok' })),
      p.experiment.analysis.stall,
    );
    analyzeRestarts(p.experiment, describeConfigurations(p), results);
    const successes = results.map((r) => r.search!.success === true);
    expect(successes.some((s, i) => s && byRule[i] !== null)).toBe(true);
    results.forEach((r, i) => expect(r.stalledAt).toBe(successes[i] ? null : byRule[i]));
  });

  it('gives every restart of a run its basin and stall, recomputable from the results', () => {
    const p = network({ weights: { name: 'glorot_uniform' } }, { restarts: 6 });
    const results = Array.from({ length: 6 }, (_, i) => trainRestart(p, 0, i));
    analyzeRestarts(p.experiment, describeConfigurations(p), results);
    expect(results.every((r) => typeof r.basin === 'number')).toBe(true);
    expect(results[0]!.basin).toBe(0);
  });
});

describe('signal at initialization', () => {
  // A deep ReLU stack (10 × 64): tiny random weights make the activations vanish layer by layer; He
  // scaling keeps their spread; huge weights make it explode.
  function spreads(weights: object): number[] {
    const p = plan({
      format: 'landscape-lab/experiment@1',
      restarts: 1,
      problem: { type: 'network', dataset: { kind: 'gaussians', samples: 200, classes: 3 }, model: { hidden: Array(10).fill(64), activation: 'relu' }, init: { weights }, optimizer: { name: 'sgd', epochs: 0 } },
    });
    return trainRestart(p, 0, 0).signal!.activation.slice(0, 10).map((s) => s.std);
  }

  it('vanishes with random_normal(0.05), holds with he_normal, explodes with random_normal(1)', () => {
    const small = spreads({ name: 'random_normal', stddev: 0.05 });
    const he = spreads({ name: 'he_normal' });
    const big = spreads({ name: 'random_normal', stddev: 1 });
    // ReLU with stddev 0.05 and fan-in 64 scales the spread by about √(64 · 0.05² / 2) ≈ 0.28 a layer: 0.28⁹ ≈ 1e-5.
    expect(small[9]! / small[0]!).toBeLessThan(1e-4);
    expect(he[9]! / he[0]!).toBeGreaterThan(0.2);
    expect(he[9]! / he[0]!).toBeLessThan(5);
    expect(big[9]! / big[0]!).toBeGreaterThan(1e6);
  });

  it('reports each layer\'s activation and gradient spread', () => {
    const p = network({ weights: { name: 'glorot_uniform' } });
    const s = trainRestart(p, 0, 0).signal!;
    expect(s.activation.length).toBe(3);
    expect(s.gradient.length).toBe(3);
    for (const x of [...s.activation, ...s.gradient]) {
      expect(Number.isFinite(x.mean)).toBe(true);
      expect(x.std).toBeGreaterThan(0);
    }
  });
});
