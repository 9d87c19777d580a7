// Bounded recording: record.maxPoints thins a long path in place, keeping what a coarser `every` would have kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { functionVariant, networkVariant } from '../../../core/experiment/resolve';
import type { RecordColumns, RestartResult } from '../../../core/experiment/result';
import { compactRecords, finalInterval, keepEvenRows, makeRoom, recordBudget, recordsAt } from '../../../core/experiment/thinning';
import { trainRestart } from '../../../core/experiment/train';
import { plan, problemsOf, xorExperiment } from './helpers';

/** The exact bits of a column (NaN and -0 included), so equal means bit for bit. */
const bits = (a: Float64Array | null | undefined) => (a ? Array.from(new BigUint64Array(a.slice().buffer)) : a);

/** Everything a restart recorded, column by column, as bits. */
function recorded(r: RestartResult) {
  const rec = r.records;
  return {
    status: r.status,
    reason: r.reason,
    count: rec.count,
    step: bits(rec.step),
    epoch: bits(rec.epoch),
    loss: bits(rec.loss),
    accuracy: bits(rec.accuracy),
    gradNorm: bits(rec.gradNorm),
    position: bits(rec.position),
    initial: bits(r.params?.initial),
    final: bits(r.params?.final),
    history: bits(r.params?.history),
    population: bits(r.params?.population),
    symmetry: bits(r.symmetry),
    best: r.search && { step: r.search.best.step, value: bits(Float64Array.of(r.search.best.value)), position: bits(r.search.best.position) },
    success: r.search?.success,
  };
}

/** Steps recorded every `interval` over `total` steps: 0, each multiple, and the last. */
function scheduleOf(total: number, interval: number): number[] {
  const steps: number[] = [];
  for (let s = 0; s <= total; s += interval) steps.push(s);
  if (steps[steps.length - 1] !== total) steps.push(total);
  return steps;
}

/** The least interval·2^k whose schedule over `total` steps has at most `maxPoints` records (stated here apart from the code under test). */
function expectedInterval(total: number, interval: number, maxPoints: number): number {
  let every = interval;
  while (scheduleOf(total, every).length > maxPoints) every *= 2;
  return every;
}

// 40 samples in batches of 8: 5 updates an epoch, 100 epochs, 500 updates.
const network = (record: object, optimizer: object = {}) =>
  plan(
    xorExperiment({
      restarts: 3,
      problem: { type: 'network', dataset: { kind: 'xor', samples: 40 }, model: { hidden: [4, 3] }, optimizer: { name: 'sgd', learningRate: 0.5, epochs: 100, batchSize: 8, ...optimizer } },
      record,
    }),
  );

const search = (spec: object, record: object, problem: object = {}) =>
  plan({ format: 'landscape-lab/experiment@1', seed: 'thin', restarts: 3, problem: { type: 'function', function: { name: 'himmelblau' }, search: spec, ...problem }, record });

