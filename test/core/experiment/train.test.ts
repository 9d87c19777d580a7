import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allFinite, trainRestart } from '../../../core/experiment/train';
import { restartSeed } from '../../../core/rng/seeds';
import { naiveLoss } from '../nn/naive';
import { networkVariant } from '../../../core/experiment/resolve';
import { plan, xorExperiment } from './helpers';

const cols = (a: Float64Array | null) => Array.from(a!);

function xor(changes: { problem?: object; record?: object; [k: string]: unknown } = {}) {
  const base = xorExperiment() as { problem: Record<string, unknown> };
  const { problem, ...rest } = changes;
  return { ...base, ...rest, problem: { ...base.problem, ...(problem ?? {}) } };
}

describe('recording', () => {
  // 40 samples in batches of 8: 5 updates an epoch, 3 epochs, 15 updates.
  it('records step 0, every k-th update, and always the last', () => {
    const r = trainRestart(plan(xor({ record: { every: 4 } })), 0, 0);
    expect(cols(r.records.step)).toEqual([0, 4, 8, 12, 15]);
    expect(cols(r.records.epoch)).toEqual([0, 1, 2, 3, 3]);
    expect(r.records.count).toBe(5);
  });

  it('records each epoch\'s end with "every": "epoch"', () => {
    const r = trainRestart(plan(xor({ record: { every: 'epoch' } })), 0, 0);
    expect(cols(r.records.step)).toEqual([0, 5, 10, 15]);
    expect(cols(r.records.epoch)).toEqual([0, 1, 2, 3]);
  });

  it('counts the last partial batch as an update', () => {
    const r = trainRestart(plan(xor({ problem: { dataset: { kind: 'xor', samples: 42 } }, record: { every: 'epoch' } })), 0, 0);
    expect(cols(r.records.step)).toEqual([0, 6, 12, 18]);
  });

  it('with 0 epochs records only the starting point and leaves it unchanged', () => {
    const r = trainRestart(plan(xor({ problem: { optimizer: { name: 'sgd', epochs: 0 } } })), 0, 0);
    expect(r.records.count).toBe(1);
    expect(cols(r.records.step)).toEqual([0]);
    expect(cols(r.params!.final)).toEqual(cols(r.params!.initial));
  });

  it('keeps the parameter vector at every record with params "all"; each record is the loss there', () => {
    const p = plan(xor({ record: { every: 3, params: 'all' } }));
    const r = trainRestart(p, 0, 1);
    const P = networkVariant(p).paramCount;
    const h = r.params!.history!;
    expect(h.length).toBe(r.records.count * P);
    expect(cols(h.subarray(0, P))).toEqual(cols(r.params!.initial));
    expect(cols(h.subarray(h.length - P))).toEqual(cols(r.params!.final));
    const v = networkVariant(p);
    for (let k = 0; k < r.records.count; k++) {
      const naive = naiveLoss(v.sizes, 'tanh', 'sigmoid', h.subarray(k * P, (k + 1) * P), v.dataset.x, v.dataset.y, v.dataset.samples);
      expect(Math.abs(r.records.loss[k]! - naive.loss)).toBeLessThan(1e-12);
      expect(r.records.accuracy![k]).toBe(naive.accuracy);
    }
  });

  it('keeps no parameters with params "none", and no accuracy for regression', () => {
    const r = trainRestart(plan(xor({ problem: { dataset: { kind: 'sine', samples: 20 } }, record: { params: 'none' } })), 0, 0);
    expect(r.params).toBeNull();
    expect(r.records.accuracy).toBeNull();
  });

  it('lowers the loss on an easy problem (the run does real work)', () => {
    const r = trainRestart(plan(xor({ problem: { dataset: { kind: 'moons', samples: 100 }, model: { hidden: [8] }, optimizer: { name: 'adam', learningRate: 0.05, epochs: 60 } }, record: { every: 'epoch' } })), 0, 0);
    const loss = r.records.loss;
    expect(loss[r.records.count - 1]!).toBeLessThan(loss[0]! * 0.25);
    expect(r.records.accuracy![r.records.count - 1]!).toBeGreaterThan(0.95);
  });
});

