// Writes what PyTorch needs to retrain each reference case independently: the resolved experiment,
// the dataset, restart 0's initial parameters and (when shuffling) its per-epoch permutations, all
// produced by our own core. Run from the repository root (see scripts/reference/README.md); the test
// test/reference/torch.test.ts imports the helpers below to check the committed inputs still hold.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { networkVariant, resolveExperiment, type RunPlan } from '../../core/experiment/resolve';
import { EXPERIMENT_FORMAT } from '../../core/experiment/schema';
import { initialParams, shuffleOrder } from '../../core/experiment/train';
import { createMlp } from '../../core/nn/mlp';
import { restartStream } from '../../core/rng/seeds';

/** The format tag of an inputs file. */
export const INPUTS_FORMAT = 'landscape-lab/torch-reference-inputs@1';

/** The one restart each case trains. */
export const RESTART = 0;

/** Where the fixtures live, relative to the repository root. */
export const FIXTURES = 'test/fixtures/torch';

/** One reference case: a name, what it covers, and an experiment file's contents. */
export interface ReferenceCase {
  name: string;
  covers: string;
  problem: Record<string, unknown>;
  every?: number | 'epoch';
}

/** What an inputs file holds (numbers exactly as our core produced them). */
export interface ReferenceInputs {
  format: typeof INPUTS_FORMAT;
  case: string;
  covers: string;
  restart: number;
  /** The resolved experiment: re-resolving it gives it back. */
  experiment: RunPlan['experiment'];
  /** Layer widths [inputs, hidden..., outputs]. */
  sizes: number[];
  dataset: { samples: number; features: number; targets: number; classes: number | null; x: number[][]; y: number[] };
  /** Restart `restart`'s initial parameter vector in our layout. */
  initial: number[];
  /** Row order of each epoch (epochs × samples), or null without shuffling. */
  permutations: number[][] | null;
}

const net = (hidden: number[], activation: string, output?: string) => ({ hidden, activation, ...(output ? { output } : {}) });
const opt = (o: Record<string, unknown>) => o;

/** The cases: every optimizer, hidden activation and head; shuffled and not; partial last batches; one and two hidden layers. */
export const CASES: ReferenceCase[] = [
  {
    name: 'sgd-xor-tanh',
    covers: 'plain SGD, tanh, sigmoid+bce, data order, partial last batch (60 = 3×16 + 12)',
    problem: {
      dataset: { kind: 'xor', samples: 60, noise: 0.1 },
      model: net([6], 'tanh'),
      init: { weights: { name: 'glorot_uniform' }, bias: { name: 'random_normal', stddev: 0.1 } },
      optimizer: opt({ name: 'sgd', learningRate: 1, batchSize: 16, epochs: 10, shuffle: false }),
    },
  },
  {
    name: 'sgd-momentum-moons-relu',
    covers: 'SGD momentum 0.9, relu, sigmoid+bce, shuffled, whole batches (50 = 5×10)',
    problem: {
      dataset: { kind: 'moons', samples: 50, noise: 0.1 },
      model: net([8], 'relu'),
      init: { weights: { name: 'he_uniform' }, bias: { name: 'random_uniform', minval: -0.1, maxval: 0.1 } },
      optimizer: opt({ name: 'sgd', learningRate: 0.05, momentum: 0.9, batchSize: 10, epochs: 8, shuffle: true }),
    },
  },
  {
    name: 'sgd-nesterov-circles-leaky-relu-2x',
    covers: 'SGD Nesterov momentum 0.9, two leaky_relu layers, sigmoid+bce, shuffled, partial last batch (64 = 3×20 + 4)',
    problem: {
      dataset: { kind: 'circles', samples: 64, noise: 0.05, factor: 0.5 },
      model: net([8, 6], 'leaky_relu'),
      init: { weights: { name: 'he_normal' }, bias: { name: 'random_normal', stddev: 0.1 } },
      optimizer: opt({ name: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, batchSize: 20, epochs: 10, shuffle: true }),
    },
  },
  {
    name: 'adam-iris-elu',
    covers: 'Adam, elu, softmax+cce on iris (3 classes, 4 features), shuffled, partial last batch (150 = 4×32 + 22)',
    problem: {
      dataset: { kind: 'iris' },
      model: net([8], 'elu'),
      init: { weights: { name: 'glorot_uniform' }, bias: { name: 'random_normal', stddev: 0.1 } },
      optimizer: opt({ name: 'adam', learningRate: 0.01, batchSize: 32, epochs: 8, shuffle: true }),
    },
  },
  {
    name: 'rmsprop-sine-sigmoid',
    covers: 'RMSprop (rho 0.9), sigmoid hidden, linear+mse regression, data order, partial last batch (60 = 3×16 + 12)',
    problem: {
      dataset: { kind: 'sine', samples: 60, noise: 0.1 },
      model: net([10], 'sigmoid'),
      init: { weights: { name: 'glorot_normal' }, bias: { name: 'random_normal', stddev: 0.1 } },
      optimizer: opt({ name: 'rmsprop', learningRate: 0.01, rho: 0.9, batchSize: 16, epochs: 12, shuffle: false }),
    },
  },
  {
    name: 'adagrad-gaussians-linear',
    covers: 'Adagrad, linear hidden, softmax+cce with 4 gaussian classes, shuffled, partial last batch (80 = 3×25 + 5)',
    problem: {
      dataset: { kind: 'gaussians', samples: 80, noise: 0.3, classes: 4 },
      model: net([6], 'linear'),
      init: { weights: { name: 'glorot_uniform' }, bias: { name: 'random_normal', stddev: 0.1 } },
      optimizer: opt({ name: 'adagrad', learningRate: 0.1, batchSize: 25, epochs: 10, shuffle: true }),
    },
  },
  {
    name: 'adam-moons-tanh-2x-epochs',
    covers: 'Adam (beta2 0.99), two tanh layers, sigmoid+bce, shuffled, partial last batch (100 = 6×16 + 4), records every epoch',
    problem: {
      dataset: { kind: 'moons', samples: 100, noise: 0.15 },
      model: net([12, 12], 'tanh'),
      init: { weights: { name: 'glorot_uniform' }, bias: { name: 'zeros' } },
      optimizer: opt({ name: 'adam', learningRate: 0.02, beta2: 0.99, batchSize: 16, epochs: 30, shuffle: true }),
    },
    every: 'epoch',
  },
  {
    name: 'sgd-momentum-sine-tanh-2x-every3',
    covers: 'SGD momentum 0.9, two tanh layers, linear+mse, full batch, 100 steps recorded every 3rd and after the last',
    problem: {
      dataset: { kind: 'sine', samples: 40, noise: 0.05 },
      model: net([8, 8], 'tanh'),
      init: { weights: { name: 'glorot_uniform' }, bias: { name: 'random_normal', stddev: 0.1 } },
      optimizer: opt({ name: 'sgd', learningRate: 0.05, momentum: 0.9, batchSize: 40, epochs: 100, shuffle: false }),
    },
    every: 3,
  },
  {
    name: 'sgd-xor-softmax-elu-2x',
    covers: 'plain SGD, two elu layers, softmax+cce with 2 classes, shuffled, partial last batch (48 = 6×7 + 6)',
    problem: {
      dataset: { kind: 'xor', samples: 48, noise: 0.1 },
      model: net([5, 5], 'elu', 'softmax'),
      init: { weights: { name: 'glorot_uniform' }, bias: { name: 'random_normal', stddev: 0.1 } },
      optimizer: opt({ name: 'sgd', learningRate: 0.3, batchSize: 7, epochs: 6, shuffle: true }),
    },
  },
];

