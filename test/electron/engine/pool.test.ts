import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunPlan } from '../../../core/experiment/resolve';
import type { RestartResult } from '../../../core/experiment/result';
import { trainRestart } from '../../../core/experiment/train';
import { CancellationError, WorkerPool } from '../../../electron/engine/pool';
import { GROUP_WORK, groupSize, MAX_GROUP } from '../../../core/protocol/task-queue';
import { networkSlice, sliceGrid } from '../../../core/landscape/build';
import { plan } from '../../core/experiment/helpers';
import { ROOT, WORKER_ENTRY } from '../../paths';

const CRASH_ENTRY = join(ROOT, 'out/test/crash-worker.mjs');
const temp = mkdtempSync(join(tmpdir(), 'll-pool-'));

beforeAll(async () => {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['test/electron/engine/crash-worker.ts'],
    outfile: CRASH_ENTRY,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.LL_CRASH_INDEX;
  delete process.env.LL_CRASH_KIND;
  delete process.env.LL_CRASH_MARKER;
});

function experiment(restarts = 6): RunPlan {
  return plan({
    format: 'landscape-lab/experiment@1',
    seed: 'pool',
    restarts,
    problem: { type: 'network', dataset: { kind: 'moons', samples: 60 }, model: { hidden: [6] }, optimizer: { name: 'sgd', learningRate: 0.3, epochs: 15, batchSize: 10 } },
    record: { every: 2, params: 'all' },
  });
}

const tasks = (restarts: number, variants = 1) => Array.from({ length: restarts * variants }, (_, k) => ({ variant: Math.floor(k / restarts), index: k % restarts }));

function fingerprint(r: RestartResult): string {
  return JSON.stringify({
    i: r.index,
    seed: r.seed,
    status: r.status,
    loss: Array.from(r.records.loss),
    grad: Array.from(r.records.gradNorm),
    history: Array.from(r.params!.history!),
  });
}

describe('WorkerPool.grid', () => {
  it('splits a landscape grid over workers, equal bit for bit to one thread', async () => {
    const p = plan({
      format: 'landscape-lab/experiment@1',
      seed: 'grid',
      restarts: 3,
      problem: { type: 'network', dataset: { kind: 'moons', samples: 50 }, model: { hidden: [4] }, optimizer: { name: 'sgd', learningRate: 0.3, epochs: 5, batchSize: 10 } },
      record: { every: 'epoch', params: 'all' },
      landscape: { plane: 'pca', resolution: 11 },
    });
    const results = [0, 1, 2].map((i) => trainRestart(p, 0, i));
    const slice = networkSlice(p, results);
    const direct = Array.from(sliceGrid(slice));
    for (const size of [1, 2, 3]) {
      const pool = new WorkerPool(size, WORKER_ENTRY);
      try {
        expect(Array.from(await pool.grid(p, 0, slice.plane))).toEqual(direct);
      } finally {
        await pool.close();
      }
    }
  });
});

