// The experiment panel's fields: one per setting of the experiment file (docs/experiment-format.md),
// each with the path it edits, its label, kind, schema default and bounds, when it applies, and a line of
// help; and the mapping from the resolver's problems (which name field paths) to the fields that show them.
import type { Problem } from '../../core/experiment/errors';
import { LIMITS } from '../../core/experiment/limits';
import { ACTIVATIONS, FUNCTION_NAMES } from '../../core/experiment/schema';
import { BUILTINS } from '../../core/functions/builtin';
import { getAt, type Obj } from './edit';

/** The panel's sections (fieldsets), in order. */
export const SECTIONS = ['Problem', 'Data', 'Network', 'Initializer', 'Optimizer', 'Training', 'Function', 'Search', 'Restarts and seeds', 'Landscape', 'Records'] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * How a field is edited: typed numbers (`word` also accepts one word, e.g. "epoch"), comma-separated
 * lists, free text, a choice, a check box, or the CSV file chooser.
 */
export type FieldKind = 'number' | 'integer' | 'numbers' | 'integers' | 'text' | 'select' | 'checkbox' | 'file';

/** Bounds as the schema states them (open ends marked exclusive); shown as help, checked by the resolver. */
export interface Bounds {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** One field of the panel. */
export interface FieldSpec {
  /** Dotted path in the experiment object. */
  readonly path: string;
  readonly section: Section;
  /** The control's accessible name (unique among the fields shown together). */
  readonly label: string;
  readonly kind: FieldKind;
  /** Choices of a select: the stored value ('' removes the key) and its label. */
  readonly options?: readonly { value: string; label: string }[];
  /** A word a number field also accepts ("epoch", "auto"). */
  readonly word?: string;
  readonly bounds?: Bounds;
  /** The schema's default, used when the key is missing (it may depend on the kind chosen). */
  readonly default?: unknown | ((e: Obj) => unknown);
  /** What a missing key means when no single default says it (e.g. "5% of the mean domain width"). */
  readonly placeholder?: string;
  readonly help: string;
  /** Further problem paths shown here, matched exactly (a union's own path, or a paired key). */
  readonly also?: readonly string[];
  /** Whether the field applies to the experiment as it stands. */
  readonly when?: (e: Obj) => boolean;
}

// ---------------------------------------------------------------- predicates

const kindOf = (e: Obj, path: string, fallback: unknown) => getAt(e, path) ?? fallback;
const isNetwork = (e: Obj) => getAt(e, 'problem.type') === 'network';
const isFunction = (e: Obj) => getAt(e, 'problem.type') === 'function';
const datasetIs = (...kinds: string[]) => (e: Obj) => isNetwork(e) && kinds.includes(String(getAt(e, 'problem.dataset.kind')));
const optimizerIs = (...names: string[]) => (e: Obj) => isNetwork(e) && names.includes(String(kindOf(e, 'problem.optimizer.name', 'sgd')));
const searchIs = (...names: string[]) => (e: Obj) => isFunction(e) && names.includes(String(kindOf(e, 'problem.search.name', 'hill_climbing')));
const startIs = (kind: string) => (e: Obj) => isFunction(e) && kindOf(e, 'problem.start.kind', 'uniform') === kind;
const planeIs = (...planes: string[]) => (e: Obj) => isNetwork(e) && planes.includes(String(getAt(e, 'landscape.plane')));
const usesInitializers = (e: Obj) => isNetwork(e) && getAt(e, 'problem.init.explicit') === undefined;
const byName = <T>(path: string, fallback: string, table: Record<string, T>) => (e: Obj) => table[String(kindOf(e, path, fallback))];

const choices = (values: readonly string[]) => values.map((value) => ({ value, label: value }));
const GENERATED = ['xor', 'circles', 'moons', 'spirals', 'gaussians', 'sine'];
const GRADIENT = ['gradient_descent', 'momentum', 'adam'];
const INITIALIZERS = ['zeros', 'ones', 'constant', 'random_normal', 'random_uniform', 'truncated_normal', 'variance_scaling', 'orthogonal', 'identity', 'lecun_uniform', 'lecun_normal', 'glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal'];

const nonNegative: Bounds = { min: 0 };
const positive: Bounds = { min: 0, minExclusive: true };
const fraction: Bounds = { min: 0, max: 1, maxExclusive: true };
const unit: Bounds = { min: 0, max: 1 };

// ---------------------------------------------------------------- initializers, for weights and biases alike

function initializerFields(which: 'weights' | 'bias'): FieldSpec[] {
  const base = `problem.init.${which}`;
  const Who = which === 'weights' ? 'Weights' : 'Bias';
  const is = (...names: string[]) => (e: Obj) => usesInitializers(e) && names.includes(String(kindOf(e, `${base}.name`, which === 'weights' ? 'glorot_uniform' : 'zeros')));
  const param = (key: string, label: string, def: unknown, help: string, names: string[], extra: Partial<FieldSpec> = {}): FieldSpec => ({
    path: `${base}.${key}`,
    section: 'Initializer',
    label: `${Who} ${label}`,
    kind: 'number',
    default: def,
    help,
    when: is(...names),
    ...extra,
  });
  return [
    {
      path: `${base}.name`,
      section: 'Initializer',
      label: which === 'weights' ? 'Weights' : 'Biases',
      kind: 'select',
      options: choices(INITIALIZERS),
      default: which === 'weights' ? 'glorot_uniform' : 'zeros',
      help: which === 'weights' ? "How each layer's kernel starts (Keras's names; glorot_uniform is Keras's default)." : "How each layer's bias starts (zeros is Keras's default; orthogonal and identity need a 2-D kernel).",
      also: [base],
      when: usesInitializers,
    },
    param('value', 'value', 0, 'The value every parameter starts at.', ['constant']),
    param('mean', 'mean', 0, 'Mean of the normal draws.', ['random_normal', 'truncated_normal']),
    param('stddev', 'stddev', 0.05, 'Standard deviation of the normal draws (truncated at 2 stddev for truncated_normal).', ['random_normal', 'truncated_normal'], { bounds: nonNegative }),
    param('minval', 'min', -0.05, 'Lower end of the uniform draws.', ['random_uniform']),
    param('maxval', 'max', 0.05, 'Upper end of the uniform draws.', ['random_uniform']),
    param('scale', 'scale', 1, 'Variance scale s: draws have variance s / fan.', ['variance_scaling'], { bounds: positive }),
    param('mode', 'mode', 'fan_in', 'Which fan divides the scale.', ['variance_scaling'], { kind: 'select', options: choices(['fan_in', 'fan_out', 'fan_avg']) }),
    param('distribution', 'distribution', 'truncated_normal', 'The distribution the draws come from.', ['variance_scaling'], { kind: 'select', options: choices(['truncated_normal', 'untruncated_normal', 'uniform']) }),
    param('gain', 'gain', 1, 'Multiplies the orthogonal or identity matrix.', ['orthogonal', 'identity']),
  ];
}

// ---------------------------------------------------------------- the fields

/** Every field of the panel, in display order within each section. */
export const FIELDS: readonly FieldSpec[] = [
  // Problem
  { path: 'name', section: 'Problem', label: 'Name', kind: 'text', default: '', help: 'A title for people (at most 200 characters).' },
  {
    path: 'problem.type',
    section: 'Problem',
    label: 'Problem type',
    kind: 'select',
    options: [
      { value: 'network', label: 'Train a network' },
      { value: 'function', label: 'Search a test function' },
    ],
    help: 'Train a small network on data, or search a known test function whose whole landscape is exact.',
    also: ['problem'],
  },

  // Data
  { path: 'problem.dataset.kind', section: 'Data', label: 'Dataset', kind: 'select', options: choices([...GENERATED, 'iris', 'csv']), help: 'Generated 2-D sets, the sine regression, Fisher’s iris, or a CSV file.', also: ['problem.dataset'], when: isNetwork },
  { path: 'problem.dataset.samples', section: 'Data', label: 'Samples', kind: 'integer', bounds: { min: 4, max: LIMITS.samples }, default: 200, help: 'How many points are generated.', when: datasetIs(...GENERATED) },
  { path: 'problem.dataset.noise', section: 'Data', label: 'Noise', kind: 'number', bounds: nonNegative, default: (e: Obj) => (getAt(e, 'problem.dataset.kind') === 'gaussians' ? 0.3 : 0.1), help: 'Standard deviation of the Gaussian noise added to each coordinate (the blobs’ spread for gaussians).', when: datasetIs(...GENERATED) },
  { path: 'problem.dataset.factor', section: 'Data', label: 'Inner radius', kind: 'number', bounds: { min: 0, max: 1, minExclusive: true, maxExclusive: true }, default: 0.5, help: 'Radius of the inner circle (the outer one has radius 1).', when: datasetIs('circles') },
  { path: 'problem.dataset.classes', section: 'Data', label: 'Classes', kind: 'integer', bounds: { min: 2, max: LIMITS.classes }, default: 3, help: 'How many blobs, centred evenly on the unit circle.', when: datasetIs('gaussians') },
  { path: 'problem.dataset.path', section: 'Data', label: 'CSV file', kind: 'file', help: 'A CSV file with a header row; every cell a number.', when: datasetIs('csv') },
  { path: 'problem.dataset.target', section: 'Data', label: 'Target column', kind: 'text', default: 'y', help: 'The column holding the label; every other column is a feature.', when: datasetIs('csv') },
  { path: 'problem.dataset.task', section: 'Data', label: 'Task', kind: 'select', options: choices(['auto', 'classification', 'regression']), default: 'auto', help: 'auto: classification when every target is an integer from 0 to 99.', when: datasetIs('csv') },

  // Network
  { path: 'problem.model.hidden', section: 'Network', label: 'Hidden units', kind: 'integers', bounds: { min: 1, max: LIMITS.layerWidth }, default: [8], help: `Units in each hidden layer: "8" is one layer of 8, "16, 16" two layers of 16 (at most ${LIMITS.hiddenLayers} layers; empty for a linear model).`, when: isNetwork },
  { path: 'problem.model.activation', section: 'Network', label: 'Activation', kind: 'select', options: choices(ACTIVATIONS), default: 'tanh', help: 'The hidden layers’ activation.', when: isNetwork },
  {
    path: 'problem.model.output',
    section: 'Network',
    label: 'Output',
    kind: 'select',
    options: [
      { value: '', label: 'from the data' },
      { value: 'sigmoid', label: 'sigmoid + bce' },
      { value: 'softmax', label: 'softmax + cce' },
      { value: 'linear', label: 'linear + mse' },
    ],
    help: 'Output activation and its loss; from the data: two classes sigmoid, more softmax, regression linear.',
    also: ['problem.model.loss'],
    when: isNetwork,
  },

  // Initializer
  ...initializerFields('weights'),
  ...initializerFields('bias'),

  // Optimizer
  { path: 'problem.optimizer.name', section: 'Optimizer', label: 'Optimizer', kind: 'select', options: choices(['sgd', 'adam', 'rmsprop', 'adagrad']), default: 'sgd', help: 'The update rule (torch.optim’s, with PyTorch’s defaults).', also: ['problem.optimizer'], when: isNetwork },
  { path: 'problem.optimizer.learningRate', section: 'Optimizer', label: 'Learning rate', kind: 'number', bounds: positive, default: byName('problem.optimizer.name', 'sgd', { sgd: 0.001, adam: 0.001, rmsprop: 0.01, adagrad: 0.01 }), help: 'Step size of each update.', when: isNetwork },
  { path: 'problem.optimizer.momentum', section: 'Optimizer', label: 'Momentum', kind: 'number', bounds: nonNegative, default: 0, help: 'Fraction of the previous step carried into the next.', when: optimizerIs('sgd') },
  { path: 'problem.optimizer.nesterov', section: 'Optimizer', label: 'Nesterov', kind: 'checkbox', default: false, help: 'Nesterov momentum (needs momentum > 0).', when: optimizerIs('sgd') },
  { path: 'problem.optimizer.beta1', section: 'Optimizer', label: 'Beta 1', kind: 'number', bounds: fraction, default: 0.9, help: 'Decay of the running mean of gradients.', when: optimizerIs('adam') },
  { path: 'problem.optimizer.beta2', section: 'Optimizer', label: 'Beta 2', kind: 'number', bounds: fraction, default: 0.999, help: 'Decay of the running mean of squared gradients.', when: optimizerIs('adam') },
  { path: 'problem.optimizer.rho', section: 'Optimizer', label: 'Rho', kind: 'number', bounds: fraction, default: 0.99, help: 'Decay of the running mean of squared gradients (PyTorch’s alpha).', when: optimizerIs('rmsprop') },
  { path: 'problem.optimizer.epsilon', section: 'Optimizer', label: 'Epsilon', kind: 'number', bounds: nonNegative, default: byName('problem.optimizer.name', 'sgd', { adam: 1e-8, rmsprop: 1e-8, adagrad: 1e-10 }), help: 'Added to the denominator for stability.', when: optimizerIs('adam', 'rmsprop', 'adagrad') },

  // Training
  { path: 'problem.optimizer.epochs', section: 'Training', label: 'Epochs', kind: 'integer', bounds: { min: 0, max: LIMITS.epochs }, default: 100, help: 'Passes over the data (0 only evaluates the starting point).', when: isNetwork },
  { path: 'problem.optimizer.batchSize', section: 'Training', label: 'Batch size', kind: 'integer', bounds: { min: 1, max: LIMITS.samples }, default: 32, help: 'Samples per update; the last batch may be smaller.', when: isNetwork },
  { path: 'problem.optimizer.shuffle', section: 'Training', label: 'Shuffle each epoch', kind: 'checkbox', default: true, help: 'A fresh random order of the data every epoch.', when: isNetwork },

  // Function
  { path: 'problem.function.name', section: 'Function', label: 'Function', kind: 'select', options: choices(FUNCTION_NAMES), help: 'A test function with known minima, or your own formula in x and y.', also: ['problem.function'], when: isFunction },
  { path: 'problem.function.formula', section: 'Function', label: 'Formula', kind: 'text', help: 'In x and y: + - * / ^, parentheses, pi, e, sin, cos, exp, log, sqrt, abs, min, max, …', when: (e) => isFunction(e) && getAt(e, 'problem.function.name') === 'custom' },
  {
    path: 'problem.function.dimensions',
    section: 'Function',
    label: 'Dimensions',
    kind: 'integer',
    bounds: { min: 1, max: LIMITS.dimensions },
    default: 2,
    help: 'How many coordinates are searched (the view draws 2-D functions).',
    when: (e) => isFunction(e) && BUILTINS[String(getAt(e, 'problem.function.name'))]?.fixed2D === false,
  },
  { path: 'problem.start.kind', section: 'Function', label: 'Start', kind: 'select', options: choices(['uniform', 'normal', 'fixed']), default: 'uniform', help: 'Where each restart starts: uniform in the domain, normal around a mean, or one fixed point.', also: ['problem.start'], when: isFunction },
  { path: 'problem.start.mean', section: 'Function', label: 'Start mean', kind: 'numbers', help: 'One number per dimension.', when: startIs('normal') },
  { path: 'problem.start.stddev', section: 'Function', label: 'Start stddev', kind: 'number', bounds: positive, default: 1, help: 'Spread of the starts around the mean (clipped to the domain).', when: startIs('normal') },
  { path: 'problem.start.point', section: 'Function', label: 'Start point', kind: 'numbers', help: 'One number per dimension, inside the domain: every restart starts there.', when: startIs('fixed') },

  // Search
  { path: 'problem.search.name', section: 'Search', label: 'Search', kind: 'select', options: choices(['random_search', 'hill_climbing', 'simulated_annealing', 'genetic_algorithm', 'gradient_descent', 'momentum', 'adam']), default: 'hill_climbing', help: 'The stochastic search each restart runs.', also: ['problem.search'], when: isFunction },
  { path: 'problem.search.steps', section: 'Search', label: 'Steps', kind: 'integer', bounds: { min: 0, max: LIMITS.steps }, default: (e: Obj) => (kindOf(e, 'problem.search.name', 'hill_climbing') === 'genetic_algorithm' ? 100 : 1000), help: 'Iterations (generations for the genetic algorithm); 0 only evaluates the start.', when: isFunction },
  { path: 'problem.search.stepSize', section: 'Search', label: 'Step size', kind: 'number', bounds: positive, placeholder: 'auto', help: 'Proposal or mutation size; by default 5% (genetic algorithm: 10%) of the mean domain width.', when: searchIs('hill_climbing', 'simulated_annealing', 'genetic_algorithm') },
  { path: 'problem.search.distribution', section: 'Search', label: 'Proposal', kind: 'select', options: choices(['gaussian', 'uniform']), default: 'gaussian', help: 'Moves drawn from N(0, step²) or U(±step) per coordinate.', when: searchIs('hill_climbing', 'simulated_annealing') },
  { path: 'problem.search.temperature', section: 'Search', label: 'Temperature', kind: 'number', bounds: positive, default: 1, help: 'Starting temperature: how readily a worse point is accepted.', when: searchIs('simulated_annealing') },
  { path: 'problem.search.cooling', section: 'Search', label: 'Cooling', kind: 'number', bounds: { min: 0, max: 1, minExclusive: true }, default: 0.995, help: 'The temperature is multiplied by this each step.', when: searchIs('simulated_annealing') },
  { path: 'problem.search.population', section: 'Search', label: 'Population', kind: 'integer', bounds: { min: 2, max: LIMITS.population }, default: 40, help: 'Individuals per generation.', when: searchIs('genetic_algorithm') },
  { path: 'problem.search.tournament', section: 'Search', label: 'Tournament', kind: 'integer', bounds: { min: 1, max: LIMITS.population }, default: 3, help: 'Individuals compared to pick each parent.', when: searchIs('genetic_algorithm') },
  { path: 'problem.search.crossoverRate', section: 'Search', label: 'Crossover rate', kind: 'number', bounds: unit, default: 0.9, help: 'Chance that a child blends two parents rather than copying one.', when: searchIs('genetic_algorithm') },
  { path: 'problem.search.blendAlpha', section: 'Search', label: 'Blend alpha', kind: 'number', bounds: nonNegative, default: 0.5, help: 'How far beyond its parents a blended gene may fall (BLX-α).', when: searchIs('genetic_algorithm') },
  { path: 'problem.search.mutationRate', section: 'Search', label: 'Mutation rate', kind: 'number', bounds: unit, placeholder: '1/n', help: 'Chance that each gene mutates; by default one over the dimensions.', when: searchIs('genetic_algorithm') },
  { path: 'problem.search.elitism', section: 'Search', label: 'Elitism', kind: 'integer', bounds: { min: 0, max: LIMITS.population }, default: 1, help: 'Best individuals kept unchanged each generation.', when: searchIs('genetic_algorithm') },
  { path: 'problem.search.learningRate', section: 'Search', label: 'Learning rate', kind: 'number', bounds: positive, default: 0.01, help: 'Step size along the gradient.', when: searchIs(...GRADIENT) },
  { path: 'problem.search.momentum', section: 'Search', label: 'Momentum', kind: 'number', bounds: fraction, default: 0.9, help: 'Fraction of the previous step carried into the next.', when: searchIs('momentum') },
  { path: 'problem.search.beta1', section: 'Search', label: 'Beta 1', kind: 'number', bounds: fraction, default: 0.9, help: 'Decay of the running mean of gradients.', when: searchIs('adam') },
  { path: 'problem.search.beta2', section: 'Search', label: 'Beta 2', kind: 'number', bounds: fraction, default: 0.999, help: 'Decay of the running mean of squared gradients.', when: searchIs('adam') },
  { path: 'problem.search.epsilon', section: 'Search', label: 'Epsilon', kind: 'number', bounds: nonNegative, default: 1e-8, help: 'Added to the denominator for stability.', when: searchIs('adam') },
  { path: 'problem.search.gradientNoise', section: 'Search', label: 'Gradient noise', kind: 'number', bounds: nonNegative, default: 0, help: 'Standard deviation of noise added to each gradient: a stochastic gradient.', when: searchIs(...GRADIENT) },
  { path: 'problem.success.valueTolerance', section: 'Search', label: 'Value tolerance', kind: 'number', bounds: nonNegative, default: 1e-3, help: 'A restart succeeds when its best value is this close to the global minimum…', when: isFunction },
  { path: 'problem.success.distanceTolerance', section: 'Search', label: 'Distance tolerance', kind: 'number', bounds: nonNegative, default: 0.05, help: '…or its best point is this close to a global minimum (also groups end points into optima).', when: isFunction },
  { path: 'problem.basinMap.resolution', section: 'Search', label: 'Basin map resolution', kind: 'integer', bounds: { min: 3, max: LIMITS.basinResolution }, placeholder: 'off', help: 'Descend from every point of an n × n grid and map where each ends (gradient searches on 2-D functions).', also: ['problem.basinMap'], when: searchIs(...GRADIENT) },

  // Restarts and seeds
  { path: 'restarts', section: 'Restarts and seeds', label: 'Restarts', kind: 'integer', bounds: { min: 1, max: LIMITS.restarts }, default: 8, help: 'How many times the search runs, each from a new random start.' },
  { path: 'seed', section: 'Restarts and seeds', label: 'Master seed', kind: 'text', default: 'landscape-lab', help: 'Every random number derives from this: the same seed gives the same run.' },
  { path: 'seeds.init', section: 'Restarts and seeds', label: 'Pinned init seed', kind: 'text', placeholder: 'per restart', help: 'Set to give every restart the same starting point.' },
  { path: 'seeds.order', section: 'Restarts and seeds', label: 'Pinned order seed', kind: 'text', placeholder: 'per restart', help: 'Set to give every restart the same data order.', when: isNetwork },
  { path: 'seeds.data', section: 'Restarts and seeds', label: 'Pinned data seed', kind: 'text', placeholder: 'from the master seed', help: 'Set to keep the generated data when the master seed changes.', when: datasetIs(...GENERATED) },
  { path: 'seeds.search', section: 'Restarts and seeds', label: 'Pinned search seed', kind: 'text', placeholder: 'per restart', help: 'Set to give every restart the same random moves.', when: isFunction },

  // Landscape
  {
    path: 'landscape.plane',
    section: 'Landscape',
    label: 'Plane',
    kind: 'select',
    options: [
      { value: '', label: 'none' },
      { value: 'pca', label: 'pca: the paths’ principal directions' },
      { value: 'random', label: 'random: two random directions' },
      { value: 'weights', label: 'weights: two parameters' },
      { value: 'endpoints', label: 'endpoints: three final points' },
      { value: 'interpolate', label: 'interpolate: between two restarts' },
    ],
    help: 'The 2-D slice of the loss landscape to draw (it needs every parameter vector recorded).',
    also: ['landscape'],
    when: isNetwork,
  },
  { path: 'landscape.params', section: 'Landscape', label: 'Parameters i, j', kind: 'integers', bounds: { min: 0 }, help: 'Indices of the two parameters that span the plane.', when: planeIs('weights') },
  { path: 'landscape.center', section: 'Landscape', label: 'Centre', kind: 'select', options: choices(['final', 'initial']), default: 'final', help: 'Hold the other parameters at the restart’s final or initial point.', when: planeIs('weights') },
  { path: 'landscape.restart', section: 'Landscape', label: 'Centre restart', kind: 'integer', bounds: { min: 0, max: LIMITS.restarts - 1 }, default: 0, help: 'The restart whose point the plane passes through.', when: planeIs('weights', 'random') },
  { path: 'landscape.directionSeed', section: 'Landscape', label: 'Direction seed', kind: 'text', default: 'directions', help: 'Seed of the two random directions.', when: planeIs('random') },
  { path: 'landscape.restarts', section: 'Landscape', label: 'Restart indices', kind: 'integers', bounds: { min: 0 }, default: (e: Obj) => (getAt(e, 'landscape.plane') === 'endpoints' ? [0, 1, 2] : [0, 1]), help: 'The restarts whose final points span the slice.', when: planeIs('endpoints', 'interpolate') },
  {
    path: 'landscape.extent',
    section: 'Landscape',
    label: 'Extent',
    kind: 'number',
    word: 'auto',
    bounds: positive,
    default: byName('landscape.plane', 'pca', { weights: 'auto', pca: 'auto', random: 1, endpoints: 1.25, interpolate: 0.75 } as Record<string, unknown>),
    help: 'Half-width of the slice ("auto": 1.25 × the farthest recorded point, for weights and pca).',
    when: planeIs('weights', 'random', 'pca', 'endpoints', 'interpolate'),
  },
  { path: 'landscape.resolution', section: 'Landscape', label: 'Resolution', kind: 'integer', bounds: { min: 2, max: LIMITS.gridResolution }, default: 65, help: 'Grid points along each side of the slice.', when: planeIs('weights', 'random', 'pca', 'endpoints', 'interpolate') },
  { path: 'landscape.variant', section: 'Landscape', label: 'Variant drawn', kind: 'text', placeholder: 'the first', help: 'The label of the variant whose landscape is drawn.', when: (e) => planeIs('weights', 'random', 'pca', 'endpoints', 'interpolate')(e) && Array.isArray(e.variants) },

  // Records
  { path: 'record.every', section: 'Records', label: 'Record every', kind: 'integer', word: 'epoch', bounds: { min: 1 }, default: 1, help: 'Record after every n-th update or step, or "epoch" (networks).' },
  { path: 'record.params', section: 'Records', label: 'Record parameters', kind: 'select', options: choices(['none', 'ends', 'all']), default: 'ends', help: 'Keep no parameter vectors, the first and last, or all recorded ones (needed for a landscape).' },
];

/** The field's schema default for the experiment as it stands (undefined when none applies). */
export function defaultOf(field: FieldSpec, e: Obj): unknown {
  const d = field.default;
  return typeof d === 'function' ? (d as (e: Obj) => unknown)(e) : d;
}

/** The fields that apply to `e`, in display order. */
export function visibleFields(e: Obj): FieldSpec[] {
  return FIELDS.filter((f) => f.when === undefined || f.when(e));
}

/** A one-line statement of a field's bounds ("> 0", "4 to 1000000"), or '' when it has none. */
export function describeBounds(b: Bounds | undefined): string {
  if (b === undefined) return '';
  const lo = b.min === undefined ? '' : `${b.minExclusive ? '>' : '≥'} ${b.min}`;
  const hi = b.max === undefined ? '' : `${b.maxExclusive ? '<' : '≤'} ${b.max}`;
  return [lo, hi].filter((s) => s !== '').join(', ');
}

/** Problems sorted to the fields that show them, and those that no shown field can. */
export interface PlacedProblems {
  /** By field path. */
  byField: Record<string, Problem[]>;
  /** Problems with no shown field: listed in the panel's summary. */
  other: Problem[];
}

/** How well a field fits a problem path: its own path or a prefix of it beats an exact `also` entry; longer beats shorter; 0 is no fit. */
function fit(f: FieldSpec, path: string): number {
  if (path === f.path || path.startsWith(`${f.path}.`) || path.startsWith(`${f.path}[`)) return 1000 + f.path.length;
  return f.also?.includes(path) === true ? 1 + path.length : 0;
}

/**
 * Sorts the resolver's problems by field: a problem goes to the field whose path is its path or the
 * longest prefix of it (`problem.model.hidden[1]` to the hidden-layers field), else to a field whose
 * `also` list names its path exactly (a union's own path, such as `problem.optimizer`, to its kind
 * select). When that field is not among `shown` (default: every field), or no field fits (variants,
 * keys the panel has no field for), the problem goes to `other`, for the panel's summary.
 */
export function problemsByField(problems: readonly Problem[], shown: Iterable<string> = FIELDS.map((f) => f.path)): PlacedProblems {
  const visible = new Set(shown);
  const byField: Record<string, Problem[]> = {};
  const other: Problem[] = [];
  for (const p of problems) {
    let best: FieldSpec | null = null;
    let bestFit = 0;
    for (const f of FIELDS) {
      const v = fit(f, p.path);
      // Fields sharing a path (none today) would tie: the shown one wins.
      if (v > bestFit || (v === bestFit && v > 0 && visible.has(f.path))) {
        best = f;
        bestFit = v;
      }
    }
    if (best !== null && visible.has(best.path)) (byField[best.path] ??= []).push(p);
    else other.push(p);
  }
  return { byField, other };
}
