// `npm run bench`: sample-gradients per second of the real engine (resolveExperiment, then a
// WorkerPool of 1 and of 2 workers) on one fixed workload, against the same workload in PyTorch
// (bench/torch_bench.py) when a Python with torch is found. The measurements are interleaved round
// by round so that each sees the same phases of a noisy machine; see bench/README.md for how to read it.
// Options: --rounds N (default 5), --no-torch.
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { networkVariant, resolveExperiment, type RunPlan } from '../core/experiment/resolve';
import type { RestartResult } from '../core/experiment/result';
import { initialParams } from '../core/experiment/train';
import { createMlp } from '../core/nn/mlp';
import { restartStream } from '../core/rng/seeds';
import { WorkerPool } from '../electron/engine/pool';
import { gridBench } from './grid';
import { searchBench } from './search';

const RESTARTS = 8;
const EPOCHS = 200;
const SAMPLES = 1000;
const HIDDEN = [16, 16];
const BATCH = 32;
const LEARNING_RATE = 0.1;
/** Training samples whose gradient one full run computes; the per-epoch whole-set evaluations are not counted. */
const SAMPLE_GRADIENTS = RESTARTS * EPOCHS * SAMPLES;
const TARGET_VS_TORCH = 5;
const TARGET_SECOND_WORKER = 1.85;

/** The benchmark's experiment file, with `epochs` epochs (fewer for the warm-up). */
function experiment(epochs: number): unknown {
  return {
    format: 'landscape-lab/experiment@1',
    name: 'bench: spirals, 2-16-16-1 tanh',
    seed: 'bench',
    restarts: RESTARTS,
    problem: {
      type: 'network',
      dataset: { kind: 'spirals', samples: SAMPLES, noise: 0.1 },
      model: { hidden: HIDDEN, activation: 'tanh', output: 'sigmoid', loss: 'bce' },
      init: { weights: { name: 'glorot_uniform' }, bias: { name: 'zeros' } },
      optimizer: { name: 'sgd', learningRate: LEARNING_RATE, momentum: 0, batchSize: BATCH, epochs, shuffle: true },
    },
    record: { every: 'epoch', params: 'none' },
  };
}

function resolve(epochs: number): RunPlan {
  return resolveExperiment(experiment(epochs), (path) => {
    throw new Error(`the benchmark reads no files, asked for ${path}`);
  });
}

/** torch_bench.py, found from the bundle in out/bench/. */
const TORCH_SCRIPT = new URL('../../bench/torch_bench.py', import.meta.url);

const TASKS = Array.from({ length: RESTARTS }, (_, index) => ({ variant: 0, index }));

/** Runs the plan once on `pool`; returns the wall time in seconds and the results, which must all be ok. */
async function timeEngine(pool: WorkerPool, plan: RunPlan): Promise<{ seconds: number; results: RestartResult[] }> {
  globalThis.gc?.();
  const t0 = performance.now();
  const results = await pool.run(plan, TASKS);
  const seconds = (performance.now() - t0) / 1000;
  for (const r of results) if (r.status !== 'ok') throw new Error(`restart ${r.index} ended ${r.status}: ${r.reason}`);
  return { seconds, results };
}

const finalLosses = (results: RestartResult[]) => results.map((r) => r.records.loss[r.records.count - 1]!);

// ---------------------------------------------------------------- PyTorch, in a child process

interface TorchRepetition {
  seconds: number;
  samples: number;
  restarts: { seconds: number; initialLoss: number; finalLoss: number; finalAccuracy: number; finalGradNorm: number; records: number }[];
}

/** The first of /usr/bin/python3 and python3 that can import torch, or null. */
function findTorchPython(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    if (probe.status === 0) return python;
  }
  return null;
}

/** The child's next line of output, parsed. */
async function nextJson(child: { exitCode: number | null }, lines: AsyncIterator<string>): Promise<unknown> {
  const line = await lines.next();
  if (line.done) throw new Error(`${fileURLToPath(TORCH_SCRIPT)} exited (code ${child.exitCode}) before answering`);
  return JSON.parse(line.value);
}

