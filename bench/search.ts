// The search half of `npm run bench`: simulated annealing on 2-D rastrigin, 1,000 restarts × 1,000
// steps, through resolveExperiment and the same WorkerPools, reported as search steps per second per
// worker (aim: at least 5 million).
import { resolveExperiment, type RunPlan } from '../core/experiment/resolve';
import type { WorkerPool } from '../electron/engine/pool';

const RESTARTS = 1000;
const STEPS = 1000;
const RECORD_EVERY = 10;
/** Full runs each pool makes before the timed rounds. */
const WARM_UP = 3;
export const TARGET_STEPS_PER_WORKER = 5e6;

function plan(restarts: number): RunPlan {
  return resolveExperiment(
    {
      format: 'landscape-lab/experiment@1',
      name: 'bench: simulated annealing on rastrigin',
      seed: 'bench-search',
      restarts,
      problem: {
        type: 'function',
        function: { name: 'rastrigin', dimensions: 2 },
        start: { kind: 'uniform' },
        search: { name: 'simulated_annealing', steps: STEPS, stepSize: 0.3, distribution: 'gaussian', temperature: 30, cooling: 0.9973 },
      },
      record: { every: RECORD_EVERY, params: 'none' },
    },
    () => {
      throw new Error('the benchmark reads no files');
    },
  );
}

const tasks = (n: number) => Array.from({ length: n }, (_, index) => ({ variant: 0, index }));

/** Runs the search benchmark `rounds` times on each pool and prints steps per second per worker. */
export async function searchBench(pools: { one: WorkerPool; two: WorkerPool }, rounds: number): Promise<void> {
  const p = plan(RESTARTS);
  console.log(
    `\nsearch: simulated annealing (Gaussian steps 0.3, T0 30, cooling 0.9973) on 2-D rastrigin, ${RESTARTS} restarts x ${STEPS} steps, ` +
      `recorded every ${RECORD_EVERY} steps (value, gradient norm, position)`,
  );
  // Warm-up: the first runs of a fresh worker are slower while V8 finishes optimizing the search
  // (measured: about 0.26, 0.23 and 0.22 s for the first three 1-worker runs, 0.18–0.20 s after), so
  // each pool does WARM_UP full runs first; their times are printed, not counted.
  const warm = { one: [] as number[], two: [] as number[] };
  for (let k = 0; k < WARM_UP; k++) {
    for (const [name, pool] of [['one', pools.one], ['two', pools.two]] as const) {
      const t0 = performance.now();
      await pool.run(p, tasks(RESTARTS));
      warm[name].push((performance.now() - t0) / 1000);
    }
  }
  console.log(`  warm-up runs (not counted), s: 1 worker ${warm.one.map((t) => t.toFixed(3)).join(', ')}; 2 workers ${warm.two.map((t) => t.toFixed(3)).join(', ')}`);
  const times = { one: [] as number[], two: [] as number[] };
  let successes: number | null = null;
  for (let round = 0; round < rounds; round++) {
    for (const [name, pool] of round % 2 === 0 ? ([['one', pools.one], ['two', pools.two]] as const) : ([['two', pools.two], ['one', pools.one]] as const)) {
      const t0 = performance.now();
      const results = await pool.run(p, tasks(RESTARTS));
      times[name].push((performance.now() - t0) / 1000);
      const wins = results.filter((r) => r.search?.success === true).length;
      if (successes !== null && wins !== successes) throw new Error(`determinism broken: ${wins} successes with ${name} worker(s), ${successes} before`);
      successes = wins;
    }
  }
  const best = (a: number[]) => Math.min(...a);
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
  const total = RESTARTS * STEPS;
  const row = (label: string, t: number[], workers: number) =>
    console.log(
      `  ${label.padEnd(10)} best ${best(t).toFixed(2)} s, median ${median(t).toFixed(2)} s: ${(total / best(t) / workers / 1e6).toFixed(2)} M steps/s per worker (best), ${(total / median(t) / workers / 1e6).toFixed(2)} (median)`,
    );
  console.log(`  per round, s: 1 worker ${times.one.map((t) => t.toFixed(3)).join(', ')}; 2 workers ${times.two.map((t) => t.toFixed(3)).join(', ')}`);
  row('1 worker', times.one, 1);
  row('2 workers', times.two, 2);
  const perWorker = total / median(times.one) / 1e6;
  console.log(`  target >= ${TARGET_STEPS_PER_WORKER / 1e6} M steps/s per worker: ${perWorker * 1e6 >= TARGET_STEPS_PER_WORKER ? 'met' : 'not met'} (1 worker, median); ${successes} of ${RESTARTS} restarts reached the global minimum, identically on 1 and 2 workers`);
}
