import { ExperimentError } from '../../../core/experiment/errors';
import { resolveExperiment, type RunPlan } from '../../../core/experiment/resolve';

/** A minimal valid experiment on XOR; tests change what they need. */
export function xorExperiment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'landscape-lab/experiment@1',
    seed: 'test',
    restarts: 2,
    problem: { type: 'network', dataset: { kind: 'xor', samples: 40 }, model: { hidden: [4] }, optimizer: { name: 'sgd', learningRate: 0.5, epochs: 3, batchSize: 8 } },
    ...overrides,
  };
}

const noFiles = (path: string): string => {
  throw new Error(`no such file: ${path}`);
};

/** Resolves an experiment that has no CSV dataset. */
export function plan(input: unknown, readText: (path: string) => string = noFiles): RunPlan {
  return resolveExperiment(input, readText);
}

/** The problems resolving `input` reports, as "path: message" lines; fails if it resolves. */
export function problemsOf(input: unknown, readText: (path: string) => string = noFiles): string[] {
  try {
    resolveExperiment(input, readText);
  } catch (e) {
    if (e instanceof ExperimentError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected the experiment to be refused');
}