/** bench/torch_bench.py in --serve mode: one repetition per run() call, so it can be interleaved. */
class TorchServer {
  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, null>,
    private readonly lines: AsyncIterator<string>,
    readonly info: { torch: string; python: string; threads: number },
  ) {}

  static async start(python: string, script: string, jobPath: string): Promise<TorchServer> {
    const child = spawn(python, [script, jobPath, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const ready = (await nextJson(child, lines)) as { torch: string; python: string; threads: number };
    return new TorchServer(child, lines, { torch: ready.torch, python: ready.python, threads: ready.threads });
  }

  async run(): Promise<TorchRepetition> {
    this.child.stdin.write('run\n');
    return (await nextJson(this.child, this.lines)) as TorchRepetition;
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** The job file torch_bench.py reads: our generated dataset and each restart's starting parameters. */
function torchJob(plan: RunPlan): string {
  const v = networkVariant(plan);
  const net = createMlp(v.sizes, v.problem.model.activation, v.problem.model.output);
  const { seed, seeds } = plan.experiment;
  const init = TASKS.map(({ index }) => Array.from(initialParams(v, net, index, restartStream(seed, seeds, index, 'init'))));
  return JSON.stringify({
    x: Array.from(v.dataset.x),
    y: Array.from(v.dataset.y),
    features: v.dataset.features,
    hidden: HIDDEN,
    restarts: RESTARTS,
    epochs: EPOCHS,
    batchSize: BATCH,
    learningRate: LEARNING_RATE,
    init,
  });
}

// ---------------------------------------------------------------- statistics and printing

const median = (a: number[]) => {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const best = (a: number[]) => Math.min(...a);
const mega = (seconds: number) => SAMPLE_GRADIENTS / seconds / 1e6;
const pad = (s: string, n: number) => s.padStart(n);
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

type Part = 'network' | 'search' | 'grid';

function parseArgs(argv: string[]): { rounds: number; torch: boolean; only: Part | null } {
  let rounds = 5;
  let torch = true;
  let only: Part | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-torch') torch = false;
    else if (argv[i] === '--only' && ['network', 'search', 'grid'].includes(argv[i + 1] ?? '')) only = argv[++i] as Part;
    else if (argv[i] === '--rounds' && Number.isInteger(Number(argv[i + 1])) && Number(argv[i + 1]) >= 1) rounds = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (options: --rounds N, --no-torch, --only network|search|grid)`);
  }
  return { rounds, torch, only };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const plan = resolve(EPOCHS);
  const warmPlan = resolve(5);
  const entry = new URL('../engine/worker.mjs', import.meta.url);
  if (!existsSync(entry)) throw new Error(`no worker bundle at ${fileURLToPath(entry)}: run node scripts/build-node.mjs`);

  console.log(
    `Landscape Lab bench: ${RESTARTS} restarts x ${EPOCHS} epochs x ${SAMPLES} spiral points (noise 0.1), ` +
      `2-${HIDDEN.join('-')}-1 tanh, sigmoid+bce, SGD lr ${LEARNING_RATE}, batch ${BATCH}, shuffled; whole-set loss and gradient norm every epoch`,
  );
  const load = () => loadavg()[0]!.toFixed(2);
  console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, load average ${load()} at start`);

  const python = args.torch ? findTorchPython() : null;
  if (!args.torch) console.log('PyTorch: skipped (--no-torch)');
  else if (python === null) console.log('PyTorch: skipped (neither /usr/bin/python3 nor python3 can import torch)');

  let torch: TorchServer | null = null;
  const tempDir = mkdtempSync(join(tmpdir(), 'landscape-bench-'));
  const pools = { one: new WorkerPool(1, entry), two: new WorkerPool(2, entry) };
  try {
    if (args.only === 'search') {
      await searchBench(pools, args.rounds);
      return;
    }
    if (args.only === 'grid') {
      await gridBench(pools, Math.min(args.rounds, 2), python);
      return;
    }
    if (python !== null) {
      const jobPath = join(tempDir, 'job.json');
      writeFileSync(jobPath, torchJob(plan));
      torch = await TorchServer.start(python, fileURLToPath(TORCH_SCRIPT), jobPath);
      console.log(`PyTorch: ${torch.info.torch} via ${python} (Python ${torch.info.python}), float64, ${torch.info.threads} thread`);
    }
    // Warm-up: spawns the workers and lets V8 optimize the kernels before anything is timed: a short
    // run, then a full one on each pool (printed, not counted). Since the WebAssembly kernels a
    // run takes about 1 s, and a 5-epoch warm-up alone left the first timed 2-worker run 20–40% slow.
    await pools.one.run(warmPlan, TASKS);
    await pools.two.run(warmPlan, TASKS);
    const warm = [(await timeEngine(pools.one, plan)).seconds, (await timeEngine(pools.two, plan)).seconds];
    console.log(`warm-up runs (not counted): ours 1w ${warm[0]!.toFixed(2)} s, ours 2w ${warm[1]!.toFixed(2)} s`);

    const times = { one: [] as number[], two: [] as number[], torch: [] as number[] };
    // What the last runs left: our final and starting losses (checked to repeat exactly), PyTorch's last repetition.
    const seen: { finals: number[] | null; starts: number[]; torch: TorchRepetition | null } = { finals: null, starts: [], torch: null };
    const engineStep = (pool: WorkerPool, label: string) => async () => {
      const { seconds, results } = await timeEngine(pool, plan);
      const finals = finalLosses(results);
      seen.starts = results.map((r) => r.records.loss[0]!);
      if (seen.finals === null) seen.finals = finals;
      const earlier = seen.finals;
      const i = finals.findIndex((v, k) => !Object.is(v, earlier[k]));
      if (i >= 0) throw new Error(`determinism broken: restart ${i} ended at loss ${finals[i]} with ${label}, ${earlier[i]} in an earlier run`);
      return seconds;
    };
    const steps: { name: keyof typeof times; label: string; go: () => Promise<number> }[] = [
      { name: 'one', label: 'ours 1w', go: engineStep(pools.one, '1 worker') },
      { name: 'two', label: 'ours 2w', go: engineStep(pools.two, '2 workers') },
    ];
    if (torch !== null) {
      const server = torch;
      steps.push({
        name: 'torch',
        label: 'PyTorch',
        go: async () => {
          seen.torch = await server.run();
          return seen.torch.seconds;
        },
      });
    }

    console.log(`\n${args.rounds} round${args.rounds === 1 ? '' : 's'}, each running every configuration once (order rotated per round):`);
    for (let round = 0; round < args.rounds; round++) {
      const cells: string[] = [];
      for (let s = 0; s < steps.length; s++) {
        const step = steps[(s + round) % steps.length]!;
        const seconds = await step.go();
        times[step.name].push(seconds);
        cells.push(`${step.label} ${seconds.toFixed(2)} s`);
      }
      console.log(`  round ${round + 1}: ${cells.join(', ')}`);
    }

    // Per-round ratios pair measurements taken moments apart, so a slow phase of the machine cancels.
    const perRound = (a: number[], b: number[]) => a.map((v, i) => v / b[i]!);
    const rows: [string, number[]][] = [['ours, 1 worker', times.one], ['ours, 2 workers', times.two]];
    if (torch !== null) rows.push([`PyTorch ${torch.info.torch}, 1 thread`, times.torch]);
    console.log(`\n${'configuration'.padEnd(26)}${pad('best s', 9)}${pad('median s', 10)}${pad('best M/s', 10)}${pad('median M/s', 12)}`);
    for (const [label, t] of rows) {
      console.log(`${label.padEnd(26)}${pad(best(t).toFixed(2), 9)}${pad(median(t).toFixed(2), 10)}${pad(mega(best(t)).toFixed(3), 10)}${pad(mega(median(t)).toFixed(3), 12)}`);
    }
    console.log(`(M/s = million training-sample gradients per second: ${SAMPLE_GRADIENTS.toLocaleString('en-US')} per run / wall time)`);

    const ratio = (x: number) => `${x.toFixed(2)}x`;
    const ratioRow = (label: string, b: number, m: number, target: number) =>
      console.log(`${label.padEnd(26)}${pad(ratio(b), 9)}${pad(ratio(m), 14)}${pad(`>= ${target}x`, 10)}  ${m >= target ? 'met' : 'not met'}`);
    console.log(`\n${'ratio'.padEnd(26)}${pad('best/best', 9)}${pad('round median', 14)}${pad('target', 10)}  (by round median)`);
    if (torch !== null) {
      ratioRow('ours 1 worker / PyTorch', best(times.torch) / best(times.one), median(perRound(times.torch, times.one)), TARGET_VS_TORCH);
    }
    ratioRow('2 workers / 1 worker', best(times.one) / best(times.two), median(perRound(times.one, times.two)), TARGET_SECOND_WORKER);

    console.log(`\nfinal loss, mean of ${RESTARTS} restarts:`);
    console.log(`  ours     ${mean(seen.finals!).toFixed(6)}  identical bit for bit on 1 and 2 workers, every round`);
    const rep = seen.torch;
    if (rep !== null) {
      const startGap = Math.max(...rep.restarts.map((r, i) => Math.abs(r.initialLoss - seen.starts[i]!)));
      console.log(
        `  PyTorch  ${mean(rep.restarts.map((r) => r.finalLoss)).toFixed(6)}  same data and starting points (starting losses agree to ${startGap.toExponential(1)}), its own shuffles`,
      );
    }
    if (args.only === null) {
      await searchBench(pools, Math.min(args.rounds, 3));
      await gridBench(pools, 1, python);
    }
  } finally {
    torch?.close();
    await Promise.all([pools.one.close(), pools.two.close()]);
    rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
