import type { Dataset } from '../data/dataset';
import type { FunctionSpec } from '../functions/build';
import type { Minimum } from '../functions/objective';
import type { SearchSpec } from '../search/searches';
import type { ExperimentSpec, FunctionProblemSpec, LossKind, NetworkProblemSpec, OutputKind } from './schema';

/** A network problem with its output and loss decided. */
export type ResolvedNetworkProblem = Omit<NetworkProblemSpec, 'model'> & {
  model: NetworkProblemSpec['model'] & { output: OutputKind; loss: LossKind };
};

/** A function problem with its dimensions, domain and search defaults decided. */
export type ResolvedFunctionProblem = Omit<FunctionProblemSpec, 'function' | 'search'> & {
  function: FunctionSpec;
  search: SearchSpec;
};

export type ResolvedProblem = ResolvedNetworkProblem | ResolvedFunctionProblem;

/** The experiment as it runs: every default filled, variants written out in full. Re-resolving it gives it back. */
export type ResolvedExperiment = Omit<ExperimentSpec, 'problem' | 'variants'> & {
  problem: ResolvedProblem | ExperimentSpec['problem'];
  variants?: { label: string; problem: ResolvedProblem }[];
};

interface PlanBase {
  /** The variant's label, or null for an experiment without variants. */
  label: string | null;
  /** Optimizer updates (or search steps, or generations) of one restart. */
  steps: number;
  /** Records of one restart that runs to the end (after thinning to `record.maxPoints`). */
  records: number;
  /** Record slots one restart allocates, min(records without thinning, `record.maxPoints`): no restart keeps more. */
  capacity: number;
}

/** A network configuration to train `restarts` times. */
export interface NetworkPlan extends PlanBase {
  kind: 'network';
  problem: ResolvedNetworkProblem;
  dataset: Dataset;
  /** Layer widths [inputs, hidden..., outputs]. */
  sizes: number[];
  paramCount: number;
  /** Optimizer updates per epoch: ceil(samples / batchSize). */
  batchesPerEpoch: number;
}

/** A function search to run `restarts` times. */
export interface FunctionPlan extends PlanBase {
  kind: 'function';
  problem: ResolvedFunctionProblem;
  /** The known global minima inside the domain (empty when unknown, as for custom formulas). */
  minima: Minimum[];
}

/** One configuration to run `restarts` times: the base problem, or one variant. */
export type VariantPlan = NetworkPlan | FunctionPlan;

/** Everything a run needs, checked: nothing invalid gets this far. */
export interface RunPlan {
  experiment: ResolvedExperiment;
  variants: VariantPlan[];
}

/** Variant `v` of a run, which must be a network problem (for code that only handles networks). */
export function networkVariant(run: RunPlan, v = 0): NetworkPlan {
  const p = run.variants[v];
  if (p === undefined || p.kind !== 'network') throw new TypeError(`variant ${v} is not a network problem`);
  return p;
}

/** Variant `v` of a run, which must be a function problem. */
export function functionVariant(run: RunPlan, v = 0): FunctionPlan {
  const p = run.variants[v];
  if (p === undefined || p.kind !== 'function') throw new TypeError(`variant ${v} is not a function problem`);
  return p;
}
