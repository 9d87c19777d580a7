// The built-in lessons run with core, and each shows what it says it shows: the claims of the text
// are asserted on the numbers of the very experiments the scenes load.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRestarts } from '../../core/analysis/run-analysis';
import { networkVariant, resolveExperiment, type RunPlan } from '../../core/experiment/resolve';
import type { RestartResult } from '../../core/experiment/result';
import { trainRestart } from '../../core/experiment/train';
import { describeConfigurations } from '../../core/export/outputs';
import { successByRestarts } from '../../core/export/summary';
import { networkSlice, projectPaths, sliceGrid } from '../../core/landscape/build';
import { builtinLessons, type Lesson, parseLesson } from '../../renderer/lessons/lessons';
import { ROOT } from '../paths';

const dir = join(ROOT, 'lessons');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.lesson.json'))
  .sort();
const lessons = new Map<string, Lesson>(files.map((f) => [f, parseLesson(readFileSync(join(dir, f), 'utf8'))]));

function lesson(prefix: string): Lesson {
  const file = files.find((f) => f.startsWith(prefix));
  if (file === undefined) throw new Error(`no lesson ${prefix}-*.lesson.json`);
  return lessons.get(file)!;
}

interface SceneRun {
  plan: RunPlan;
  results: RestartResult[];
  /** Restarts of variant v (0 without variants). */
  of: (v: number) => RestartResult[];
}

/** Runs an experiment the way a host does: every restart of every variant, then the run's analyses. */
function run(experiment: unknown, datasets: Record<string, string> = {}): SceneRun {
  const plan = resolveExperiment(structuredClone(experiment), (p) => datasets[p]!);
  const results: RestartResult[] = [];
  for (let v = 0; v < plan.variants.length; v++) for (let i = 0; i < plan.experiment.restarts; i++) results.push(trainRestart(plan, v, i));
  analyzeRestarts(plan.experiment, describeConfigurations(plan), results);
  return { plan, results, of: (v) => results.filter((r) => r.variant === v) };
}

/** Runs scene `k` of a lesson (0-based). */
const scene = (l: Lesson, k: number) => run(l.scenes[k]!.experiment, l.datasets);

const last = (a: Float64Array, r: RestartResult) => a[r.records.count - 1]!;
const finalLoss = (r: RestartResult) => last(r.records.loss, r);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const bits = (a: Float64Array | null | undefined) => (a ? Array.from(a) : null);
/** Everything a restart recorded, as plain arrays (toEqual on Float64Arrays compares values; this also shows diffs readably). */
const recorded = (r: RestartResult) => ({
  loss: bits(r.records.loss),
  accuracy: bits(r.records.accuracy),
  gradNorm: bits(r.records.gradNorm),
  position: bits(r.records.position),
  initial: bits(r.params?.initial),
  final: bits(r.params?.final),
  history: bits(r.params?.history),
});
const sameBits = (a: RestartResult, b: RestartResult) => {
  const x = recorded(a);
  const y = recorded(b);
  return (Object.keys(x) as (keyof typeof x)[]).every((k) => Object.is(JSON.stringify(x[k]), JSON.stringify(y[k])));
};
const distinct = <T>(xs: T[]) => new Set(xs).size;

/**
 * A scene's work in multiply-adds, roughly: updates (forward and backward over a batch), whole-set
 * evaluations at each record, and the landscape grid. The budget keeps a scene to a few seconds on one
 * core of the web edition (measured: about 1.2 s per 10^9 here); function searches are far cheaper.
 */
function networkWork(plan: RunPlan): number {
  let work = 0;
  for (const v of plan.variants) {
    if (v.kind !== 'network') continue;
    const batch = Math.min(v.problem.optimizer.batchSize, v.dataset.samples);
    work += plan.experiment.restarts * 3 * v.paramCount * (v.steps * batch + v.records * v.dataset.samples);
  }
  const l = plan.experiment.landscape;
  if (l !== undefined) {
    const v = plan.variants.find((p) => p.label === (l.variant ?? plan.variants[0]!.label))!;
    if (v.kind === 'network') work += l.resolution * l.resolution * v.dataset.samples * v.paramCount;
  }
  return work;
}

describe('lessons/', () => {
  it('holds the six built-in lessons, each bundled in the renderer', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(builtinLessons().map((l) => l.title)).toEqual([...lessons.values()].map((l) => l.title));
  });

  describe.each(files)('%s', (file) => {
    const l = lessons.get(file)!;
    it.each(l.scenes.map((s, k) => [k, s.title] as const))('scene %i (%s) runs within the classroom budget, its landscape included', (k) => {
      const r = scene(l, k);
      expect(r.plan.experiment.restarts).toBeLessThanOrEqual(20);
      expect(networkWork(r.plan)).toBeLessThan(2.5e9);
      expect(r.results.every((x) => x.status === 'ok')).toBe(true);
      if (r.plan.experiment.landscape !== undefined) {
        const slice = networkSlice(r.plan, r.results);
        const grid = sliceGrid(slice);
        expect(grid.every(Number.isFinite)).toBe(true);
        expect(projectPaths(slice, r.results).length).toBe(r.plan.experiment.restarts);
      }
    });
  });
});

