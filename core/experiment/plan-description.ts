import type { RunPlan } from './plan';

/** One line describing what a valid experiment will run: restarts, variants, and each configuration's size. */
export function describePlan(plan: RunPlan): string {
  const e = plan.experiment;
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const configs = plan.variants
    .map((v) => {
      const what =
        v.kind === 'network'
          ? `${v.sizes.join('-')} network (${count(v.paramCount, 'parameter')}), ${count(v.steps, 'update')}`
          : `${v.problem.search.name} on ${v.problem.function.name} in ${count(v.problem.function.dimensions, 'dimension')}, ${count(v.steps, v.problem.search.name === 'genetic_algorithm' ? 'generation' : 'step')}`;
      return `${v.label === null ? '' : `${v.label}: `}${what} and ${count(v.records, 'record')} per restart`;
    })
    .join('; ');
  return `${count(e.restarts, 'restart')}${plan.variants.length > 1 ? ` × ${plan.variants.length} variants` : ''}; ${configs}`;
}
