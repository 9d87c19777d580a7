// The experiment a new window starts with: a small network on spirals, restarted from random weights,
// drawn on the plane of its paths' principal directions (about 4 s on one worker).
import { EXPERIMENT_FORMAT } from '../core/experiment/schema';

/** A fresh copy of the default experiment. */
export function defaultExperiment(): Record<string, unknown> {
  return {
    format: EXPERIMENT_FORMAT,
    name: 'Spirals: restarts from random weights',
    seed: 'lab',
    restarts: 12,
    problem: {
      type: 'network',
      dataset: { kind: 'spirals', samples: 200, noise: 0.1 },
      model: { hidden: [16, 16], activation: 'tanh' },
      optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9, batchSize: 32, epochs: 300 },
    },
    record: { every: 'epoch', params: 'all' },
    landscape: { plane: 'pca', resolution: 49 },
  };
}