describe('lesson 1: deterministic and stochastic search', () => {
  const l = lesson('01');

  it('a fixed start with plain gradient descent gives the same path in every restart', () => {
    const { results } = scene(l, 0);
    expect(results.length).toBeGreaterThan(1);
    for (const r of results) expect(sameBits(r, results[0]!)).toBe(true);
    expect(results[0]!.search!.success).toBe(true);
  });

  it('random starts give different paths, ending in different minima', () => {
    const { results } = scene(l, 1);
    expect(distinct(results.map((r) => JSON.stringify(bits(r.params!.initial))))).toBe(results.length);
    expect(results.every((r) => r.search!.success)).toBe(true);
    expect(distinct(results.map((r) => r.search!.nearest!.index))).toBeGreaterThanOrEqual(3);
  });

  it('noise while moving splits restarts from one start into different minima', () => {
    const { results } = scene(l, 2);
    expect(distinct(results.map((r) => JSON.stringify(bits(r.params!.initial))))).toBe(1);
    expect(distinct(results.map((r) => JSON.stringify(bits(r.records.position))))).toBe(results.length);
    expect(distinct(results.map((r) => r.search!.nearest!.index))).toBeGreaterThanOrEqual(2);
  });
});

describe('lesson 2: local optima and restarts', () => {
  const l = lesson('02');

  it('one climb ends in a valley that is not the deepest', () => {
    const { results } = scene(l, 0);
    expect(results).toHaveLength(1);
    expect(results[0]!.search!.success).toBe(false);
  });

  it('twenty climbs end in different valleys, restart 0 repeating the single climb, and the best of k succeeds more often as k grows', () => {
    const one = scene(l, 0).results[0]!;
    const { results } = scene(l, 1);
    expect(sameBits(results[0]!, one)).toBe(true);
    expect(distinct(results.map((r) => r.basin))).toBeGreaterThanOrEqual(3);
    const s = results.filter((r) => r.search!.success).length;
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThan(results.length);
    const curve = successByRestarts(results.length, s);
    for (let k = 1; k < curve.length; k++) expect(curve[k]! > curve[k - 1]! || curve[k - 1] === 1).toBe(true);
    expect(curve[0]!).toBeLessThan(0.5);
    expect(curve[4]!).toBeGreaterThan(curve[0]! + 0.3);
    expect(curve.at(-1)).toBe(1);
  });

  it('on Rastrigin nearly every climb stops in a different ripple and few reach the centre', () => {
    const { results } = scene(l, 2);
    expect(distinct(results.map((r) => r.basin))).toBeGreaterThanOrEqual(15);
    expect(results.filter((r) => r.search!.success).length).toBeLessThanOrEqual(2);
  });
});

describe('lesson 3: premature convergence', () => {
  const l = lesson('03');
  const stalled = (rs: RestartResult[]) => rs.filter((r) => r.stalledAt !== null && r.stalledAt !== undefined).length;
  const successes = (rs: RestartResult[]) => rs.filter((r) => r.search!.success).length;

  it('fast cooling stalls more restarts, in worse valleys, than slow cooling', () => {
    const fast = scene(l, 0).results;
    const slow = scene(l, 1).results;
    expect(stalled(fast)).toBeGreaterThanOrEqual(5);
    expect(stalled(slow)).toBeLessThanOrEqual(1);
    expect(mean(fast.map(finalLoss))).toBeGreaterThan(mean(slow.map(finalLoss)) + 0.1);
    expect(successes(fast)).toBeLessThan(successes(slow));
  });

  it('side by side, each variant repeats its own scene restart for restart (paired seeds)', () => {
    const both = scene(l, 2);
    const fast = scene(l, 0).results;
    const slow = scene(l, 1).results;
    both.of(0).forEach((r, i) => expect(sameBits(r, fast[i]!)).toBe(true));
    both.of(1).forEach((r, i) => expect(sameBits(r, slow[i]!)).toBe(true));
    expect(stalled(both.of(0))).toBeGreaterThan(stalled(both.of(1)));
  });
});

