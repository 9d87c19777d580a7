import * as z from 'zod';
import { BUILTIN_NAMES } from '../functions/builtin';
import { FormulaError, parseFormula } from '../functions/expression';
import { describeValue } from './describe';
import { LIMITS } from './limits';

/** The format tag every experiment file carries; a new major format gets a new tag. */
export { describeValue };

export const EXPERIMENT_FORMAT = 'landscape-lab/experiment@1';

/** A strict object whose unknown-key error lists the keys that are allowed (experiment files, lessons). */
export function obj<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${allowed.join(', ')})`
        : undefined,
  });
}

/**
 * An integer field with messages that say "integer" (zod reports integers as numbers), and, for the
 * lab's hard limits, which limit was hit.
 */
function int(min: number, max?: number, limitOf?: string) {
  let schema = z.int({ error: (issue) => (issue.input === undefined ? undefined : `expected an integer, found ${describeValue(issue.input)}`) });
  schema = schema.min(min, { error: (issue) => `expected an integer >= ${min}, found ${describeValue(issue.input)}` });
  if (max !== undefined) {
    const note = limitOf === undefined ? '' : ` (the limit on ${limitOf})`;
    schema = schema.max(max, { error: (issue) => `expected an integer <= ${max}${note}, found ${describeValue(issue.input)}` });
  }
  return schema;
}

/** At most `max` items, one of the lab's hard limits: the message names the limit, as int() does. */
function limitedArray<T extends z.ZodType>(item: T, max: number, limitOf: string) {
  return z.array(item).max(max, {
    error: (issue) => `expected at most ${max} items (the limit on ${limitOf}), found ${Array.isArray(issue.input) ? `${issue.input.length} items` : describeValue(issue.input)}`,
  });
}

const num = () => z.number();
const positive = () => z.number().positive();
const nonNegative = () => z.number().min(0);
const fraction = () => z.number().min(0).lt(1);

// ---------------------------------------------------------------- initializers (Keras names and defaults)

const named = <N extends string>(name: N) => obj({ name: z.literal(name) });

export const InitializerSchema = z.discriminatedUnion('name', [
  named('zeros'),
  named('ones'),
  obj({ name: z.literal('constant'), value: num().default(0) }),
  obj({ name: z.literal('random_normal'), mean: num().default(0), stddev: nonNegative().default(0.05) }),
  obj({ name: z.literal('random_uniform'), minval: num().default(-0.05), maxval: num().default(0.05) }),
  obj({ name: z.literal('truncated_normal'), mean: num().default(0), stddev: nonNegative().default(0.05) }),
  obj({
    name: z.literal('variance_scaling'),
    scale: positive().default(1),
    mode: z.enum(['fan_in', 'fan_out', 'fan_avg']).default('fan_in'),
    distribution: z.enum(['truncated_normal', 'untruncated_normal', 'uniform']).default('truncated_normal'),
  }),
  obj({ name: z.literal('orthogonal'), gain: num().default(1) }),
  obj({ name: z.literal('identity'), gain: num().default(1) }),
  named('lecun_uniform'),
  named('lecun_normal'),
  named('glorot_uniform'),
  named('glorot_normal'),
  named('he_uniform'),
  named('he_normal'),
]);
export type InitializerSpec = z.output<typeof InitializerSchema>;
export type InitializerName = InitializerSpec['name'];

// ---------------------------------------------------------------- datasets

const samples = (fallback: number) => int(4, LIMITS.samples, 'samples').default(fallback);
const noise = (fallback: number) => nonNegative().default(fallback);

export const DatasetSchema = z.discriminatedUnion('kind', [
  obj({ kind: z.literal('xor'), samples: samples(200), noise: noise(0.1) }),
  obj({ kind: z.literal('circles'), samples: samples(200), noise: noise(0.1), factor: z.number().gt(0).lt(1).default(0.5) }),
  obj({ kind: z.literal('moons'), samples: samples(200), noise: noise(0.1) }),
  obj({ kind: z.literal('spirals'), samples: samples(200), noise: noise(0.1) }),
  obj({
    kind: z.literal('gaussians'),
    samples: samples(200),
    noise: noise(0.3),
    classes: int(2, LIMITS.classes, 'classes').default(3),
  }),
  obj({ kind: z.literal('sine'), samples: samples(200), noise: noise(0.1) }),
  obj({ kind: z.literal('iris') }),
  obj({
    kind: z.literal('csv'),
    path: z.string().min(1),
    target: z.string().min(1).default('y'),
    task: z.enum(['auto', 'classification', 'regression']).default('auto'),
  }),
]);
export type DatasetSpec = z.output<typeof DatasetSchema>;

// ---------------------------------------------------------------- model

export const ACTIVATIONS = ['tanh', 'relu', 'leaky_relu', 'sigmoid', 'elu', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export type OutputKind = 'sigmoid' | 'softmax' | 'linear';
export type LossKind = 'bce' | 'cce' | 'mse';

/** The output activation each loss is paired with. */
export const LOSS_OF_OUTPUT: Record<OutputKind, LossKind> = { sigmoid: 'bce', softmax: 'cce', linear: 'mse' };

export const ModelSchema = obj({
  hidden: limitedArray(int(1, LIMITS.layerWidth, 'units in a layer'), LIMITS.hiddenLayers, 'hidden layers').default([8]),
  activation: z.enum(ACTIVATIONS).default('tanh'),
  output: z.enum(['sigmoid', 'softmax', 'linear']).optional(),
  loss: z.enum(['bce', 'cce', 'mse']).optional(),
}).superRefine((model, ctx) => {
  if (model.output !== undefined && model.loss !== undefined && LOSS_OF_OUTPUT[model.output] !== model.loss) {
    ctx.addIssue({
      code: 'custom',
      path: ['loss'],
      input: model.loss,
      message: `expected "${LOSS_OF_OUTPUT[model.output]}" with output "${model.output}" (pairs: sigmoid+bce, softmax+cce, linear+mse), found "${model.loss}"`,
    });
  }
});

// ---------------------------------------------------------------- initialization

function checkVector(value: unknown, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (!Array.isArray(value) || value.length === 0) {
    ctx.addIssue({ code: 'custom', path, input: value, message: `expected a non-empty array of numbers, found ${describeValue(value)}` });
    return;
  }
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number' || !Number.isFinite(value[i])) {
      ctx.addIssue({ code: 'custom', path: [...path, i], input: value[i], message: `expected a finite number, found ${describeValue(value[i])}` });
      return;
    }
  }
}

export const InitSchema = obj({
  weights: InitializerSchema.optional(),
  bias: InitializerSchema.optional(),
  explicit: z.unknown().optional(),
})
  .superRefine((init, ctx) => {
    if (init.explicit === undefined) return;
    if (init.weights !== undefined || init.bias !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['explicit'],
        input: init.explicit,
        message: 'expected either "explicit" or "weights"/"bias", found both',
      });
      return;
    }
    const e = init.explicit;
    if (Array.isArray(e) && e.length > 0 && Array.isArray(e[0])) {
      e.forEach((v, i) => checkVector(v, ['explicit', i], ctx));
    } else {
      checkVector(e, ['explicit'], ctx);
    }
  })
  .transform((init): InitSpec =>
    init.explicit !== undefined
      ? { explicit: init.explicit as number[] | number[][] }
      : { weights: init.weights ?? { name: 'glorot_uniform' }, bias: init.bias ?? { name: 'zeros' } },
  );

/** How a restart's parameters start: per-layer initializers, or explicit vectors (one for all restarts, or one each). */
export type InitSpec = { weights: InitializerSpec; bias: InitializerSpec } | { explicit: number[] | number[][] };

// ---------------------------------------------------------------- optimizers (torch.optim names for the rules, defaults from PyTorch)

const training = {
  batchSize: int(1, LIMITS.samples, 'samples').default(32),
  epochs: int(0, LIMITS.epochs, 'epochs').default(100),
  shuffle: z.boolean().default(true),
};

export const OptimizerSchema = z.discriminatedUnion('name', [
  obj({
    name: z.literal('sgd'),
    learningRate: positive().default(0.001),
    momentum: nonNegative().default(0),
    nesterov: z.boolean().default(false),
    ...training,
  }).superRefine((o, ctx) => {
    if (o.nesterov && o.momentum === 0) {
      ctx.addIssue({ code: 'custom', path: ['nesterov'], input: true, message: 'expected momentum > 0 for nesterov (PyTorch refuses it too), found momentum 0' });
    }
  }),
  obj({
    name: z.literal('adam'),
    learningRate: positive().default(0.001),
    beta1: fraction().default(0.9),
    beta2: fraction().default(0.999),
    epsilon: nonNegative().default(1e-8),
    ...training,
  }),
  obj({
    name: z.literal('rmsprop'),
    learningRate: positive().default(0.01),
    rho: fraction().default(0.99),
    epsilon: nonNegative().default(1e-8),
    ...training,
  }),
  obj({
    name: z.literal('adagrad'),
    learningRate: positive().default(0.01),
    epsilon: nonNegative().default(1e-10),
    ...training,
  }),
]);
export type OptimizerSpec = z.output<typeof OptimizerSchema>;

// ---------------------------------------------------------------- problems

export const NetworkProblemSchema = obj({
  type: z.literal('network'),
  dataset: DatasetSchema,
  model: ModelSchema.default({ hidden: [8], activation: 'tanh' }),
  init: InitSchema.default({ weights: { name: 'glorot_uniform' }, bias: { name: 'zeros' } }),
  optimizer: OptimizerSchema.default({
    name: 'sgd',
    learningRate: 0.001,
    momentum: 0,
    nesterov: false,
    batchSize: 32,
    epochs: 100,
    shuffle: true,
  }),
});
export type NetworkProblemSpec = z.output<typeof NetworkProblemSchema>;

// ---------------------------------------------------------------- function problems

/** Characters of a custom function's formula. */
export const MAX_FORMULA_CHARS = 2000;

export const FUNCTION_NAMES = [...BUILTIN_NAMES, 'custom'] as unknown as [string, ...string[]];

export const FunctionSchema = obj({
  name: z.enum(FUNCTION_NAMES),
  dimensions: int(1, LIMITS.dimensions, 'dimensions').optional(),
  formula: z.string().max(MAX_FORMULA_CHARS).optional(),
  domain: limitedArray(z.array(num()), LIMITS.dimensions, 'dimensions').min(1).optional(),
}).superRefine((f, ctx) => {
  f.domain?.forEach((range, i) => {
    if (range.length !== 2 || !(range[0]! < range[1]!)) {
      ctx.addIssue({ code: 'custom', path: ['domain', i], input: range, message: `expected [low, high] with low < high, found ${JSON.stringify(range)}` });
    }
  });
  if (f.name === 'custom') {
    if (f.formula === undefined) ctx.addIssue({ code: 'custom', path: ['formula'], input: undefined, message: 'missing (a custom function needs a formula in x and y)' });
    // An over-long formula is already refused for its length; parsing it would only echo it back.
    else if (f.formula.length <= MAX_FORMULA_CHARS) {
      try {
        parseFormula(f.formula);
      } catch (e) {
        if (!(e instanceof FormulaError)) throw e;
        ctx.addIssue({ code: 'custom', path: ['formula'], input: f.formula, message: e.message });
      }
    }
  } else if (f.formula !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['formula'], input: f.formula, message: `expected no formula for the built-in "${f.name}" (formulas are for "custom")` });
  }
});
export type FunctionSchemaSpec = z.output<typeof FunctionSchema>;

export const StartSchema = z.discriminatedUnion('kind', [
  obj({ kind: z.literal('uniform') }),
  obj({ kind: z.literal('normal'), mean: z.array(num()).min(1), stddev: positive().default(1) }),
  obj({ kind: z.literal('fixed'), point: z.array(num()).min(1) }),
]);

const steps = (fallback: number) => int(0, LIMITS.steps, 'steps').default(fallback);
const stepSize = () => positive().optional();
const gradientNoise = () => nonNegative().default(0);
const proposal = () => z.enum(['gaussian', 'uniform']).default('gaussian');

export const SearchSchema = z.discriminatedUnion('name', [
  obj({ name: z.literal('random_search'), steps: steps(1000) }),
  obj({ name: z.literal('hill_climbing'), steps: steps(1000), stepSize: stepSize(), distribution: proposal() }),
  obj({
    name: z.literal('simulated_annealing'),
    steps: steps(1000),
    stepSize: stepSize(),
    distribution: proposal(),
    temperature: positive().default(1),
    cooling: z.number().gt(0).max(1).default(0.995),
  }),
  obj({
    name: z.literal('genetic_algorithm'),
    steps: steps(100),
    population: int(2, LIMITS.population, 'population').default(40),
    tournament: int(1, LIMITS.population, 'population').default(3),
    crossoverRate: z.number().min(0).max(1).default(0.9),
    blendAlpha: nonNegative().default(0.5),
    mutationRate: z.number().min(0).max(1).optional(),
    stepSize: stepSize(),
    elitism: int(0, LIMITS.population, 'population').default(1),
  }),
  obj({ name: z.literal('gradient_descent'), steps: steps(1000), learningRate: positive().default(0.01), gradientNoise: gradientNoise() }),
  obj({
    name: z.literal('momentum'),
    steps: steps(1000),
    learningRate: positive().default(0.01),
    momentum: fraction().default(0.9),
    gradientNoise: gradientNoise(),
  }),
  obj({
    name: z.literal('adam'),
    steps: steps(1000),
    learningRate: positive().default(0.01),
    beta1: fraction().default(0.9),
    beta2: fraction().default(0.999),
    epsilon: nonNegative().default(1e-8),
    gradientNoise: gradientNoise(),
  }),
]);
export type SearchSchemaSpec = z.output<typeof SearchSchema>;

export const SuccessSchema = obj({
  valueTolerance: nonNegative().default(1e-3),
  distanceTolerance: nonNegative().default(0.05),
});

export const FunctionProblemSchema = obj({
  type: z.literal('function'),
  function: FunctionSchema,
  start: StartSchema.default({ kind: 'uniform' }),
  search: SearchSchema.default({ name: 'hill_climbing', steps: 1000, distribution: 'gaussian' }),
  success: SuccessSchema.default({ valueTolerance: 1e-3, distanceTolerance: 0.05 }),
  basinMap: obj({ resolution: int(3, LIMITS.basinResolution, 'basin map resolution').default(65) }).optional(),
});
export type FunctionProblemSpec = z.output<typeof FunctionProblemSchema>;

export const ProblemSchema = z.discriminatedUnion('type', [NetworkProblemSchema, FunctionProblemSchema]);
export type ProblemSpec = z.output<typeof ProblemSchema>;

// ---------------------------------------------------------------- the experiment

const seedString = () => z.string().min(1).max(256);

export const SeedsSchema = obj({
  init: seedString().optional(),
  order: seedString().optional(),
  data: seedString().optional(),
  search: seedString().optional(),
});

/**
 * Records one restart keeps when `record.maxPoints` is not given. Left out of the resolved experiment
 * when absent, so that files resolved before the key existed re-resolve to themselves.
 */
export const DEFAULT_MAX_POINTS = 10_000;

export const RecordSchema = obj({
  every: z
    .union([int(1), z.literal('epoch')], { error: (issue) => `expected an integer >= 1 or "epoch", found ${describeValue(issue.input)}` })
    .default(1),
  params: z.enum(['none', 'ends', 'all']).default('ends'),
  maxPoints: int(2, LIMITS.recordsPerRestart, 'records per restart').optional(),
});
export type RecordSpec = z.output<typeof RecordSchema>;

// ---------------------------------------------------------------- landscape planes

const restartIndex = () => int(0, LIMITS.restarts - 1, 'restarts');
const indices = (n: number, what: string) =>
  z.array(int(0)).superRefine((a, ctx) => {
    if (a.length !== n) ctx.addIssue({ code: 'custom', input: a, message: `expected ${n} ${what}, found ${a.length}` });
  });
const resolution = () => int(2, LIMITS.gridResolution, 'grid resolution').default(65);
const autoExtent = () => z.union([positive(), z.literal('auto')], { error: (issue) => `expected a number > 0 or "auto", found ${describeValue(issue.input)}` }).default('auto');

export const LandscapeSchema = z.discriminatedUnion('plane', [
  obj({
    plane: z.literal('weights'),
    params: indices(2, 'parameter indices'),
    center: z.enum(['initial', 'final']).default('final'),
    restart: restartIndex().default(0),
    variant: z.string().optional(),
    resolution: resolution(),
    extent: autoExtent(),
  }),
  obj({
    plane: z.literal('random'),
    restart: restartIndex().default(0),
    directionSeed: z.string().min(1).max(256).default('directions'),
    variant: z.string().optional(),
    resolution: resolution(),
    extent: positive().default(1),
  }),
  obj({ plane: z.literal('pca'), center: z.literal('mean').default('mean'), variant: z.string().optional(), resolution: resolution(), extent: autoExtent() }),
  obj({
    plane: z.literal('endpoints'),
    restarts: indices(3, 'restart indices').default([0, 1, 2]),
    variant: z.string().optional(),
    resolution: resolution(),
    extent: positive().default(1.25),
  }),
  obj({
    plane: z.literal('interpolate'),
    restarts: indices(2, 'restart indices').default([0, 1]),
    variant: z.string().optional(),
    resolution: resolution(),
    extent: positive().default(0.75),
  }),
]);
export type LandscapeSpec = z.output<typeof LandscapeSchema>;

export const AnalysisSchema = obj({
  symmetryTolerance: nonNegative().default(1e-6),
  stall: obj({
    window: int(1, LIMITS.steps, 'steps').default(10),
    tolerance: nonNegative().default(1e-3),
    margin: nonNegative().default(0.01),
  }).default({ window: 10, tolerance: 1e-3, margin: 0.01 }),
  basinTolerance: nonNegative().default(0.05),
});
export type AnalysisSpec = z.output<typeof AnalysisSchema>;

export const VariantSchema = obj({
  label: z.string().min(1).max(100),
  problem: z.record(z.string(), z.unknown()).optional(),
});

export const ExperimentSchema = obj({
  format: z.literal(EXPERIMENT_FORMAT),
  name: z.string().max(200).default(''),
  seed: seedString().default('landscape-lab'),
  seeds: SeedsSchema.optional(),
  restarts: int(1, LIMITS.restarts, 'restarts').default(8),
  problem: ProblemSchema,
  record: RecordSchema.default({ every: 1, params: 'ends' }),
  analysis: AnalysisSchema.default({ symmetryTolerance: 1e-6, stall: { window: 10, tolerance: 1e-3, margin: 0.01 }, basinTolerance: 0.05 }),
  landscape: LandscapeSchema.optional(),
  variants: limitedArray(VariantSchema, LIMITS.variants, 'variants').min(1).optional(),
}).superRefine((e, ctx) => {
  const seen = new Map<string, number>();
  e.variants?.forEach((v, i) => {
    const first = seen.get(v.label);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['variants', i, 'label'], input: v.label, message: `expected a unique label, found "${v.label}" again (first at variants[${first}])` });
    } else seen.set(v.label, i);
  });
});
export type ExperimentSpec = z.output<typeof ExperimentSchema>;
