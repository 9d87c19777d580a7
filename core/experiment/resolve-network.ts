import type { Dataset } from '../data/dataset';
import { CsvDatasetError, datasetFromCsv } from '../data/from-csv';
import { generateDataset } from '../data/generate';
import { needsMatrix } from '../init/initializers';
import { countParams } from '../nn/mlp';
import { dataStream } from '../rng/seeds';
import type { Problem } from './errors';
import { LIMITS } from './limits';
import type { NetworkPlan, ResolvedNetworkProblem } from './plan';
import { DEFAULT_MAX_POINTS, type ExperimentSpec, LOSS_OF_OUTPUT, type NetworkProblemSpec, type OutputKind } from './schema';
import { recordBudget, recordInterval } from './thinning';

/** Reads a dataset file named in the experiment (a path relative to the experiment file); throws if it cannot. */
export type ReadText = (path: string) => string;

/** Loads or generates a network problem's dataset; problems go to `problems` and null is returned. */
export function loadDataset(problem: NetworkProblemSpec, spec: ExperimentSpec, readText: ReadText, where: string, problems: Problem[]): Dataset | null {
  const ds = problem.dataset;
  if (ds.kind !== 'csv') return generateDataset(ds, dataStream(spec.seed, spec.seeds));
  let text: string;
  try {
    text = readText(ds.path);
  } catch (e) {
    problems.push({ path: `${where}.dataset.path`, message: `cannot read ${JSON.stringify(ds.path)}: ${e instanceof Error ? e.message : String(e)}` });
    return null;
  }
  try {
    return datasetFromCsv(text, ds.target, ds.task);
  } catch (e) {
    if (!(e instanceof CsvDatasetError)) throw e;
    problems.push({ path: `${where}.dataset.path`, message: `${ds.path}: ${e.message}` });
    return null;
  }
}

function decideHead(problem: NetworkProblemSpec, dataset: Dataset, where: string, problems: Problem[]): ResolvedNetworkProblem | null {
  const m = problem.model;
  let output: OutputKind;
  if (m.output !== undefined) output = m.output;
  else if (m.loss !== undefined) output = (Object.keys(LOSS_OF_OUTPUT) as OutputKind[]).find((o) => LOSS_OF_OUTPUT[o] === m.loss)!;
  else output = dataset.classes === null ? 'linear' : dataset.classes === 2 ? 'sigmoid' : 'softmax';
  const loss = LOSS_OF_OUTPUT[output];
  const kind = problem.dataset.kind;
  const path = `${where}.model.${m.output !== undefined ? 'output' : 'loss'}`;
  if (dataset.classes === null && loss !== 'mse') {
    problems.push({ path, message: `expected "linear" output with "mse" loss for regression data (${kind}), found ${output}+${loss}` });
    return null;
  }
  if (dataset.classes !== null && loss === 'mse') {
    problems.push({ path, message: `expected a classifier head (sigmoid+bce or softmax+cce) for classification data (${kind}, ${dataset.classes} classes), found linear+mse` });
    return null;
  }
  if (loss === 'bce' && dataset.classes !== 2) {
    problems.push({ path, message: `expected softmax+cce for ${dataset.classes} classes (sigmoid+bce needs labels 0 and 1), found sigmoid+bce` });
    return null;
  }
  return { ...problem, model: { hidden: m.hidden, activation: m.activation, output, loss } };
}

/**
 * Plans a network problem: loads its data, decides the head, and checks what the schema cannot
 * (initializers against shapes, explicit vectors against the network, the per-restart limits).
 */
export function planNetwork(
  label: string | null,
  problem: NetworkProblemSpec,
  spec: ExperimentSpec,
  datasets: Map<string, Dataset | null>,
  readText: ReadText,
  where: string,
  problems: Problem[],
): NetworkPlan | null {
  const key = JSON.stringify(problem.dataset);
  if (!datasets.has(key)) datasets.set(key, loadDataset(problem, spec, readText, where, problems));
  const dataset = datasets.get(key);
  if (dataset === null || dataset === undefined) return null;
  const resolved = decideHead(problem, dataset, where, problems);
  if (resolved === null) return null;

  const outputs = resolved.model.output === 'softmax' ? dataset.classes! : resolved.model.output === 'sigmoid' ? 1 : dataset.targets;
  const sizes = [dataset.features, ...resolved.model.hidden, outputs];
  const paramCount = countParams(sizes);
  const before = problems.length;
  if (paramCount > LIMITS.parameters) {
    problems.push({ path: `${where}.model.hidden`, message: `the ${sizes.join('-')} network has ${paramCount} parameters; the limit is ${LIMITS.parameters}` });
  }
  const init = resolved.init;
  if ('explicit' in init) {
    const e = init.explicit;
    const listed = Array.isArray(e[0]);
    const vectors = listed ? (e as number[][]) : [e as number[]];
    if (listed && vectors.length !== spec.restarts) {
      problems.push({ path: `${where}.init.explicit`, message: `expected ${spec.restarts} vectors (one per restart), found ${vectors.length}` });
    }
    vectors.forEach((v, i) => {
      if (v.length !== paramCount) {
        const at = listed ? `${where}.init.explicit[${i}]` : `${where}.init.explicit`;
        problems.push({ path: at, message: `expected ${paramCount} numbers (the parameters of the ${sizes.join('-')} network), found ${v.length}` });
      }
    });
  } else if (needsMatrix(init.bias)) {
    problems.push({ path: `${where}.init.bias.name`, message: `expected an initializer for a 1-D bias, found "${init.bias.name}" (it needs a 2-D kernel, as in Keras)` });
  }
  const opt = resolved.optimizer;
  const batchesPerEpoch = Math.ceil(dataset.samples / opt.batchSize);
  const steps = opt.epochs * batchesPerEpoch;
  if (steps > LIMITS.steps) {
    problems.push({ path: `${where}.optimizer.epochs`, message: `${opt.epochs} epochs of ${batchesPerEpoch} batches are ${steps} updates per restart; the limit is ${LIMITS.steps}` });
  }
  if (problems.length > before) return null;
  return {
    kind: 'network',
    label,
    problem: resolved,
    dataset,
    sizes,
    paramCount,
    batchesPerEpoch,
    steps,
    ...recordBudget(steps, recordInterval(spec.record.every, batchesPerEpoch), spec.record.maxPoints ?? DEFAULT_MAX_POINTS),
  };
}