describe('lesson 4: why not zeros', () => {
  const l = lesson('04');
  const everySymmetry = (rs: RestartResult[]) => [...new Set(rs.flatMap((r) => Array.from(r.symmetry!)))];
  const bestAccuracy = (rs: RestartResult[]) => Math.max(...rs.map((r) => last(r.records.accuracy!, r)));

  it('zero weights keep the hidden layer at one distinct unit at every record, and it learns nothing', () => {
    const { results } = scene(l, 0);
    expect(everySymmetry(results)).toEqual([1]);
    expect(results.every((r) => r.symmetry!.length === r.records.count)).toBe(true);
    expect(bestAccuracy(results)).toBeLessThanOrEqual(0.6);
    for (const r of results) expect(Math.min(...Array.from(r.records.loss))).toBeGreaterThan(0.69);
  });

  it('constant weights move but stay one unit, which draws one straight line: most points, not all', () => {
    const { results } = scene(l, 1);
    expect(everySymmetry(results)).toEqual([1]);
    expect(results.every((r) => JSON.stringify(bits(r.params!.final)) !== JSON.stringify(bits(r.params!.initial)))).toBe(true);
    expect(bestAccuracy(results)).toBeGreaterThan(0.8);
    expect(bestAccuracy(results)).toBeLessThan(0.95);
  });

  it('random weights make all eight units distinct from the first record, and the moons are learned', () => {
    const { results, plan } = scene(l, 2);
    expect(networkVariant(plan).sizes[1]).toBe(8);
    expect(everySymmetry(results)).toEqual([8]);
    expect(Math.min(...results.map((r) => last(r.records.accuracy!, r)))).toBe(1);
  });
});

describe('lesson 5: same seed, same network', () => {
  const l = lesson('05');

  it('a pinned seed makes every restart the same network, bit for bit, and so does running again', () => {
    const first = scene(l, 0).results;
    const again = scene(l, 0).results;
    for (const r of first) expect(sameBits(r, first[0]!)).toBe(true);
    first.forEach((r, i) => expect(recorded(again[i]!)).toEqual(recorded(r)));
  });

  it('new seeds give new networks; the same master seed gives them again; another master seed gives others', () => {
    const first = scene(l, 1).results;
    const again = scene(l, 1).results;
    expect(distinct(first.map((r) => JSON.stringify(bits(r.params!.initial))))).toBe(first.length);
    expect(distinct(first.map(finalLoss))).toBe(first.length);
    first.forEach((r, i) => expect(recorded(again[i]!)).toEqual(recorded(r)));
    const reseeded = run({ ...l.scenes[1]!.experiment, seed: 'another seed' }).results;
    first.forEach((r, i) => expect(sameBits(reseeded[i]!, r)).toBe(false));
  });

  it('the bigger network is better on average, yet loses some paired restarts: one run of each could mislead', () => {
    const r = scene(l, 2);
    expect(r.plan.variants.map((v) => v.label)).toEqual(['3 units', '6 units']);
    const small = r.of(0).map(finalLoss);
    const large = r.of(1).map(finalLoss);
    expect(mean(large)).toBeLessThan(mean(small));
    expect(small.some((s, i) => s < large[i]!)).toBe(true);
  });
});

describe('lesson 6: initializers compared', () => {
  const l = lesson('06');
  const labels = ['random_normal 0.05', 'random_normal 1', 'glorot_uniform', 'he_normal', 'lecun_normal', 'orthogonal'];

  it('the signal at initialization differs by family: too small fades, too large explodes, He keeps it level', () => {
    const r = scene(l, 0);
    expect(r.plan.variants.map((v) => v.label)).toEqual(labels);
    const spread = labels.map((_, v) => r.of(v)[0]!.signal!.activation.map((s) => s.std));
    const lastHidden = spread.map((s) => s[s.length - 2]!);
    expect(distinct(lastHidden.map((x) => x.toPrecision(3)))).toBe(labels.length);
    const [tiny, large, , he] = spread;
    expect(tiny!.at(-2)!).toBeLessThan(1e-3 * tiny![0]!);
    expect(large!.at(-2)!).toBeGreaterThan(100 * large![0]!);
    expect(Math.max(...he!.slice(0, -1)) / Math.min(...he!.slice(0, -1))).toBeLessThan(2);
    // Epochs 0: nothing moved, only the starting point was measured.
    expect(r.results.every((x) => x.records.count === 1)).toBe(true);
  });

  it('trained from each, every family runs; the extremes end worst and the scaled families close together', () => {
    const r = scene(l, 1);
    expect(r.plan.variants.map((v) => v.label)).toEqual(labels);
    const means = labels.map((_, v) => mean(r.of(v).map(finalLoss)));
    expect(r.results.every((x) => x.status === 'ok')).toBe(true);
    expect(means[0]!).toBeGreaterThan(0.68);
    const scaled = means.slice(2);
    expect(means[1]!).toBeGreaterThan(Math.max(...scaled));
    expect(Math.max(...scaled)).toBeLessThan(0.5 * means[0]!);
    expect(distinct(means)).toBe(labels.length);
  });
});
