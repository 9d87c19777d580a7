// Property tests of reading an experiment: whatever text or JSON value a user (or a file) gives,
// parseJson + resolveExperiment either resolve it or throw an ExperimentError listing what is wrong,
// never another error (a TypeError or RangeError would reach the user as a crash, not a problem list).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExperimentError } from '../../core/experiment/errors';
import { findJsonSyntaxError } from '../../core/experiment/json-syntax';
import { parseJson, resolveExperiment } from '../../core/experiment/resolve';
import { BUILTIN_NAMES } from '../../core/functions/builtin';
import { ROOT } from '../paths';

const FORMAT = 'landscape-lab/experiment@1';

/** Runs `read`; an ExperimentError must list at least one problem, each with a non-empty message. Any other error fails the property. */
function outcome(read: () => unknown): 'resolved' | 'refused' {
  try {
    read();
    return 'resolved';
  } catch (e) {
    if (!(e instanceof ExperimentError)) throw e;
    expect(e.problems.length).toBeGreaterThan(0);
    for (const p of e.problems) {
      expect(typeof p.path).toBe('string');
      expect(p.message.trim()).not.toBe('');
    }
    expect(e.message.trim()).not.toBe('');
    return 'refused';
  }
}

const noFiles = (path: string): string => {
  throw new Error(`no such file: ${path}`);
};

const readText = (text: string) => outcome(() => resolveExperiment(parseJson(text), noFiles));

// ---------------------------------------------------------------------------------------------
// Texts: anything, JSON, and JSON with characters inserted, deleted or replaced.

type TextEdit = { at: number; op: 'insert' | 'delete' | 'replace'; chars: string };

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const { at, op, chars } of edits) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    if (op === 'insert') out = out.slice(0, i) + chars + out.slice(i);
    else if (op === 'delete') out = out.slice(0, i) + out.slice(i + chars.length);
    else out = out.slice(0, i) + chars + out.slice(i + chars.length);
  }
  return out;
}

const syntaxChars = fc.oneof(fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '\n', '\r\n', '\t', ' ', '\u0000', '\ufeff', 'e', '-', '.', '0', '1', 'true', 'nul', '\\u12', '//', '/*'), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }));
const textEdits = fc.array(fc.record({ at: fc.nat(), op: fc.constantFrom<TextEdit['op']>('insert', 'delete', 'replace'), chars: syntaxChars }), { minLength: 1, maxLength: 3 });
/** Numbers written with up to 600 digits (JSON.parse takes any length). */
const longNumber = fc.tuple(fc.constantFrom('', '-'), fc.integer({ min: 1, max: 600 }), fc.constantFrom('', '.5', 'e3', 'E-2')).map(([sign, n, tail]) => `${sign}1${'0'.repeat(n)}${tail}`);
const jsonText = fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify(v, null, 2)), longNumber.map((n) => `{"format": ${n}}`));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
  jsonText,
  fc.tuple(jsonText, textEdits).map(([t, e]) => applyEdits(t, e)),
  jsonText.map((t) => `\ufeff${t}`),
);

// ---------------------------------------------------------------------------------------------
// Experiments near the valid ones: the examples, the lessons' scenes and a few written here, each
// changed at 1 to 3 places with values from the schema's own vocabulary and the edges of its ranges.

function lessonExperiments(): unknown[] {
  const dir = join(ROOT, 'lessons');
  const found: unknown[] = [];
  const visit = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    if ((v as { format?: unknown }).format === FORMAT) found.push(v);
    Object.values(v).forEach(visit);
  };
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) visit(JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return found;
}

const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(ROOT, 'examples', f), 'utf8')) as unknown);

