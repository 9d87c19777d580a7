// Edits of an experiment object by dotted field path. The panel's state is the experiment file's own
// object, so every edit returns a new object that changes only the path it names (and the kind switch
// it implies); everything else, including keys the panel has no field for, round-trips untouched.
import { BUILTINS } from '../../core/functions/builtin';
import { DatasetSchema, InitializerSchema, LandscapeSchema, OptimizerSchema, SearchSchema, StartSchema } from '../../core/experiment/schema';
import { defaultExperiment } from '../defaults';

/** A JSON object as the experiment file holds it. */
export type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value at a dotted path (`problem.optimizer.learningRate`), or undefined where any step is missing. */
export function getAt(obj: unknown, path: string): unknown {
  let at: unknown = obj;
  for (const key of path.split('.')) {
    if (!isObj(at) || !Object.hasOwn(at, key)) return undefined;
    at = at[key];
  }
  return at;
}

/**
 * What a missing parent object starts as when a field inside it is first set: discriminated objects
 * get the kind the schema would default to, so that setting `problem.optimizer.learningRate` on a
 * file without an optimizer gives `{"name": "sgd", "learningRate": …}`.
 */
const PARENT_SEEDS: Record<string, Obj> = {
  'problem.optimizer': { name: 'sgd' },
  'problem.init.weights': { name: 'glorot_uniform' },
  'problem.init.bias': { name: 'zeros' },
  'problem.search': { name: 'hill_climbing' },
  'problem.start': { kind: 'uniform' },
};

/** Optional blocks whose presence means something: removed when their last key is cleared. */
const PRUNED = new Set(['seeds', 'problem.basinMap']);

function setIn(obj: Obj, keys: string[], prefix: string, value: unknown): Obj {
  const [key, ...rest] = keys as [string, ...string[]];
  const here = prefix === '' ? key : `${prefix}.${key}`;
  const out: Obj = { ...obj };
  if (rest.length === 0) {
    if (value === undefined) delete out[key];
    else out[key] = value;
    return out;
  }
  const child = isObj(obj[key]) ? (obj[key] as Obj) : { ...PARENT_SEEDS[here] };
  const next = setIn(child, rest, here, value);
  if (PRUNED.has(here) && Object.keys(next).length === 0) delete out[key];
  else out[key] = next;
  return out;
}

/** A copy of `obj` with `value` at `path` (undefined removes the key), creating missing parents. */
export function setAt(obj: Obj, path: string, value: unknown): Obj {
  return setIn(obj, path.split('.'), '', value);
}

// ---------------------------------------------------------------- kind switches

type Shape = Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
interface Union {
  key: string;
  options: readonly { shape: unknown }[];
}

/** The discriminated objects of the schema, by path, with their discriminating key. */
export const UNIONS: Record<string, Union> = {
  'problem.dataset': { key: 'kind', options: DatasetSchema.options },
  'problem.optimizer': { key: 'name', options: OptimizerSchema.options },
  'problem.init.weights': { key: 'name', options: InitializerSchema.options },
  'problem.init.bias': { key: 'name', options: InitializerSchema.options },
  'problem.search': { key: 'name', options: SearchSchema.options },
  'problem.start': { key: 'kind', options: StartSchema.options },
  landscape: { key: 'plane', options: LandscapeSchema.options },
};

/** The schema's shape of the union member at `unionPath` whose discriminator is `value`. */
export function memberShape(unionPath: string, value: unknown): Shape | undefined {
  const u = UNIONS[unionPath]!;
  const option = u.options.find((o) => {
    const disc = (o.shape as Record<string, { value?: unknown }>)[u.key];
    return disc?.value === value;
  });
  return option?.shape as Shape | undefined;
}

/** The schema's default of one key of a union member: its value when the file leaves it out, or undefined. */
function schemaDefault(shape: Shape | undefined, key: string): string {
  const r = shape?.[key]?.safeParse(undefined);
  return r?.success === true ? JSON.stringify(r.data) ?? 'undefined' : '#required';
}

/** The number of dimensions a function problem searches: its `dimensions`, its domain's length, or 2. */
export function dimensionsOf(e: Obj): number {
  const d = getAt(e, 'problem.function.dimensions');
  const domain = getAt(e, 'problem.function.domain');
  return typeof d === 'number' ? d : Array.isArray(domain) ? domain.length : 2;
}

/** The middle of a function's search box (the custom formula's box is [-3, 3]², whose middle is 0). */
function domainCentre(e: Obj): number[] {
  const n = Math.max(1, Math.min(100, Math.floor(dimensionsOf(e))));
  const name = getAt(e, 'problem.function.name');
  const builtin = typeof name === 'string' ? BUILTINS[name] : undefined;
  return builtin === undefined ? Array.from({ length: n }, () => 0) : builtin.domain(n).map(([lo, hi]) => (lo + hi) / 2);
}

/** Values a newly chosen kind requires (keys without a schema default), so the switch gives a valid object where it can. */
const REQUIRED: Record<string, Record<string, (e: Obj) => Obj>> = {
  'problem.start': {
    normal: (e) => ({ mean: domainCentre(e) }),
    fixed: (e) => ({ point: domainCentre(e) }),
  },
  landscape: { weights: () => ({ params: [0, 1] }) },
};

/**
 * Switches the discriminated object at `unionPath` to another kind: a new object of that kind that
 * keeps each old setting the new kind also has with the same default (so sgd's batch size survives a
 * switch to adam, but a learning rate tuned for sgd does not carry over to rmsprop, whose default
 * differs), plus any value the new kind requires.
 */
