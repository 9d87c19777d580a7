/** Hard limits checked before any work starts; each error message quotes the limit it hit. */
export const LIMITS = {
  /** Restarts per variant. */
  restarts: 10_000,
  /** Variants in one experiment. */
  variants: 32,
  /** Hidden layers in a network. */
  hiddenLayers: 32,
  /** Units in one hidden layer. */
  layerWidth: 4_096,
  /** Parameters of one network. */
  parameters: 1_000_000,
  /** Samples in a dataset (generated or CSV). */
  samples: 1_000_000,
  /** Features (input columns) in a dataset. */
  features: 1_000,
  /** Classes in a classification dataset. */
  classes: 100,
  /** Epochs of one restart. */
  epochs: 1_000_000,
  /** Optimizer updates of one restart. */
  steps: 10_000_000,
  /** Dimensions of a function problem. */
  dimensions: 100,
  /** Individuals in a genetic algorithm's population. */
  population: 10_000,
  /** Rows and columns of a basin map. */
  basinResolution: 257,
  /** Search steps of a basin map in all (starts × steps). */
  basinSteps: 100_000_000,
  /** Rows (and columns) of a landscape grid. */
  gridResolution: 257,
  /** Multiply-adds of a landscape grid: grid points × samples × parameters. */
  gridWork: 2e10,
  /** Records one restart keeps (the most `record.maxPoints` allows). */
  recordsPerRestart: 1_000_000,
  /** Records over all restarts and variants of one run. */
  recordedPoints: 20_000_000,
  /** Numbers kept in parameter vectors (initial, final and history) over the whole run. */
  recordedParams: 50_000_000,
} as const;

/** Largest CSV dataset file read, in bytes (larger files are refused before reading). */
export const MAX_CSV_BYTES = 100 * 1024 * 1024;

/** Largest experiment file read, in bytes. */
export const MAX_EXPERIMENT_BYTES = 64 * 1024 * 1024;

/** The deepest nesting of objects and arrays in an experiment's JSON (deeper text would overflow the stack of the reader that locates syntax errors). */
export const MAX_JSON_DEPTH = 1000;