// Every built-in, egg_crate included (its wide-domain bug is fixed; a property below keeps it so).
const BUILTINS_HERE = BUILTIN_NAMES;
const SEARCHES = [
  { name: 'random_search', steps: 20 },
  { name: 'hill_climbing', steps: 20, stepSize: 0.1, distribution: 'uniform' },
  { name: 'simulated_annealing', steps: 20, temperature: 2, cooling: 0.9 },
  { name: 'genetic_algorithm', steps: 5, population: 6, tournament: 2, elitism: 1, mutationRate: 0.5 },
  { name: 'gradient_descent', steps: 20, learningRate: 0.01, gradientNoise: 0.1 },
  { name: 'momentum', steps: 20, momentum: 0.5 },
  { name: 'adam', steps: 20, beta1: 0.8 },
];
const network = (problem: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({
  format: FORMAT,
  seed: 's',
  restarts: 3,
  problem: { type: 'network', dataset: { kind: 'xor', samples: 40 }, model: { hidden: [4] }, optimizer: { name: 'sgd', learningRate: 0.5, epochs: 3, batchSize: 8 }, ...problem },
  ...rest,
});
const written: unknown[] = [
  network({}, { record: { every: 1, params: 'all' }, landscape: { plane: 'interpolate', restarts: [0, 1], resolution: 9 } }),
  network({ dataset: { kind: 'gaussians', samples: 30, classes: 3 }, init: { explicit: Array(27).fill(0.1) } }),
  network({ dataset: { kind: 'sine', samples: 20 }, optimizer: { name: 'rmsprop', rho: 0.9, epochs: 2 } }, { landscape: { plane: 'weights', params: [0, 1], resolution: 5 }, record: { params: 'all' } }),
  network({ dataset: { kind: 'moons' }, model: { hidden: [3, 3], activation: 'relu', output: 'sigmoid', loss: 'bce' }, optimizer: { name: 'adam', epochs: 1 } }, { seeds: { init: 'a', data: 'b' } }),
  network({ dataset: { kind: 'csv', path: 'd.csv', target: 'y' } }),
  network({ dataset: { kind: 'circles', factor: 0.3 }, init: { weights: { name: 'variance_scaling', scale: 2, mode: 'fan_avg' }, bias: { name: 'constant', value: 0.1 } } }, {
    variants: [{ label: 'a', problem: { optimizer: { name: 'adagrad', epochs: 1 } } }, { label: 'b', problem: { model: { hidden: [2, 2] } } }],
    landscape: { plane: 'endpoints', restarts: [0, 1, 2], variant: 'b', resolution: 4 },
    record: { params: 'all' },
  }),
  ...BUILTINS_HERE.map((name, i) => ({
    format: FORMAT,
    restarts: 2,
    problem: {
      type: 'function',
      function: { name, dimensions: 2, domain: [[-3, 3], [-2, 4]] },
      start: i % 3 === 0 ? { kind: 'uniform' } : i % 3 === 1 ? { kind: 'fixed', point: [1, 1] } : { kind: 'normal', mean: [0, 0], stddev: 0.5 },
      search: SEARCHES[i % SEARCHES.length],
      ...(i % SEARCHES.length >= 4 ? { basinMap: { resolution: 5 } } : {}),
    },
    record: { every: 5 },
  })),
  { format: FORMAT, problem: { type: 'function', function: { name: 'custom', formula: 'x^2 + sin(3*y) - log(abs(x) + 1)' } }, variants: [{ label: 'gd', problem: { search: { name: 'gradient_descent' } } }, { label: 'rs', problem: { search: { name: 'random_search' } } }] },
];
const corpus = [...examples, ...lessonExperiments(), ...written];

const VOCABULARY = [
  'network', 'function', 'xor', 'circles', 'moons', 'spirals', 'gaussians', 'sine', 'iris', 'csv', 'sgd', 'adam', 'rmsprop', 'adagrad',
  'tanh', 'relu', 'linear', 'sigmoid', 'softmax', 'bce', 'cce', 'mse', 'zeros', 'orthogonal', 'identity', 'variance_scaling', 'glorot_uniform',
  'random_search', 'hill_climbing', 'genetic_algorithm', 'gradient_descent', 'momentum', 'uniform', 'normal', 'fixed', 'gaussian',
  'weights', 'random', 'pca', 'endpoints', 'interpolate', 'mean', 'initial', 'final', 'epoch', 'all', 'ends', 'none', 'auto', 'fan_out',
  ...BUILTINS_HERE, 'custom', 'x*y', 'sqrt(x) / y', '((x', '', 'a', 'd.csv', '../d.csv', FORMAT, 'landscape-lab/experiment@2', '__proto__', 'constructor',
];
const KEYS = [
  'format', 'name', 'seed', 'seeds', 'restarts', 'problem', 'record', 'analysis', 'landscape', 'variants', 'type', 'dataset', 'model', 'init', 'optimizer',
  'function', 'start', 'search', 'success', 'basinMap', 'kind', 'samples', 'classes', 'hidden', 'output', 'loss', 'weights', 'bias', 'explicit', 'epochs',
  'batchSize', 'nesterov', 'dimensions', 'domain', 'formula', 'point', 'mean', 'steps', 'population', 'tournament', 'elitism', 'every', 'params', 'plane',
  'restart', 'variant', 'label', 'resolution', 'extent', 'stall', 'window', '__proto__', 'constructor', 'prototype', 'toString',
];
// Edges of the schema's ranges; no bound that would make a valid dataset or egg crate huge.
const NUMBERS = [-1, 0, 1, 2, 3, 4, 7, 0.5, -0.5, 1.5, 2.5, 0.999, 100, 256, 257, 4096, 10000, 1e10, -1e10, 1e300, -1e300, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 5e-324, -0];
const scalar = fc.oneof(fc.constantFrom(...NUMBERS), fc.constantFrom(...VOCABULARY), fc.constantFrom(null, true, false), fc.double({ noNaN: true, noDefaultInfinity: true }));
const fragment = fc.constantFrom<unknown>(
  {},
  [],
  [{ label: 'a' }, { label: 'b', problem: { optimizer: { name: 'adam' } } }],
  [{ label: 'x', problem: { type: 'function', function: { name: 'sphere' } } }],
  { plane: 'pca' },
  { plane: 'weights', params: [0, 0] },
  { resolution: 5 },
  { kind: 'fixed', point: [0] },
  { explicit: [[1, 2], [3]] },
  { name: 'custom', formula: 'x + y' },
  [[0, 1]],
  [[1, 0], [0, 1]],
);
const value = fc.oneof({ weight: 4, arbitrary: scalar }, fc.array(scalar, { maxLength: 3 }), fragment, fc.jsonValue({ maxDepth: 2 }));

/** A change: `nudge` keeps a leaf's type (a number for a number, a word for a string), so more of the results pass the schema and reach the planning after it. */
type Change = { op: 'nudge' | 'set' | 'delete' | 'add'; pick: number; key: string; value: unknown; number: number; word: string };
const changes = fc.array(
  fc.record({
    op: fc.constantFrom<Change['op']>('nudge', 'nudge', 'set', 'delete', 'add'),
    pick: fc.nat(),
    key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })),
    value,
    number: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -3, max: 300 })),
    word: fc.constantFrom(...VOCABULARY),
  }),
  { minLength: 1, maxLength: 3 },
);

