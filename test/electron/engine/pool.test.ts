import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunPlan } from '../../../core/experiment/resolve';
import type { RestartResult } from '../../../core/experiment/result';
import { trainRestart } from '../../../core/experiment/train';
import { CancellationError, WorkerPool } from '../../../electron/engine/pool';
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
