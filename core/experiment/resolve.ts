import type * as z from 'zod';
import type { Dataset } from '../data/dataset';
import { ExperimentError, type Problem, problemsFromZod } from './errors';
import { findJsonSyntaxError, position } from './json-syntax';
import { LIMITS } from './limits';
import { mergeOverride } from './merge';
import type { FunctionPlan, NetworkPlan, ResolvedExperiment, RunPlan, VariantPlan } from './plan';
import { planFunction } from './resolve-function';
import { planNetwork, type ReadText } from './resolve-network';
import { ExperimentSchema, type ExperimentSpec, ProblemSchema } from './schema';

export type { FunctionPlan, NetworkPlan, ResolvedExperiment, RunPlan, VariantPlan };
export type { ResolvedFunctionProblem, ResolvedNetworkProblem, ResolvedProblem } from './plan';
export { functionVariant, networkVariant } from './plan';
export type { ReadText } from './resolve-network';

/**
 * Parses experiment JSON text (a byte-order mark is allowed); a syntax error, or a key given twice in
 * one object, becomes an ExperimentError naming the line and column.
 */
export function parseJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  let message = '';
  try {
    value = JSON.parse(body);
  } catch (e) {
    message = e instanceof Error ? e.message : String(e);
  }
  const found = findJsonSyntaxError(text, true);
  if (found !== null) throw new ExperimentError([{ path: '', message: `not valid JSON at ${position(text, found.offset)}: ${found.reason}` }]);
  if (message !== '') throw new ExperimentError([{ path: '', message: `not valid JSON: ${message}` }]);
  return value;
}

function prefixed(problems: Problem[], prefix: string): Problem[] {
  return problems.map((p) => ({ path: p.path === '' ? prefix : `${prefix}.${p.path}`, message: p.message }));
}

/**
 * Validates an experiment (parsed JSON) and prepares its run: schema (strict, every default filled),
 * variants merged onto the base problem, datasets loaded or generated, network heads and function
 * domains decided, and every limit checked. Throws ExperimentError listing all problems found;
 * nothing runs on an invalid file.
 */
export function resolveExperiment(input: unknown, readText: ReadText): RunPlan {
  const parsed = ExperimentSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new ExperimentError(problemsFromZod(parsed.error));
  const spec = parsed.data;
  const problems: Problem[] = [];
  const configs: { label: string | null; problem: ExperimentSpec['problem']; where: string }[] = [];
  if (spec.variants === undefined) {
    configs.push({ label: null, problem: spec.problem, where: 'problem' });
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
      if (result.data.type !== spec.problem.type) {
        problems.push({ path: `${where}.type`, message: `expected "${spec.problem.type}" as in the base problem (variants compare settings of one kind of problem), found "${result.data.type}"` });
        return;
      }
      configs.push({ label: variant.label, problem: result.data, where });
    });
  }
  const plans: VariantPlan[] = [];
  const datasets = new Map<string, Dataset | null>();
  for (const { label, problem, where } of configs) {
    const plan =
      problem.type === 'network'
        ? planNetwork(label, problem, spec, datasets, readText, where, problems)
        : planFunction(label, problem, spec, where, problems);
    if (plan !== null) plans.push(plan);
  }
  if (problems.length === 0) checkVariantsAgree(plans, problems);
  if (problems.length === 0 && spec.landscape !== undefined) checkLandscape(spec, plans, problems);
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
    analysis: spec.analysis,
    ...(spec.landscape === undefined ? {} : { landscape: spec.landscape }),
    ...(spec.variants === undefined ? {} : { variants: plans.map((p) => ({ label: p.label!, problem: p.problem })) }),
  };
  return { experiment, variants: plans };
}

/** The configuration a landscape block draws: its `variant` label, or the first. */
export function landscapeVariant(plans: VariantPlan[], label: string | undefined): number {
  return label === undefined ? 0 : plans.findIndex((p) => p.label === label);
}