type Node = { parent: Record<string | number, unknown>; key: string | number; value: unknown };

function nodes(value: unknown, out: Node[] = []): Node[] {
  if (value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    out.push({ parent: value as Record<string | number, unknown>, key: Array.isArray(value) ? Number(k) : k, value: v });
    nodes(v, out);
  }
  return out;
}

/** Applies the changes to a copy of `base`: a value set, a key deleted, or an own key added (as JSON.parse would, even "__proto__"). */
function changed(base: unknown, list: Change[]): unknown {
  const root = structuredClone(base);
  for (const c of list) {
    const all = nodes(root);
    if (all.length === 0) break;
    const node = all[c.pick % all.length]!;
    if (c.op === 'nudge') {
      if (typeof node.value === 'number') node.parent[node.key] = c.number;
      else if (typeof node.value === 'string') node.parent[node.key] = c.word;
      else if (typeof node.value === 'boolean') node.parent[node.key] = !node.value;
    } else if (c.op === 'set') node.parent[node.key] = structuredClone(c.value);
    else if (c.op === 'delete') {
      if (Array.isArray(node.parent)) node.parent.splice(node.key as number, 1);
      else delete node.parent[node.key];
    } else {
      const target = node.value !== null && typeof node.value === 'object' && !Array.isArray(node.value) ? node.value : node.parent;
      if (Array.isArray(target)) target.push(structuredClone(c.value));
      else Object.defineProperty(target, c.key, { value: structuredClone(c.value), enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

const nearValid = fc.tuple(fc.constantFrom(...corpus), changes).map(([base, list]) => changed(base, list));
/** What a CSV dataset file holds: anything, or rows of the vocabulary's numbers and words under a header. */
const csvFile = fc.option(
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc
      .tuple(fc.constantFrom('x,y', 'a,b,y', 'y', 'x,x,y', ',y', 'x;y', 'x,"y"'), fc.array(fc.array(fc.oneof(fc.constantFrom(...NUMBERS.map(String)), fc.constantFrom('', 'NaN', 'a', '"1"', '1e999')), { minLength: 1, maxLength: 3 }), { maxLength: 6 }))
      .map(([header, rows]) => [header, ...rows.map((r) => r.join(','))].join('\n')),
  ),
  { nil: null },
);

describe('reading an experiment, given arbitrary input', () => {
  // 1,500 runs.
  it('any text is parsed and resolved, or refused with an ExperimentError listing problems (1500 runs)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        readText(text);
      }),
      { numRuns: 1500 },
    );
  });

  // 1,000 runs. The oracle is JSON.parse itself.
  it('parseJson refuses exactly what JSON.parse refuses (and a key twice in one object), naming a line and column inside the text (1000 runs)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
        let valid = true;
        try {
          JSON.parse(body);
        } catch {
          valid = false;
        }
        const error = (() => {
          try {
            parseJson(text);
          } catch (e) {
            return e;
          }
          return null;
        })();
        if (valid && error === null) return;
        expect(error).toBeInstanceOf(ExperimentError);
        if (valid) expect((error as ExperimentError).message).toMatch(/^not valid JSON at line \d+, column \d+: the key .* appears twice in one object/);
        const where = /^not valid JSON at line (\d+), column (\d+): ./.exec((error as ExperimentError).message);
        if (where !== null) {
          const lines = text.split('\n');
          const line = Number(where[1]);
          expect(line).toBeGreaterThanOrEqual(1);
          expect(line).toBeLessThanOrEqual(lines.length);
          expect(Number(where[2])).toBeGreaterThanOrEqual(1);
          expect(Number(where[2])).toBeLessThanOrEqual(lines[line - 1]!.length + 1);
        }
      }),
      { numRuns: 1000 },
    );
  });

  // 1,000 runs.
  it('any JSON value, and any object with an experiment\'s top-level keys, is resolved or refused with an ExperimentError (1000 runs)', () => {
    const shaped = fc.record(
      { format: fc.oneof(fc.constant(FORMAT), fc.jsonValue()), problem: fc.oneof(fc.jsonValue(), fc.record({ type: fc.constantFrom('network', 'function') }, { requiredKeys: [] })), restarts: fc.jsonValue(), variants: fc.jsonValue(), landscape: fc.jsonValue() },
      { requiredKeys: ['format'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), shaped), (input) => {
        outcome(() => resolveExperiment(input, noFiles));
        outcome(() => resolveExperiment(parseJson(JSON.stringify(input) ?? 'null'), noFiles));
      }),
      { numRuns: 1000 },
    );
  });

  // 1,500 runs over the examples, the lessons' experiments and the ones above, each changed at 1-3 places.
  it('experiments near the valid ones are resolved or refused with an ExperimentError, never another error (1500 runs)', () => {
    let resolved = 0;
    fc.assert(
      fc.property(nearValid, csvFile, (input, csv) => {
        const read = (path: string) => (csv === null ? noFiles(path) : csv);
        if (outcome(() => resolveExperiment(input, read)) === 'resolved') resolved++;
        // The same through the file's text, as the app reads it (a "__proto__" key stays a key in JSON).
        outcome(() => resolveExperiment(parseJson(JSON.stringify(input)), read));
      }),
      { numRuns: 1500 },
    );
    // The changes must leave enough experiments valid for the planning code after the schema to be exercised.
    expect(resolved).toBeGreaterThan(1500 * 0.1);
  });

  // Found by this suite: egg_crate listed its minima per axis before checking MAX_MINIMA, so a wide
  // domain threw RangeError "Invalid array length" out of resolveExperiment; it now counts them first.
  // 300 runs; every one has a range over 2^32 wide.
  it('an egg crate over any valid domain is resolved or refused with an ExperimentError (300 runs)', () => {
    const bound = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(1e10, -1e10, 1e300, -1e300, Number.MAX_SAFE_INTEGER));
    const range = fc.tuple(bound, bound).filter(([lo, hi]) => lo < hi);
    const domain = fc.array(range, { minLength: 1, maxLength: 3 }).filter((d) => d.some(([lo, hi]) => hi - lo > 2 ** 32));
    fc.assert(
      fc.property(domain, (d) => {
        outcome(() => resolveExperiment({ format: FORMAT, problem: { type: 'function', function: { name: 'egg_crate', domain: d } } }, noFiles));
      }),
      { numRuns: 300 },
    );
  });

  // Found by this suite: number() matched within the next 400 characters only, so a longer number
  // (valid JSON) was reported as a syntax error at its 401st character. It now matches at any length.
  // 300 runs.
  it('findJsonSyntaxError finds no error in text JSON.parse accepts (300 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(jsonText, longNumber), (text) => {
        expect(findJsonSyntaxError(text)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