describe('WorkerPool', () => {
  it('gives the same results, bit for bit, with 1, 2 or 3 workers, equal to training in this thread', async () => {
    const p = experiment();
    const direct = tasks(6).map((t) => fingerprint(trainRestart(p, t.variant, t.index)));
    for (const size of [1, 2, 3]) {
      const pool = new WorkerPool(size, WORKER_ENTRY);
      try {
        const results = await pool.run(p, tasks(6));
        expect(results.map(fingerprint)).toEqual(direct);
      } finally {
        await pool.close();
      }
    }
  });

  it('reports progress up to the total number of updates, and each result once', async () => {
    const p = experiment(3);
    const pool = new WorkerPool(2, WORKER_ENTRY);
    const seen: number[] = [];
    let last = [0, 0];
    try {
      await pool.run(p, tasks(3), { onProgress: (done, total) => (last = [done, total]), onResult: (r) => seen.push(r.index) });
    } finally {
      await pool.close();
    }
    expect(seen.sort()).toEqual([0, 1, 2]);
    expect(last).toEqual([3 * 90, 3 * 90]); // 60 samples / 10 = 6 updates × 15 epochs
  });

  it('runs again after a run, reusing its workers', async () => {
    const pool = new WorkerPool(2, WORKER_ENTRY);
    try {
      const a = await pool.run(experiment(2), tasks(2));
      const b = await pool.run(experiment(2), tasks(2));
      expect(b.map(fingerprint)).toEqual(a.map(fingerprint));
    } finally {
      await pool.close();
    }
  });

  it.each(['exit', 'throw'])('retries a restart whose worker dies (%s) on a fresh worker, with the same result', async (kind) => {
    const p = experiment(4);
    const expected = tasks(4).map((t) => fingerprint(trainRestart(p, t.variant, t.index)));
    process.env.LL_CRASH_INDEX = '2';
    process.env.LL_CRASH_KIND = kind;
    process.env.LL_CRASH_MARKER = join(temp, `marker-${kind}`);
    const pool = new WorkerPool(2, CRASH_ENTRY);
    try {
      const results = await pool.run(p, tasks(4));
      expect(existsSync(process.env.LL_CRASH_MARKER)).toBe(true); // the worker did die once
      expect(results.map(fingerprint)).toEqual(expected);
    } finally {
      await pool.close();
    }
  });

  it('marks a restart failed, with the reason, when it dies twice; every other restart completes', async () => {
    const p = experiment(4);
    process.env.LL_CRASH_INDEX = '1';
    process.env.LL_CRASH_KIND = 'exit';
    const pool = new WorkerPool(2, CRASH_ENTRY);
    try {
      const results = await pool.run(p, tasks(4));
      expect(results.map((r) => r.status)).toEqual(['ok', 'failed', 'ok', 'ok']);
      expect(results[1]!.reason).toBe('its worker exited with code 3');
      expect(results[1]!.records.count).toBe(0);
      expect(results[1]!.seed).toBe(trainRestart(p, 0, 1).seed);
      expect(fingerprint(results[3]!)).toBe(fingerprint(trainRestart(p, 0, 3)));
    } finally {
      await pool.close();
    }
  });

  it('cancels a run, keeping the restarts already finished, and stays usable', async () => {
    const p = experiment(6);
    const pool = new WorkerPool(1, WORKER_ENTRY);
    const controller = new AbortController();
    try {
      const error = await pool.run(p, tasks(6), { signal: controller.signal, onResult: () => controller.abort() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CancellationError);
      const kept = (error as CancellationError).results.filter((r) => r !== undefined);
      expect(kept.length).toBe(1);
      expect(fingerprint(kept[0]!)).toBe(fingerprint(trainRestart(p, 0, kept[0]!.index)));
      const again = await pool.run(p, tasks(2));
      expect(again.map((r) => r.status)).toEqual(['ok', 'ok']);
    } finally {
      await pool.close();
    }
  });

  it('refuses a second run while one is going, and a pool without workers', async () => {
    expect(() => new WorkerPool(0, WORKER_ENTRY)).toThrow('a worker pool needs at least 1 worker, got 0');
    const pool = new WorkerPool(1, WORKER_ENTRY);
    try {
      const first = pool.run(experiment(2), tasks(2));
      await expect(pool.run(experiment(2), tasks(2))).rejects.toThrow('this pool is already running');
      await first;
    } finally {
      await pool.close();
    }
  });
});

/** Many short searches: they go to the workers in groups (see groupSize), their results in batches. */
function searches(restarts: number, steps = 300): RunPlan {
  return plan({
    format: 'landscape-lab/experiment@1',
    seed: 'groups',
    restarts,
    problem: { type: 'function', function: { name: 'rastrigin' }, search: { name: 'simulated_annealing', steps, stepSize: 0.4, temperature: 5, cooling: 0.99 } },
    record: { every: 5, params: 'all' },
  });
}

describe('WorkerPool with short restarts in groups', () => {
  it('groups restarts by their work: short searches many to a message, networks and long searches one', () => {
    expect(groupSize(searches(10, 300), 0)).toBe(Math.min(MAX_GROUP, Math.floor(GROUP_WORK / 301)));
    expect(groupSize(searches(10, 1000), 0)).toBe(49);
    expect(groupSize(searches(10, 100_000), 0)).toBe(1);
    expect(groupSize(experiment(), 0)).toBe(1);
    const ga = plan({ format: 'landscape-lab/experiment@1', seed: 'g', restarts: 3, problem: { type: 'function', function: { name: 'sphere' }, search: { name: 'genetic_algorithm', steps: 99, population: 50 } } });
    expect(groupSize(ga, 0)).toBe(Math.floor(GROUP_WORK / (100 * 50)));
  });

  it('gives the same results, bit for bit, with 1, 2 or 3 workers, equal to this thread, with progress to the total', async () => {
    const p = searches(150);
    expect(groupSize(p, 0)).toBeGreaterThan(10);
    const direct = tasks(150).map((t) => fingerprint(trainRestart(p, t.variant, t.index)));
    for (const size of [1, 2, 3]) {
      const pool = new WorkerPool(size, WORKER_ENTRY);
      const seen: number[] = [];
      let last = [0, 0];
      try {
        const results = await pool.run(p, tasks(150), { onResult: (r) => seen.push(r.index), onProgress: (done, total) => (last = [done, total]) });
        expect(results.map(fingerprint)).toEqual(direct);
        expect(seen.sort((a, b) => a - b)).toEqual(tasks(150).map((t) => t.index));
        expect(last).toEqual([150 * 300, 150 * 300]);
      } finally {
        await pool.close();
      }
    }
  });

  it.each(['exit', 'throw'])('retries the restarts of a group whose worker dies (%s), alone, with the same results', async (kind) => {
    const p = searches(120);
    const expected = tasks(120).map((t) => fingerprint(trainRestart(p, t.variant, t.index)));
    process.env.LL_CRASH_INDEX = '45';
    process.env.LL_CRASH_KIND = kind;
    process.env.LL_CRASH_MARKER = join(temp, `group-marker-${kind}`);
    const pool = new WorkerPool(2, CRASH_ENTRY);
    try {
      const results = await pool.run(p, tasks(120));
      expect(existsSync(process.env.LL_CRASH_MARKER)).toBe(true);
      expect(results.map(fingerprint)).toEqual(expected);
    } finally {
      await pool.close();
    }
  });

  it('marks failed only the restart that kills its worker twice; its group\'s other restarts complete', async () => {
    const p = searches(120);
    process.env.LL_CRASH_INDEX = '45';
    process.env.LL_CRASH_KIND = 'exit';
    const pool = new WorkerPool(2, CRASH_ENTRY);
    try {
      const results = await pool.run(p, tasks(120));
      expect(results.filter((r) => r.status !== 'ok').map((r) => [r.index, r.status, r.reason])).toEqual([[45, 'failed', 'its worker exited with code 3']]);
      for (const i of [0, 44, 46, 119]) expect(fingerprint(results[i]!)).toBe(fingerprint(trainRestart(p, 0, i)));
    } finally {
      await pool.close();
    }
  });

  it('cancels a run without losing a restart that finished: every result reported is kept, and only those', async () => {
    const p = searches(400);
    const pool = new WorkerPool(2, WORKER_ENTRY);
    const controller = new AbortController();
    const reported: number[] = [];
    try {
      const error = await pool
        .run(p, tasks(400), {
          signal: controller.signal,
          onResult: (r) => {
            reported.push(r.index);
            if (reported.length === 30) controller.abort();
          },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CancellationError);
      const kept = (error as CancellationError).results.filter((r) => r !== undefined);
      // The groups on the way finish (a few milliseconds); nothing after them starts.
      expect(kept.map((r) => r.index).sort((a, b) => a - b)).toEqual([...reported].sort((a, b) => a - b));
      expect(kept.length).toBeGreaterThan(30);
      expect(kept.length).toBeLessThan(400);
      for (const r of kept.slice(-3)) expect(fingerprint(r)).toBe(fingerprint(trainRestart(p, 0, r.index)));
      const again = await pool.run(p, tasks(5));
      expect(again.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    } finally {
      await pool.close();
    }
  });
});