describe('determinism', () => {
  it('gives a restart the same result bit for bit, however many restarts and in whatever order', () => {
    const few = plan(xor({ restarts: 4 }));
    const many = plan(xor({ restarts: 50 }));
    const late = trainRestart(many, 0, 3);
    trainRestart(few, 0, 0);
    const early = trainRestart(few, 0, 3);
    expect(early.seed).toBe(late.seed);
    expect(cols(early.records.loss)).toEqual(cols(late.records.loss));
    expect(cols(early.params!.final)).toEqual(cols(late.params!.final));
  });

  it('gives another restart, or another master seed, another network', () => {
    const a = trainRestart(plan(xor()), 0, 0);
    const b = trainRestart(plan(xor()), 0, 1);
    const c = trainRestart(plan(xor({ seed: 'other' })), 0, 0);
    expect(cols(a.params!.initial)).not.toEqual(cols(b.params!.initial));
    expect(cols(a.params!.initial)).not.toEqual(cols(c.params!.initial));
    expect(a.seed).toBe(restartSeed('test', 0));
  });

  it('a pinned init seed gives every restart the same start; the data order still differs', () => {
    const p = plan(xor({ seeds: { init: 'fixed' } }));
    const a = trainRestart(p, 0, 0);
    const b = trainRestart(p, 0, 1);
    expect(cols(a.params!.initial)).toEqual(cols(b.params!.initial));
    expect(cols(a.params!.final)).not.toEqual(cols(b.params!.final));
  });

  it('a pinned order seed with one explicit start gives every restart the same run', () => {
    const P = 17; // 2-4-1
    const start = Array.from({ length: P }, (_, i) => Math.sin(i + 1) / 2);
    const p = plan(xor({ seeds: { order: 'fixed' }, problem: { init: { explicit: start } } }));
    const a = trainRestart(p, 0, 0);
    const b = trainRestart(p, 0, 1);
    expect(cols(a.params!.initial)).toEqual(start);
    expect(cols(a.records.loss)).toEqual(cols(b.records.loss));
    expect(cols(a.params!.final)).toEqual(cols(b.params!.final));
  });

  it('without a pinned order an explicit start still gives different runs (the data order is random)', () => {
    const start = Array.from({ length: 17 }, (_, i) => Math.cos(i) / 2);
    const p = plan(xor({ problem: { init: { explicit: start } } }));
    expect(cols(trainRestart(p, 0, 0).params!.final)).not.toEqual(cols(trainRestart(p, 0, 1).params!.final));
  });

  it('takes one explicit vector per restart when given a list', () => {
    const starts = [0, 1].map((k) => Array.from({ length: 17 }, (_, i) => (i + k) / 40));
    const p = plan(xor({ problem: { init: { explicit: starts } } }));
    expect(cols(trainRestart(p, 0, 1).params!.initial)).toEqual(starts[1]);
  });

  it('pairs variants: restart i has the same seed and data order in each', () => {
    const p = plan(xor({ variants: [{ label: 'slow', problem: { optimizer: { learningRate: 0.1 } } }, { label: 'fast', problem: { optimizer: { learningRate: 0.5 } } }] }));
    const slow = trainRestart(p, 0, 2);
    const fast = trainRestart(p, 1, 2);
    expect(slow.seed).toBe(fast.seed);
    expect(cols(slow.params!.initial)).toEqual(cols(fast.params!.initial));
    expect(cols(slow.params!.final)).not.toEqual(cols(fast.params!.final));
  });
});