export function switchKind(e: Obj, unionPath: string, value: string): Obj {
  const { key } = UNIONS[unionPath]!;
  const old = getAt(e, unionPath);
  const oldObj = isObj(old) ? old : { ...PARENT_SEEDS[unionPath] };
  const oldShape = memberShape(unionPath, oldObj[key]);
  const newShape = memberShape(unionPath, value);
  const next: Obj = { [key]: value };
  for (const [k, v] of Object.entries(oldObj)) {
    if (k === key || newShape?.[k] === undefined) continue;
    if (schemaDefault(oldShape, k) === schemaDefault(newShape, k)) next[k] = v;
  }
  Object.assign(next, REQUIRED[unionPath]?.[value]?.(e));
  return setAt(e, unionPath, next);
}

// ---------------------------------------------------------------- special edits

/** A sample formula for a new custom function: several basins of different depth. */
export const SAMPLE_FORMULA = 'sin(3*x)*cos(2*y) + 0.1*(x^2+y^2)';

/**
 * Chooses another test function: dimensions are kept where the new function takes any number, the
 * domain (the old function's box) is dropped, and a custom function gets a sample formula.
 */
export function switchFunction(e: Obj, name: string): Obj {
  const fixed2D = name === 'custom' || BUILTINS[name]?.fixed2D === true;
  const old = getAt(e, 'problem.function');
  const next: Obj = { name };
  const dims = isObj(old) ? old.dimensions : undefined;
  if (!fixed2D && dims !== undefined) next.dimensions = dims;
  if (name === 'custom') next.formula = isObj(old) && typeof old.formula === 'string' ? old.formula : SAMPLE_FORMULA;
  return setAt(e, 'problem.function', next);
}

/** Output and loss come in pairs; the panel sets the output and keeps a given loss its partner ('' gives both back to the data). */
export function setOutput(e: Obj, output: string): Obj {
  const pairs: Record<string, string> = { sigmoid: 'bce', softmax: 'cce', linear: 'mse' };
  if (output === '') return setAt(setAt(e, 'problem.model.output', undefined), 'problem.model.loss', undefined);
  const next = setAt(e, 'problem.model.output', output);
  return getAt(e, 'problem.model.loss') === undefined ? next : setAt(next, 'problem.model.loss', pairs[output]);
}

/**
 * Chooses a landscape plane ('' removes the block). A slice needs every recorded point, so choosing a
 * plane also asks the records for all parameter vectors.
 */
export function setPlane(e: Obj, plane: string): Obj {
  if (plane === '') return setAt(e, 'landscape', undefined);
  const next = isObj(e.landscape) ? switchKind(e, 'landscape', plane) : setAt(e, 'landscape', { plane, ...REQUIRED.landscape![plane]?.(e) });
  return getAt(next, 'record.params') === 'all' ? next : setAt(next, 'record.params', 'all');
}

/** What a problem-type switch keeps of the other type, so that switching back restores it. */
export interface TypeStash {
  network?: { problem: unknown; landscape: unknown; every: unknown; name: unknown };
  function?: { problem: unknown; every: unknown; name: unknown };
}

/** A new function problem: four equal minima for simulated annealing to choose among. */
export function defaultFunctionProblem(): Obj {
  return { type: 'function', function: { name: 'himmelblau' }, search: { name: 'simulated_annealing', steps: 1000 } };
}

/** The name a new function problem gets (when the experiment still has the lab's name for its old problem). */
export const DEFAULT_FUNCTION_NAME = 'Himmelblau: restarts of simulated annealing';

/** Whether `name` is one of the lab's default names (a name the user gave, or none, is theirs). */
function labName(name: unknown): boolean {
  return name === defaultExperiment().name || name === DEFAULT_FUNCTION_NAME;
}

/**
 * Switches the problem between a network and a function. The other type's problem (and a network's
 * landscape block and per-epoch recording, which functions refuse) go into the stash and come back
 * from it; without a stash entry the type starts from the lab's default.
 */
export function switchProblemType(e: Obj, type: string, stash: TypeStash): { experiment: Obj; stash: TypeStash } {
  const current = getAt(e, 'problem.type');
  if (current === type) return { experiment: e, stash };
  let next = e;
  const kept: TypeStash = { ...stash };
  if (current === 'network') kept.network = { problem: e.problem, landscape: e.landscape, every: getAt(e, 'record.every'), name: e.name };
  else if (current === 'function') kept.function = { problem: e.problem, every: getAt(e, 'record.every'), name: e.name };
  if (type === 'function') {
    next = setAt(next, 'landscape', undefined);
    next = setAt(next, 'problem', kept.function?.problem ?? defaultFunctionProblem());
    const every = kept.function?.every ?? (getAt(e, 'record.every') === 'epoch' ? undefined : getAt(e, 'record.every'));
    if (isObj(next.record) || every !== undefined) next = setAt(next, 'record.every', every);
  } else {
    const fresh = defaultExperiment();
    const back = kept.network;
    next = setAt(next, 'problem', back?.problem ?? fresh.problem);
    next = setAt(next, 'landscape', back === undefined ? undefined : back.landscape);
    if (back !== undefined && (isObj(next.record) || back.every !== undefined)) next = setAt(next, 'record.every', back.every);
  }
  // A name of the user's own (or none) stays; the lab's name for the old problem (the default
  // experiment's "Spirals: …") would mislabel a search, so the new type's name comes back from the
  // stash (as it was, none included), or is its default.
  if (labName(e.name)) {
    const name = type === 'function' ? (kept.function?.name ?? DEFAULT_FUNCTION_NAME) : (kept.network?.name ?? defaultExperiment().name);
    next = setAt(next, 'name', name);
  }
  return { experiment: next, stash: kept };
}