/** The experiment file of a case: one restart, parameters kept at both ends. */
export function caseExperiment(c: ReferenceCase): unknown {
  return {
    format: EXPERIMENT_FORMAT,
    name: `torch reference: ${c.name}`,
    seed: `torch-reference/${c.name}`,
    restarts: 1,
    problem: { type: 'network', ...c.problem },
    record: { every: c.every ?? 1, params: 'ends' },
  };
}

/** Resolves an experiment that names no files (every reference case generates its data). */
export function resolveCase(experiment: unknown): RunPlan {
  return resolveExperiment(experiment, (path) => {
    throw new Error(`reference cases read no files (asked for ${path})`);
  });
}

/** The row order of each epoch of restart `index`: one shuffleOrder per epoch on the restart's order stream, as trainRestart draws them; null without shuffling. */
export function epochPermutations(run: RunPlan, index: number): number[][] | null {
  const plan = networkVariant(run);
  const o = plan.problem.optimizer;
  if (!o.shuffle) return null;
  const stream = restartStream(run.experiment.seed, run.experiment.seeds, index, 'order');
  const order = new Int32Array(plan.dataset.samples);
  const out: number[][] = [];
  for (let e = 0; e < o.epochs; e++) {
    shuffleOrder(order, stream);
    out.push(Array.from(order));
  }
  return out;
}

/** Restart `index`'s initial parameters, drawn as trainRestart draws them. */
export function initialVector(run: RunPlan, index: number): Float64Array {
  const plan = networkVariant(run);
  const m = createMlp(plan.sizes, plan.problem.model.activation, plan.problem.model.output);
  return initialParams(plan, m, index, restartStream(run.experiment.seed, run.experiment.seeds, index, 'init'));
}

/** The dataset's rows (samples × features) and flat targets. */
export function datasetRows(run: RunPlan): { x: number[][]; y: number[] } {
  const d = networkVariant(run).dataset;
  const x: number[][] = [];
  for (let r = 0; r < d.samples; r++) x.push(Array.from(d.x.subarray(r * d.features, (r + 1) * d.features)));
  return { x, y: Array.from(d.y) };
}

/** Everything PyTorch needs for case `c`. */
export function caseInputs(c: ReferenceCase): ReferenceInputs {
  const run = resolveCase(caseExperiment(c));
  if (run.variants.length !== 1) throw new Error(`${c.name}: expected one variant, found ${run.variants.length}`);
  const plan = networkVariant(run);
  const d = plan.dataset;
  return {
    format: INPUTS_FORMAT,
    case: c.name,
    covers: c.covers,
    restart: RESTART,
    experiment: run.experiment,
    sizes: plan.sizes,
    dataset: { samples: d.samples, features: d.features, targets: d.targets, classes: d.classes, ...datasetRows(run) },
    initial: Array.from(initialVector(run, RESTART)),
    permutations: epochPermutations(run, RESTART),
  };
}

/** JSON with every array of numbers on one line, so the fixtures stay small and diff by row. */
export function compactJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'number')) return JSON.stringify(value);
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = indent + '  ';
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function main(): void {
  const dir = join(process.cwd(), FIXTURES, 'inputs');
  mkdirSync(dir, { recursive: true });
  for (const c of CASES) {
    const inputs = caseInputs(c);
    writeFileSync(join(dir, `${c.name}.json`), compactJson(inputs) + '\n');
    console.log(`${c.name}: ${inputs.dataset.samples} samples, ${inputs.sizes.join('-')} network, ${inputs.initial.length} parameters`);
  }
}

// Run only as the bundled script itself (esbuild gives every bundled module the bundle's import.meta.url).
const entry = process.argv[1];
if (entry !== undefined && /(^|[\\/])make-inputs\.m?[jt]s$/.test(entry) && import.meta.url === pathToFileURL(entry).href) main();
