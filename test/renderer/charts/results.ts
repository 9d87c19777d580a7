// Hand-built restart results for the chart tests.
import type { RestartResult, RestartStatus } from '../../../core/experiment/result';
import type { Configuration, FunctionConfiguration, NetworkConfiguration } from '../../../core/export/outputs';

/** What a test restart needs; everything else gets a neutral default. */
export interface FakeRestart {
  variant?: number;
  index: number;
  steps?: number[];
  losses: number[];
  status?: RestartStatus;
  symmetry?: number[] | null;
  signal?: RestartResult['signal'];
  params?: { initial: number[]; final: number[] } | null;
  success?: boolean | null;
}

/** A RestartResult with records at `steps` (default 0, 1, 2, ...) holding `losses`. */
export function fakeRestart(f: FakeRestart): RestartResult {
  const n = f.losses.length;
  const steps = f.steps ?? Array.from({ length: n }, (_, i) => i);
  if (steps.length !== n) throw new Error('steps and losses differ in length');
  const status = f.status ?? 'ok';
  return {
    variant: f.variant ?? 0,
    index: f.index,
    seed: 1000 + f.index,
    status,
    reason: status === 'ok' ? null : status,
    records: {
      count: n,
      step: Float64Array.from(steps),
      epoch: null,
      loss: Float64Array.from(f.losses),
      accuracy: null,
      gradNorm: new Float64Array(n),
      position: null,
    },
    params: f.params ? { initial: Float64Array.from(f.params.initial), final: Float64Array.from(f.params.final), history: null } : null,
    search: f.success === undefined ? null : { best: { step: 0, value: Math.min(...f.losses), position: new Float64Array(2) }, success: f.success, nearest: null },
    symmetry: f.symmetry ? Float64Array.from(f.symmetry) : null,
    signal: f.signal ?? null,
  };
}

/** A network configuration with hidden widths `layers` between 2 inputs and 1 output by default. */
export function networkConfig(variant: string | null = null, layers: number[] = [2, 4, 3, 1]): NetworkConfiguration {
  return {
    variant,
    type: 'network',
    dataset: { kind: 'moons', samples: 10, features: layers[0]!, classes: 2, hash: '0' },
    layers,
    parameters: 0,
    stepsPerRestart: 10,
    recordsPerRestart: 10,
  };
}

/** A 2-D function configuration. */
export function functionConfig(variant: string | null = null): FunctionConfiguration {
  return {
    variant,
    type: 'function',
    function: { name: 'himmelblau', dimensions: 2, domain: [[-5, 5], [-5, 5]] },
    minima: [{ position: [3, 2], value: 0 }],
    stepsPerRestart: 10,
    recordsPerRestart: 10,
  };
}

export type { Configuration };
