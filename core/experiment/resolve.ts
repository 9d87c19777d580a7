import type * as z from 'zod';
import type { Dataset } from '../data/dataset';
import { CsvDatasetError, datasetFromCsv } from '../data/from-csv';
import { generateDataset } from '../data/generate';
import { needsMatrix } from '../init/initializers';
import { countParams } from '../nn/mlp';
import { dataStream } from '../rng/seeds';
import { ExperimentError, type Problem, problemsFromZod } from './errors';
import { findJsonSyntaxError } from './json-syntax';
import { LIMITS } from './limits';
import { mergeOverride } from './merge';
import {
  ExperimentSchema,
  LOSS_OF_OUTPUT,
  type ExperimentSpec,
  type LossKind,
  type NetworkProblemSpec,
  type OutputKind,
  ProblemSchema,
  type RecordSpec,
} from './schema';

/** A network problem with its output and loss decided. */
export type ResolvedNetworkProblem = Omit<NetworkProblemSpec, 'model'> & {
  model: NetworkProblemSpec['model'] & { output: OutputKind; loss: LossKind };
};

/** The experiment as it runs: every default filled, variants written out in full. Re-resolving it gives it back. */
export type ResolvedExperiment = Omit<ExperimentSpec, 'problem' | 'variants'> & {
  problem: ResolvedNetworkProblem | NetworkProblemSpec;
  variants?: { label: string; problem: ResolvedNetworkProblem }[];
};

/** One configuration to run `restarts` times: the base problem, or one variant. */
export interface VariantPlan {
  /** The variant's label, or null for an experiment without variants. */
  label: string | null;
  problem: ResolvedNetworkProblem;
  dataset: Dataset;
  /** Layer widths [inputs, hidden..., outputs]. */
  sizes: number[];
  paramCount: number;
  /** Optimizer updates per epoch: ceil(samples / batchSize). */
  batchesPerEpoch: number;
  /** Optimizer updates of one restart. */
  steps: number;
  /** Records of one restart that runs to the end. */
  records: number;
}

/** Everything a run needs, checked: nothing invalid gets this far. */
export interface RunPlan {
  experiment: ResolvedExperiment;
  variants: VariantPlan[];
}

/** Reads a dataset file named in the experiment (a path relative to the experiment file); throws if it cannot. */
export type ReadText = (path: string) => string;

/** Parses experiment JSON text (a byte-order mark is allowed); a syntax error becomes an ExperimentError naming the line and column. */
export function parseJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (e) {
    const found = findJsonSyntaxError(text);
    if (found === null) throw new ExperimentError([{ path: '', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }]);
    const before = text.slice(0, found.offset);
    const line = before.split('\n').length;
    const column = found.offset - before.lastIndexOf('\n');
    throw new ExperimentError([{ path: '', message: `not valid JSON at line ${line}, column ${column}: ${found.reason}` }]);
  }
}

function prefixed(problems: Problem[], prefix: string): Problem[] {
  return problems.map((p) => ({ path: p.path === '' ? prefix : `${prefix}.${p.path}`, message: p.message }));
}

