import type { RunPlan } from './plan';

/** One line describing what a valid experiment will run: restarts, variants, and each configuration's size. */
export function describePlan(plan: RunPlan): string {
  const e = plan.experiment;
  const configs = plan.variants
    .map((v) => {
      const what =
        v.kind === 'network'
          ? `${v.sizes.join('-')} network (${v.paramCount} parameters), ${v.steps} updates`
          : `${v.problem.search.name} on ${v.problem.function.name} in ${v.problem.function.dimensions} dimensions, ${v.steps} ${v.problem.search.name === 'genetic_algorithm' ? 'generations' : 'steps'}`;
      return `${v.label === null ? '' : `${v.label}: `}${what} and ${v.records} records per restart`;
    })
    .join('; ');
  return `${e.restarts} restart${e.restarts === 1 ? '' : 's'}${plan.variants.length > 1 ? ` × ${plan.variants.length} variants` : ''}; ${configs}`;
}
