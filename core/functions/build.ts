import { BUILTINS } from './builtin';
import { parseFormula } from './expression';
import { type Domain, type Minimum, numericGradient, type Objective } from './objective';

/** A function as an experiment names it, resolved: dimensions and domain filled in. */
export interface FunctionSpec {
  name: string;
  dimensions: number;
  domain: [number, number][];
  formula?: string | undefined;
}

function inside(p: readonly number[], domain: Domain): boolean {
  return p.every((v, i) => v >= domain[i]![0] && v <= domain[i]![1]);
}

/** The known global minima of a built-in inside `domain`, or null when there are more than MAX_MINIMA. */
export function knownMinima(name: string, dimensions: number, domain: Domain): Minimum[] | null {
  const b = BUILTINS[name];
  if (b === undefined) return [];
  const all = b.minima(dimensions, domain);
  return all === null ? null : all.filter((m) => inside(m.position, domain));
}

/**
 * Builds the Objective an experiment's function names: a built-in with its analytic gradient, or a
 * custom formula in x and y (parsed safely; central-difference gradient; no known minima).
 * Throws FormulaError for a formula that does not parse.
 */
export function buildObjective(spec: FunctionSpec): Objective {
  const domain = spec.domain;
  if (spec.name === 'custom') {
    const formula = parseFormula(spec.formula ?? '');
    const value = (x: Float64Array) => formula(x[0]!, x[1]!);
    return {
      name: 'custom',
      dimensions: 2,
      domain,
      minima: [],
      analyticGradient: false,
      value,
      gradient: (x, out) => numericGradient(value, x, out),
    };
  }
  const b = BUILTINS[spec.name]!;
  return {
    name: spec.name,
    dimensions: spec.dimensions,
    domain,
    minima: knownMinima(spec.name, spec.dimensions, domain) ?? [],
    analyticGradient: true,
    value: b.value,
    gradient: b.gradient,
  };
}