describe('same seed, same network (property)', () => {
  it('any seed, restart and setting gives identical runs twice, and the same run among more restarts', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom('tanh', 'relu', 'elu', 'sigmoid'),
        fc.constantFrom({ name: 'sgd', momentum: 0.9, learningRate: 0.1 }, { name: 'adam', learningRate: 0.01 }, { name: 'rmsprop' }),
        fc.constantFrom('glorot_uniform', 'he_normal', 'orthogonal', 'truncated_normal'),
        (seed, index, activation, optimizer, weights) => {
          const exp = (restarts: number) =>
            plan(xor({ seed, restarts, problem: { model: { hidden: [3, 3], activation }, init: { weights: { name: weights } }, optimizer: { ...optimizer, epochs: 2, batchSize: 8 } } }));
          const a = trainRestart(exp(6), 0, index);
          const b = trainRestart(exp(6), 0, index);
          const c = trainRestart(exp(40), 0, index);
          expect(cols(b.params!.final)).toEqual(cols(a.params!.final));
          expect(cols(c.records.loss)).toEqual(cols(a.records.loss));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('symmetry', () => {
  // Units of a hidden layer are columns of its kernel (incoming weights) plus their bias.
  function units(final: Float64Array, offset: number, fanIn: number, fanOut: number): number[][] {
    return Array.from({ length: fanOut }, (_, j) => [...Array.from({ length: fanIn }, (_, i) => final[offset + i * fanOut + j]!), final[offset + fanIn * fanOut + j]!]);
  }

  it('constant weights keep every hidden unit identical through training; random weights separate them', () => {
    const run = (weights: object) =>
      trainRestart(plan(xor({ problem: { model: { hidden: [6, 5] }, init: { weights, bias: { name: 'zeros' } }, optimizer: { name: 'sgd', learningRate: 0.5, epochs: 20 } } })), 0, 0);
    const constant = run({ name: 'constant', value: 0.3 });
    const layer1 = units(constant.params!.final, 0, 2, 6);
    const layer2 = units(constant.params!.final, 18, 6, 5);
    expect(layer1.every((u) => u.join() === layer1[0]!.join())).toBe(true);
    expect(layer2.every((u) => u.join() === layer2[0]!.join())).toBe(true);
    expect(layer1[0]).not.toEqual(units(constant.params!.initial, 0, 2, 6)[0]); // they moved, together

    // All-zero weights: every hidden unit outputs tanh(bias), gets the same update, and stays a copy.
    const zeros = run({ name: 'zeros' });
    const z1 = units(zeros.params!.final, 0, 2, 6);
    expect(z1.every((u) => u.join() === z1[0]!.join())).toBe(true);

    const random = run({ name: 'glorot_uniform' });
    const distinct = new Set(units(random.params!.final, 0, 2, 6).map((u) => u.join()));
    expect(distinct.size).toBe(6);
  });
});

describe('divergence', () => {
  it('stops a restart whose loss or parameters stop being finite and records that step', () => {
    const r = trainRestart(
      plan(xor({ problem: { dataset: { kind: 'sine', samples: 40 }, model: { hidden: [16], activation: 'relu' }, optimizer: { name: 'sgd', learningRate: 1e6, epochs: 50 } } })),
      0,
      0,
    );
    expect(r.status).toBe('diverged');
    expect(r.reason).toMatch(/^(parameters|the loss) stopped being finite at step \d+$/);
    const last = r.records.count - 1;
    expect(Number.isFinite(r.records.loss[last]!)).toBe(false);
    expect(r.records.step[last]).toBeLessThan(250);
    for (let k = 0; k < last; k++) expect(Number.isFinite(r.records.loss[k]!)).toBe(true);
  });

  it('flags a starting point whose loss is not finite', () => {
    const r = trainRestart(plan(xor({ problem: { dataset: { kind: 'sine', samples: 20 }, init: { weights: { name: 'constant', value: 1e200 }, bias: { name: 'zeros' } } } })), 0, 0);
    expect(r.status).toBe('diverged');
    expect(r.reason).toBe('the loss at the starting point is not finite');
    expect(r.records.count).toBe(1);
  });
});

describe('allFinite', () => {
  it('is false exactly when some value is NaN or infinite, at any position and length (2,000 cases), and true for the largest doubles', () => {
    expect(allFinite(new Float64Array(0))).toBe(true);
    expect(allFinite(Float64Array.of(Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, -0))).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity]) for (let n = 1; n <= 5; n++) for (let at = 0; at < n; at++) {
      const a = new Float64Array(n).fill(1e308);
      a[at] = bad;
      expect(allFinite(a)).toBe(false);
    }
    fc.assert(
      fc.property(fc.float64Array({ maxLength: 40 }), (a) => {
        expect(allFinite(a)).toBe(a.every((x) => Number.isFinite(x)));
      }),
      { numRuns: 2000 },
    );
  });
});
