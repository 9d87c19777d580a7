// The landscape half of `npm run bench`: a 129×129 grid of a 2-16-16-1 tanh net's mean loss over 1,000
// spiral points, on a plane through trained restarts, on 1 and 2 workers, and (where Python has torch)
// the same grid in PyTorch batched over grid points. Aims: at least 1.5× PyTorch on one worker, close
// to 2× more from the second.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { networkVariant, resolveExperiment } from '../core/experiment/resolve';
import { networkSlice } from '../core/landscape/build';
import type { WorkerPool } from '../electron/engine/pool';

const RESOLUTION = 129;
export const TARGET_VS_TORCH = 1.5;

export async function gridBench(pools: { one: WorkerPool; two: WorkerPool }, rounds: number, python: string | null): Promise<void> {
  const plan = resolveExperiment(
    {
      format: 'landscape-lab/experiment@1',
      seed: 'bench-grid',
      restarts: 4,
      problem: { type: 'network', dataset: { kind: 'spirals', samples: 1000, noise: 0.1 }, model: { hidden: [16, 16], activation: 'tanh' }, optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9, epochs: 20 } },
      record: { every: 'epoch', params: 'all' },
      landscape: { plane: 'pca', resolution: RESOLUTION },
    },
    () => {
      throw new Error('the benchmark reads no files');
    },
  );
  const tasks = [0, 1, 2, 3].map((index) => ({ variant: 0, index }));
  const results = await pools.one.run(plan, tasks);
  const slice = networkSlice(plan, results);
  console.log(`\nlandscape grid: ${RESOLUTION}x${RESOLUTION} points of a 2-16-16-1 tanh net's mean loss over 1000 spiral points (PCA plane of 4 trained restarts)`);
  const times = { one: [] as number[], two: [] as number[] };
  let reference: Float64Array | null = null;
  for (let round = 0; round < rounds; round++) {
    for (const [name, pool] of [['one', pools.one], ['two', pools.two]] as const) {
      const t0 = performance.now();
      const grid = await pool.grid(plan, 0, slice.plane);
      times[name].push((performance.now() - t0) / 1000);
      if (reference === null) reference = grid;
      else if (grid.some((v, i) => !Object.is(v, reference![i]))) throw new Error('determinism broken: grids differ between runs');
    }
  }
  const best = (a: number[]) => Math.min(...a);
  console.log(`  ours, 1 worker   best ${best(times.one).toFixed(2)} s`);
  console.log(`  ours, 2 workers  best ${best(times.two).toFixed(2)} s (${(best(times.one) / best(times.two)).toFixed(2)}x from the second worker)`);
  if (python === null) {
    console.log('  PyTorch: skipped');
    return;
  }
  const v = networkVariant(plan);
  const dir = mkdtempSync(join(tmpdir(), 'landscape-grid-'));
  try {
    const job = join(dir, 'job.json');
    writeFileSync(
      job,
      JSON.stringify({ x: Array.from(v.dataset.x), y: Array.from(v.dataset.y), center: Array.from(slice.plane.center), d1: Array.from(slice.plane.d1), d2: Array.from(slice.plane.d2!), resolution: RESOLUTION, extent: slice.plane.extent, repeats: 1 }),
    );
    const script = fileURLToPath(new URL('../../bench/torch_grid.py', import.meta.url));
    const r = spawnSync(python, [script, job], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`torch_grid.py failed: ${r.stderr}`);
    const torch = JSON.parse(r.stdout) as { seconds: number; batch: number; torch: string; grid: number[] };
    const gap = Math.max(...torch.grid.map((g, i) => Math.abs(g - reference![i]!)));
    const ratio = torch.seconds / best(times.one);
    console.log(`  PyTorch ${torch.torch}, 1 thread, batched ${torch.batch} grid points (its fastest batch)   best ${torch.seconds.toFixed(2)} s; grids agree to ${gap.toExponential(1)}`);
    console.log(`  ours 1 worker / PyTorch: ${ratio.toFixed(2)}x (target >= ${TARGET_VS_TORCH}x: ${ratio >= TARGET_VS_TORCH ? 'met' : 'not met'})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