describe('the thinning schedule', () => {
  it('keeps rows 0, 2, 4, ... of a buffer in place', () => {
    const a = Float64Array.from({ length: 15 }, (_, i) => i);
    keepEvenRows(a, 5, 3);
    expect(Array.from(a.subarray(0, 9))).toEqual([0, 1, 2, 6, 7, 8, 12, 13, 14]);
    const b = Float64Array.from([10, 11, 12, 13]);
    keepEvenRows(b, 4, 1);
    expect(Array.from(b.subarray(0, 2))).toEqual([10, 12]);
  });

  it('compacts only when the buffer is full; a final record always gets its slot', () => {
    const schedule = { interval: 1, capacity: 4 };
    let compactions = 0;
    const compact = () => compactions++;
    expect(makeRoom(schedule, 3, false, 3, compact)).toBe(true);
    expect([compactions, schedule.interval]).toEqual([0, 1]);
    expect(makeRoom(schedule, 4, false, 4, compact)).toBe(true); // 4 is a multiple of the new interval 2
    expect([compactions, schedule.interval]).toEqual([1, 2]);
    expect(makeRoom(schedule, 6, false, 4, compact)).toBe(false); // 6 is not a multiple of 4
    expect(makeRoom(schedule, 9, true, 4, compact)).toBe(true); // the last step: kept whatever the interval
    expect([compactions, schedule.interval]).toEqual([3, 8]);
  });

  it('plans each restart\'s records and slots: min(records, maxPoints) slots, the thinned count recorded', () => {
    expect(recordBudget(500, 1, 10_000)).toEqual({ records: 501, capacity: 501 });
    expect(recordBudget(500, 1, 501)).toEqual({ records: 501, capacity: 501 });
    expect(recordBudget(500, 1, 500)).toEqual({ records: 251, capacity: 500 });
    expect(recordBudget(500, 1, 64)).toEqual({ records: 64, capacity: 64 });
    expect(recordBudget(0, 1, 2)).toEqual({ records: 1, capacity: 1 });
    expect(finalInterval(500, 3, 2)).toBe(768);
    expect(recordsAt(500, 768)).toBe(2);
  });

  it('any run, to the end or stopped early, keeps exactly what recording every interval·2^k keeps (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 80 }), fc.option(fc.integer({ min: 1, max: 3000 })), (total, every, maxPoints, stop) => {
        const stopAt = stop !== null && stop <= total ? stop : null;
        const capacity = Math.min(recordsAt(total, every), maxPoints);
        const r: RecordColumns = { count: 0, step: new Float64Array(capacity), epoch: null, loss: new Float64Array(capacity), accuracy: null, gradNorm: new Float64Array(capacity), position: new Float64Array(capacity * 2) };
        const schedule = { interval: every, capacity };
        const compact = () => compactRecords(r, 2);
        const put = (s: number) => {
          expect(r.count).toBeLessThan(capacity);
          const k = r.count++;
          r.step[k] = s;
          r.loss[k] = s * s;
          r.gradNorm[k] = -s;
          r.position!.set([s, s + 0.5], 2 * k);
        };
        put(0);
        for (let s = 1; s <= total; s++) {
          if (s === stopAt) {
            makeRoom(schedule, s, true, r.count, compact);
            put(s);
            break;
          }
          if ((s % schedule.interval === 0 || s === total) && makeRoom(schedule, s, s === total, r.count, compact)) put(s);
        }
        const steps = Array.from(r.step.subarray(0, r.count));
        const end = stopAt ?? total;
        const expected = stopAt === null ? scheduleOf(total, schedule.interval) : [...scheduleOf(stopAt - 1, schedule.interval).filter((s) => s < stopAt && s % schedule.interval === 0), stopAt];
        expect(steps).toEqual(expected);
        expect(steps[steps.length - 1]).toBe(end);
        expect(r.count).toBeLessThanOrEqual(maxPoints);
        expect(Array.from(r.loss.subarray(0, r.count))).toEqual(steps.map((s) => s * s));
        expect(Array.from(r.gradNorm.subarray(0, r.count))).toEqual(steps.map((s) => -s));
        expect(Array.from(r.position!.subarray(0, 2 * r.count))).toEqual(steps.flatMap((s) => [s, s + 0.5]));
        if (stopAt === null) {
          expect(schedule.interval).toBe(expectedInterval(total, every, maxPoints));
          expect(r.count).toBe(recordBudget(total, every, maxPoints).records);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('a network restart with record.maxPoints', () => {
  it.each([
    [1, 64],
    [1, 2],
    [1, 3],
    [1, 65],
    [3, 17],
    ['epoch', 10],
  ] as const)('every %s, maxPoints %i: at most maxPoints records, bit for bit those of recording every interval·2^k', (every, maxPoints) => {
    const thin = network({ every, maxPoints, params: 'all' });
    const total = networkVariant(thin).steps;
    const base = every === 'epoch' ? networkVariant(thin).batchesPerEpoch : every;
    const interval = expectedInterval(total, base, maxPoints);
    expect(interval).toBeGreaterThan(base); // it did thin
    const direct = network({ every: interval, params: 'all' });
    for (const restart of [0, 2]) {
      const r = trainRestart(thin, 0, restart);
      expect(r.records.count).toBeLessThanOrEqual(maxPoints);
      const steps = Array.from(r.records.step);
      expect(steps[0]).toBe(0);
      expect(steps[steps.length - 1]).toBe(total);
      for (const s of steps.slice(1, -1)) expect(s % interval).toBe(0);
      expect(steps).toEqual(scheduleOf(total, interval));
      expect(r.records.count).toBe(networkVariant(thin).records);
      expect(r.symmetry!.length).toBe(2 * r.records.count);
      expect(r.params!.history!.length).toBe(r.records.count * networkVariant(thin).paramCount);
      expect(recorded(r)).toEqual(recorded(trainRestart(direct, 0, restart)));
    }
  });

  it('with maxPoints at least the records, records exactly as without it; one fewer thins', () => {
    const natural = networkVariant(network({})).records;
    expect(natural).toBe(501);
    const before = trainRestart(network({ params: 'all' }), 0, 1);
    expect(Array.from(before.records.step)).toEqual(scheduleOf(500, 1));
    expect(recorded(trainRestart(network({ params: 'all', maxPoints: natural }), 0, 1))).toEqual(recorded(before));
    expect(recorded(trainRestart(network({ params: 'all', maxPoints: 1_000_000 }), 0, 1))).toEqual(recorded(before));
    const thinned = trainRestart(network({ params: 'all', maxPoints: natural - 1 }), 0, 1);
    expect(Array.from(thinned.records.step)).toEqual(scheduleOf(500, 2));
  });

  it('keeps the divergence record last: a learning rate past the stable range', () => {
    // A linear model on sine with lr 0.4 grows geometrically; its loss overflows after some 600 updates.
    const sine = (record: object) =>
      plan(xorExperiment({ restarts: 1, problem: { type: 'network', dataset: { kind: 'sine', samples: 40 }, model: { hidden: [] }, optimizer: { name: 'sgd', learningRate: 0.4, epochs: 1000, batchSize: 8 } }, record }));
    const r = trainRestart(sine({ every: 1, maxPoints: 16, params: 'all' }), 0, 0);
    expect(r.status).toBe('diverged');
    const at = Number(/at step (\d+)$/.exec(r.reason!)![1]);
    expect(at).toBeGreaterThan(100);
    const steps = Array.from(r.records.step);
    expect(r.records.count).toBeLessThanOrEqual(16);
    expect(steps[steps.length - 1]).toBe(at);
    expect(Number.isFinite(r.records.loss[r.records.count - 1]!)).toBe(false);
    const interval = steps[1]!;
    expect(steps).toEqual([...scheduleOf(at, interval).filter((s) => s % interval === 0 && s < at), at]);
    expect(recorded(r)).toEqual(recorded(trainRestart(sine({ every: interval, params: 'all' }), 0, 0)));
  });

  it('keeps the divergence record last: a huge learning rate', () => {
    const p = plan(xorExperiment({ restarts: 1, problem: { type: 'network', dataset: { kind: 'sine', samples: 40 }, model: { hidden: [16], activation: 'relu' }, optimizer: { name: 'sgd', learningRate: 1e6, epochs: 50 } }, record: { maxPoints: 2 } }));
    const r = trainRestart(p, 0, 0);
    expect(r.status).toBe('diverged');
    expect(r.records.count).toBe(2);
    expect(r.records.step[1]).toBe(Number(/at step (\d+)$/.exec(r.reason!)![1]));
    expect(r.records.step[1]).toBeGreaterThan(2); // the two slots were full, and compacted, before it
    expect(Number.isFinite(r.records.loss[1]!)).toBe(false);
  });
});

describe('a function search with record.maxPoints', () => {
  const cases = [
    ['simulated_annealing', { name: 'simulated_annealing', steps: 1000, stepSize: 0.3, temperature: 5, cooling: 0.99 }, 1, 50],
    ['genetic_algorithm', { name: 'genetic_algorithm', steps: 200, population: 8 }, 3, 20],
    ['gradient_descent', { name: 'gradient_descent', steps: 777, learningRate: 0.01, gradientNoise: 0.5 }, 2, 7],
  ] as const;
  it.each(cases)('%s: at most maxPoints records, bit for bit those of recording every interval·2^k', (_name, spec, every, maxPoints) => {
    const thin = search(spec, { every, maxPoints, params: 'all' });
    const total = functionVariant(thin).steps;
    const interval = expectedInterval(total, every, maxPoints);
    expect(interval).toBeGreaterThan(every);
    const direct = search(spec, { every: interval, params: 'all' });
    for (const restart of [0, 1]) {
      const r = trainRestart(thin, 0, restart);
      expect(r.records.count).toBeLessThanOrEqual(maxPoints);
      expect(Array.from(r.records.step)).toEqual(scheduleOf(total, interval));
      if (spec.name === 'genetic_algorithm') expect(r.params!.population!.length).toBe(r.records.count * 8 * 2);
      expect(recorded(r)).toEqual(recorded(trainRestart(direct, 0, restart)));
    }
  });

  it('keeps the divergence record last', () => {
    // A noisy descent on sqrt(x + 2.5) wanders into x < -2.5, where the value is NaN, after some 1700 steps.
    const p = (record: object) =>
      plan({
        format: 'landscape-lab/experiment@1',
        seed: 'test',
        restarts: 1,
        problem: { type: 'function', function: { name: 'custom', formula: 'sqrt(x + 2.5) + y^2' }, start: { kind: 'fixed', point: [2, 0] }, search: { name: 'gradient_descent', steps: 5000, learningRate: 0.01, gradientNoise: 5 } },
        record,
      });
    const r = trainRestart(p({ every: 1, maxPoints: 16, params: 'all' }), 0, 0);
    expect(r.status).toBe('diverged');
    const at = Number(/at step (\d+)$/.exec(r.reason!)![1]);
    expect(at).toBeGreaterThan(100);
    expect(r.records.count).toBeLessThanOrEqual(16);
    expect(r.records.step[r.records.count - 1]).toBe(at);
    expect(Number.isNaN(r.records.loss[r.records.count - 1]!)).toBe(true);
    expect(recorded(r)).toEqual(recorded(trainRestart(p({ every: r.records.step[1]!, params: 'all' }), 0, 0)));
  });
});

describe('record.maxPoints in the resolved experiment', () => {
  it('is kept when given and left out when not, meaning 10000', () => {
    const long = (record: object) => plan(xorExperiment({ restarts: 1, problem: { type: 'network', dataset: { kind: 'xor', samples: 40 }, optimizer: { name: 'sgd', epochs: 4000, batchSize: 8 } }, record }));
    const absent = long({});
    expect(absent.experiment.record).toEqual({ every: 1, params: 'ends' });
    expect(networkVariant(absent)).toMatchObject({ steps: 20000, capacity: 10000, records: 5001 });
    const given = long({ maxPoints: 64 });
    expect(given.experiment.record).toEqual({ every: 1, params: 'ends', maxPoints: 64 });
    expect(plan(JSON.parse(JSON.stringify(given.experiment))).experiment).toEqual(given.experiment);
    expect(networkVariant(given)).toMatchObject({ capacity: 64, records: 41 }) // every 512: 0, 512, ..., 19968 and 20000;
  });
});

describe('the run limits count each restart at most maxPoints records', () => {
  // XOR's 200 samples in batches of 1 for 20 epochs: 4000 updates, 4001 records per restart.
  const many = (record: object) => ({ format: 'landscape-lab/experiment@1', restarts: 10000, problem: { type: 'network', dataset: { kind: 'xor' }, optimizer: { name: 'sgd', batchSize: 1, epochs: 20 } }, record });

  it('accepts a run refused for its records once maxPoints caps them', () => {
    expect(problemsOf(many({}))).toEqual(['record.every: the run would keep 40010000 records; the limit is 20000000 (record less often, lower record.maxPoints or run fewer restarts)']);
    const p = networkVariant(plan(many({ maxPoints: 2000 })));
    expect([p.capacity, p.records]).toEqual([2000, 1001]);
    expect(problemsOf(many({ maxPoints: 2001 }))).toEqual(['record.every: the run would keep 20010000 records; the limit is 20000000 (record less often, lower record.maxPoints or run fewer restarts)']);
  });

  it('accepts a run refused for its kept parameters once maxPoints caps them', () => {
    const wide = (record: object) => ({ format: 'landscape-lab/experiment@1', restarts: 40, problem: { type: 'network', dataset: { kind: 'xor' }, model: { hidden: [512, 512] } }, record: { params: 'all', every: 'epoch', ...record } });
    expect(problemsOf(wide({}))).toEqual(['record.params: the run would keep 1090584600 parameter values; the limit is 50000000 (use "ends" or "none", record less often or lower record.maxPoints)']);
    expect(networkVariant(plan(wide({ maxPoints: 2 }))).capacity).toBe(2);
  });

  it('counts a genetic algorithm\'s populations at most maxPoints times', () => {
    const ga = (record: object) => ({ format: 'landscape-lab/experiment@1', restarts: 100, problem: { type: 'function', function: { name: 'sphere' }, search: { name: 'genetic_algorithm', steps: 100, population: 10000 } }, record: { params: 'all', ...record } });
    expect(problemsOf(ga({}))).toEqual(['record.params: the run would keep 202020600 parameter values; the limit is 50000000 (use "ends" or "none", record less often or lower record.maxPoints)']);
    expect(functionVariant(plan(ga({ maxPoints: 10 }))).capacity).toBe(10);
  });
});
