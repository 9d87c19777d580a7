import { BUILTINS, MAX_MINIMA } from '../functions/builtin';
import { type FunctionSpec, knownMinima } from '../functions/build';
import type { SearchSpec } from '../search/searches';
import type { Problem } from './errors';
import { LIMITS } from './limits';
import type { FunctionPlan } from './plan';
import { DEFAULT_MAX_POINTS, type ExperimentSpec, type FunctionProblemSpec, SearchSchema } from './schema';
import { recordBudget } from './thinning';

/** The domain a custom formula is searched in when the file gives none. */
export const CUSTOM_DOMAIN: [number, number][] = [
  [-3, 3],
  [-3, 3],
];

/** Searches that follow the gradient, for which a basin map is defined. */
export const GRADIENT_SEARCHES = ['gradient_descent', 'momentum', 'adam'] as const;

/** A search spec with its keys in the schema's order, so a resolved file reads (and re-resolves) like the documentation. */
function inSchemaOrder(spec: { name: string } & Record<string, unknown>): Record<string, unknown> {
  const option = SearchSchema.options.find((o) => o.shape.name.value === spec.name)!;
  return Object.fromEntries(Object.keys(option.shape).flatMap((k) => (spec[k] === undefined ? [] : [[k, spec[k]]])));
}

/**
 * Plans a function problem: decides dimensions, domain and the defaults that depend on the domain
 * (proposal step 5% of the mean domain width, mutation step 10%, mutation rate 1/n), and checks the
 * start, the search and the basin map against them.
 */
export function planFunction(label: string | null, problem: FunctionProblemSpec, spec: ExperimentSpec, where: string, problems: Problem[]): FunctionPlan | null {
  const before = problems.length;
  const f = problem.function;
  const builtin = BUILTINS[f.name];
  const fixed2D = f.name === 'custom' || builtin!.fixed2D;
  const dimensions = f.dimensions ?? f.domain?.length ?? 2;
  const at = (key: string) => `${where}.${key}`;
  if (fixed2D && dimensions !== 2) {
    problems.push({ path: at(f.dimensions !== undefined ? 'function.dimensions' : 'function.domain'), message: `expected 2 dimensions (${f.name} is defined in 2), found ${dimensions}` });
  } else if (builtin !== undefined && dimensions < builtin.minDimensions) {
    problems.push({ path: at('function.dimensions'), message: `expected at least ${builtin.minDimensions} dimensions for ${f.name}, found ${dimensions}` });
  }
  if (f.domain !== undefined && f.domain.length !== dimensions) {
    problems.push({ path: at('function.domain'), message: `expected ${dimensions} ranges (one per dimension), found ${f.domain.length}` });
  }
  if (problems.length > before) return null;
  const domain = (f.domain as [number, number][] | undefined) ?? (builtin ? builtin.domain(dimensions).map(([lo, hi]) => [lo, hi] as [number, number]) : CUSTOM_DOMAIN);
  const resolvedFunction: FunctionSpec = { name: f.name, dimensions, domain, ...(f.formula !== undefined ? { formula: f.formula } : {}) };
  const minima = knownMinima(f.name, dimensions, domain);
  if (minima === null) {
    problems.push({ path: at('function.dimensions'), message: `${f.name} in ${dimensions} dimensions has more than ${MAX_MINIMA} minima in its domain; the limit is ${MAX_MINIMA} (use fewer dimensions or a smaller domain)` });
    return null;
  }

  const start = problem.start;
  if (start.kind === 'normal' && start.mean.length !== dimensions) {
    problems.push({ path: at('start.mean'), message: `expected ${dimensions} numbers (one per dimension), found ${start.mean.length}` });
  }
  if (start.kind === 'fixed') {
    if (start.point.length !== dimensions) problems.push({ path: at('start.point'), message: `expected ${dimensions} numbers (one per dimension), found ${start.point.length}` });
    else if (start.point.some((v, i) => v < domain[i]![0] || v > domain[i]![1])) {
      problems.push({ path: at('start.point'), message: `expected a point inside the domain ${JSON.stringify(domain)}, found ${JSON.stringify(start.point)}` });
    }
  }

  const width = domain.reduce((s, [lo, hi]) => s + (hi - lo), 0) / dimensions;
  const round = (v: number) => Number(v.toPrecision(6));
  const s = problem.search;
  let search: SearchSpec;
  switch (s.name) {
    case 'hill_climbing':
    case 'simulated_annealing':
      search = inSchemaOrder({ ...s, stepSize: s.stepSize ?? round(0.05 * width) }) as SearchSpec;
      break;
    case 'genetic_algorithm':
      search = inSchemaOrder({ ...s, mutationRate: s.mutationRate ?? round(1 / dimensions), stepSize: s.stepSize ?? round(0.1 * width) }) as SearchSpec;
      if (s.tournament > s.population) problems.push({ path: at('search.tournament'), message: `expected at most the population (${s.population}), found ${s.tournament}` });
      if (s.elitism >= s.population) problems.push({ path: at('search.elitism'), message: `expected fewer than the population (${s.population}), found ${s.elitism}` });
      break;
    default:
      search = s;
  }
  if (spec.record.every === 'epoch') {
    problems.push({ path: 'record.every', message: 'expected an integer >= 1 for a function search ("epoch" applies to networks), found "epoch"' });
  }
  if (problem.basinMap !== undefined) {
    if (!(GRADIENT_SEARCHES as readonly string[]).includes(s.name)) {
      problems.push({ path: at('basinMap'), message: `expected a gradient search (${GRADIENT_SEARCHES.join(', ')}) for a basin map, found ${s.name}` });
    } else if (dimensions !== 2) {
      problems.push({ path: at('basinMap'), message: `expected a 2-D function for a basin map, found ${dimensions} dimensions` });
    } else {
      const r = problem.basinMap.resolution;
      if (r * r * s.steps > LIMITS.basinSteps) {
        problems.push({ path: at('basinMap.resolution'), message: `a ${r}×${r} map of ${s.steps}-step descents is ${r * r * s.steps} steps; the limit is ${LIMITS.basinSteps} (lower the resolution or the steps)` });
      }
    }
  }
  if (problems.length > before) return null;
  const every = spec.record.every === 'epoch' ? 1 : spec.record.every;
  return {
    kind: 'function',
    label,
    problem: { ...problem, function: resolvedFunction, search },
    minima,
    steps: search.steps,
    ...recordBudget(search.steps, every, spec.record.maxPoints ?? DEFAULT_MAX_POINTS),
  };
}