/** Number of records of a restart that runs `steps` updates, recording every `every` (or per epoch). */
export function recordCount(steps: number, batchesPerEpoch: number, every: RecordSpec['every']): number {
  const interval = every === 'epoch' ? batchesPerEpoch : every;
  return 1 + Math.floor(steps / interval) + (steps % interval === 0 ? 0 : 1);
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

/** Checks what the schema cannot: initializers against shapes, explicit vectors against the network, and the limits. */
function planVariant(
  label: string | null,
  problem: ResolvedNetworkProblem,
  dataset: Dataset,
  spec: ExperimentSpec,
  where: string,
  problems: Problem[],
): VariantPlan | null {
  const outputs = problem.model.output === 'softmax' ? dataset.classes! : problem.model.output === 'sigmoid' ? 1 : dataset.targets;
  const sizes = [dataset.features, ...problem.model.hidden, outputs];
  const paramCount = countParams(sizes);
  const before = problems.length;
  if (paramCount > LIMITS.parameters) {
    problems.push({ path: `${where}.model.hidden`, message: `the ${sizes.join('-')} network has ${paramCount} parameters; the limit is ${LIMITS.parameters}` });
  }
  const init = problem.init;
  if ('explicit' in init) {
    const e = init.explicit;
    const vectors = Array.isArray(e[0]) ? (e as number[][]) : [e as number[]];
    if (Array.isArray(e[0]) && vectors.length !== spec.restarts) {
      problems.push({ path: `${where}.init.explicit`, message: `expected ${spec.restarts} vectors (one per restart), found ${vectors.length}` });
    }
    vectors.forEach((v, i) => {
      if (v.length !== paramCount) {
        const at = vectors.length > 1 || Array.isArray(e[0]) ? `${where}.init.explicit[${i}]` : `${where}.init.explicit`;
        problems.push({ path: at, message: `expected ${paramCount} numbers (the parameters of the ${sizes.join('-')} network), found ${v.length}` });
      }
    });
  } else if (needsMatrix(init.bias)) {
    problems.push({ path: `${where}.init.bias.name`, message: `expected an initializer for a 1-D bias, found "${init.bias.name}" (it needs a 2-D kernel, as in Keras)` });
  }
  const opt = problem.optimizer;
  const batchesPerEpoch = Math.ceil(dataset.samples / opt.batchSize);
  const steps = opt.epochs * batchesPerEpoch;
  if (steps > LIMITS.steps) {
    problems.push({ path: `${where}.optimizer.epochs`, message: `${opt.epochs} epochs of ${batchesPerEpoch} batches are ${steps} updates per restart; the limit is ${LIMITS.steps}` });
  }
  if (problems.length > before) return null;
  return { label, problem, dataset, sizes, paramCount, batchesPerEpoch, steps, records: recordCount(steps, batchesPerEpoch, spec.record.every) };
}

function loadDataset(problem: NetworkProblemSpec, spec: ExperimentSpec, readText: ReadText, where: string, problems: Problem[]): Dataset | null {
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

/**
 * Validates an experiment (parsed JSON) and prepares its run: schema (strict, every default filled),
 * variants merged onto the base problem, datasets loaded or generated, network heads decided, and
 * every limit checked. Throws ExperimentError listing all problems found; nothing runs on an invalid file.
 */
export function resolveExperiment(input: unknown, readText: ReadText): RunPlan {
  const parsed = ExperimentSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new ExperimentError(problemsFromZod(parsed.error));
  const spec = parsed.data;
  const problems: Problem[] = [];
  const base: { label: string | null; problem: NetworkProblemSpec; where: string }[] = [];
  if (spec.variants === undefined) {
    base.push({ label: null, problem: spec.problem, where: 'problem' });
  } else {
    const rawProblem = (input as { problem: unknown }).problem;
    spec.variants.forEach((variant, i) => {
      const where = `variants[${i}].problem`;
      const merged = mergeOverride(rawProblem, variant.problem ?? {});
      const result = ProblemSchema.safeParse(merged, { reportInput: true });
      if (!result.success) {
        problems.push(...prefixed(problemsFromZod(result.error as z.ZodError), where));
        return;
      }
      base.push({ label: variant.label, problem: result.data, where });
    });
  }
  const plans: VariantPlan[] = [];
  const datasets = new Map<string, Dataset | null>();
  for (const { label, problem, where } of base) {
    const key = JSON.stringify(problem.dataset);
    if (!datasets.has(key)) datasets.set(key, loadDataset(problem, spec, readText, where, problems));
    const dataset = datasets.get(key);
    if (dataset === null || dataset === undefined) continue;
    const resolved = decideHead(problem, dataset, where, problems);
    if (resolved === null) continue;
    const plan = planVariant(label, resolved, dataset, spec, where, problems);
    if (plan !== null) plans.push(plan);
  }
  if (problems.length === 0) checkRunLimits(spec, plans, problems);
  if (problems.length > 0) throw new ExperimentError(problems);

  // Keys in the schema's order, so run.json reads like the file format's documentation.
  const experiment: ResolvedExperiment = {
    format: spec.format,
    name: spec.name,
    seed: spec.seed,
    ...(spec.seeds === undefined ? {} : { seeds: spec.seeds }),
    restarts: spec.restarts,
    // With variants only the variants run; the base keeps its schema defaults and is what they override.
    problem: spec.variants === undefined ? plans[0]!.problem : spec.problem,
    record: spec.record,
    ...(spec.variants === undefined ? {} : { variants: plans.map((p) => ({ label: p.label!, problem: p.problem })) }),
  };
  return { experiment, variants: plans };
}

function checkRunLimits(spec: ExperimentSpec, plans: VariantPlan[], problems: Problem[]): void {
  let points = 0;
  let numbers = 0;
  for (const p of plans) {
    points += spec.restarts * p.records;
    const kept = spec.record.params === 'none' ? 0 : spec.record.params === 'ends' ? 2 : 2 + p.records;
    numbers += spec.restarts * kept * p.paramCount;
  }
  if (points > LIMITS.recordedPoints) {
    problems.push({ path: 'record.every', message: `the run would keep ${points} records; the limit is ${LIMITS.recordedPoints} (record less often or run fewer restarts)` });
  }
  if (numbers > LIMITS.recordedParams) {
    problems.push({ path: 'record.params', message: `the run would keep ${numbers} parameter values; the limit is ${LIMITS.recordedParams} (use "ends" or "none", or record less often)` });
  }
}