/** What the schema cannot check of a landscape block: that it can be honoured for this run. */
function checkLandscape(spec: ExperimentSpec, plans: VariantPlan[], problems: Problem[]): void {
  const l = spec.landscape!;
  const v = landscapeVariant(plans, l.variant);
  if (v < 0) {
    problems.push({ path: 'landscape.variant', message: `expected one of the variants' labels (${plans.map((p) => JSON.stringify(p.label)).join(', ')}), found ${JSON.stringify(l.variant)}` });
    return;
  }
  const plan = plans[v]!;
  if (plan.kind !== 'network') {
    problems.push({ path: 'landscape', message: 'expected no landscape block for a function problem (a function is drawn over its domain without one)' });
    return;
  }
  if (spec.record.params !== 'all') {
    problems.push({ path: 'record.params', message: `expected "all" with a landscape block (every recorded point is projected onto the plane), found "${spec.record.params}"` });
  }
  const restarts = 'restarts' in l ? l.restarts : 'restart' in l ? [l.restart] : [];
  const field = 'restarts' in l ? 'landscape.restarts' : 'landscape.restart';
  for (const r of restarts) {
    if (r >= spec.restarts) problems.push({ path: field, message: `expected restart indices below ${spec.restarts} (the experiment's restarts), found ${r}` });
  }
  if (new Set(restarts).size !== restarts.length) {
    problems.push({ path: field, message: `expected different restarts (the same final point twice spans no ${l.plane === 'interpolate' ? 'line' : 'plane'}), found ${JSON.stringify(restarts)}` });
  }
  if (l.plane === 'weights') {
    for (const i of l.params) {
      if (i >= plan.paramCount) problems.push({ path: 'landscape.params', message: `expected parameter indices below ${plan.paramCount} (the ${plan.sizes.join('-')} network's parameters), found ${i}` });
    }
    if (l.params[0] === l.params[1]) problems.push({ path: 'landscape.params', message: `expected two different parameters, found ${JSON.stringify(l.params)}` });
  }
  const points = l.plane === 'interpolate' ? l.resolution : l.resolution * l.resolution;
  const work = points * plan.dataset.samples * plan.paramCount;
  if (work > LIMITS.gridWork) {
    problems.push({ path: 'landscape.resolution', message: `a ${l.plane === 'interpolate' ? l.resolution : `${l.resolution}×${l.resolution}`} grid over ${plan.dataset.samples} samples of a ${plan.paramCount}-parameter network is ${work.toExponential(2)} multiply-adds; the limit is ${LIMITS.gridWork.toExponential(0)}` });
  }
}

/** Function variants must search spaces of one dimension, so that their trajectories share columns. */
function checkVariantsAgree(plans: VariantPlan[], problems: Problem[]): void {
  const dims = plans.map((p) => (p.kind === 'function' ? p.problem.function.dimensions : 0));
  dims.forEach((d, i) => {
    if (d !== dims[0]) problems.push({ path: `variants[${i}].problem.function.dimensions`, message: `expected ${dims[0]} dimensions as in variants[0], found ${d}` });
  });
}

/** Numbers one restart keeps at most besides its records: parameter or position vectors, and GA populations. */
function keptPerRestart(spec: ExperimentSpec, p: VariantPlan): number {
  const mode = spec.record.params;
  if (mode === 'none') return 0;
  const size = p.kind === 'network' ? p.paramCount : p.problem.function.dimensions;
  let kept = (mode === 'ends' ? 2 : 2 + p.capacity) * size;
  if (mode === 'all' && p.kind === 'function' && p.problem.search.name === 'genetic_algorithm') kept += p.capacity * p.problem.search.population * size;
  return kept;
}

/** The run's totals, counting each restart at its capacity (records after thinning to record.maxPoints, or a diverged restart's, never exceed it). */
function checkRunLimits(spec: ExperimentSpec, plans: VariantPlan[], problems: Problem[]): void {
  let points = 0;
  let numbers = 0;
  for (const p of plans) {
    points += spec.restarts * p.capacity;
    numbers += spec.restarts * keptPerRestart(spec, p);
  }
  if (points > LIMITS.recordedPoints) {
    problems.push({ path: 'record.every', message: `the run would keep ${points} records; the limit is ${LIMITS.recordedPoints} (record less often, lower record.maxPoints or run fewer restarts)` });
  }
  if (numbers > LIMITS.recordedParams) {
    problems.push({ path: 'record.params', message: `the run would keep ${numbers} parameter values; the limit is ${LIMITS.recordedParams} (use "ends" or "none", record less often or lower record.maxPoints)` });
  }
}
