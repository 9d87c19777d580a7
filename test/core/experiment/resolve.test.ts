import { describe, expect, it } from 'vitest';
import { toJson } from '../../../core/export/json';
import { networkVariant, parseJson } from '../../../core/experiment/resolve';
import { ExperimentError } from '../../../core/experiment/errors';
import { MAX_JSON_DEPTH } from '../../../core/experiment/limits';
import { plan, problemsOf, xorExperiment } from './helpers';

type Edit = (e: any) => void;

const base = () => ({ format: 'landscape-lab/experiment@1', problem: { type: 'network', dataset: { kind: 'xor' } } }) as any;

// Each bad file and the exact one-line problem it must produce: the field path, what was expected, what was found.
const refused: [string, Edit, string][] = [
  ['a format from another version', (e) => (e.format = 'landscape-lab/experiment@2'), 'format: expected "landscape-lab/experiment@1", found "landscape-lab/experiment@2"'],
  ['a missing format', (e) => delete e.format, 'format: expected "landscape-lab/experiment@1", found nothing'],
  ['an unknown top-level key', (e) => (e.restart = 3), 'unknown key "restart" (allowed: format, name, seed, seeds, restarts, problem, record, analysis, landscape, variants)'],
  ['a fractional restart count', (e) => (e.restarts = 2.5), 'restarts: expected an integer, found 2.5'],
  ['restarts over the limit', (e) => (e.restarts = 20000), 'restarts: expected an integer <= 10000 (the limit on restarts), found 20000'],
  ['a numeric seed', (e) => (e.seed = 42), 'seed: expected a string, found 42'],
  ['a misspelt activation', (e) => (e.problem.model = { activation: 'tahn' }), 'problem.model.activation: expected one of "tanh", "relu", "leaky_relu", "sigmoid", "elu", "linear", found "tahn"'],
  ['a misspelt optimizer key', (e) => (e.problem.optimizer = { name: 'sgd', momentun: 0.9 }), 'problem.optimizer: unknown key "momentun" (allowed: name, learningRate, momentum, nesterov, batchSize, epochs, shuffle)'],
  ['an unknown optimizer', (e) => (e.problem.optimizer = { name: 'adamw' }), 'problem.optimizer.name: expected one of "sgd", "adam", "rmsprop", "adagrad", found "adamw" (did you mean "adam"?)'],
  ['an optimizer without a name', (e) => (e.problem.optimizer = { learningRate: 0.1 }), 'problem.optimizer.name: missing (expected one of "sgd", "adam", "rmsprop", "adagrad")'],
  ['a negative learning rate', (e) => (e.problem.optimizer = { name: 'adam', learningRate: -1 }), 'problem.optimizer.learningRate: expected a number > 0, found -1'],
  ['nesterov without momentum', (e) => (e.problem.optimizer = { name: 'sgd', nesterov: true }), 'problem.optimizer.nesterov: expected momentum > 0 for nesterov (PyTorch refuses it too), found momentum 0'],
  ['an unknown initializer', (e) => (e.problem.init = { weights: { name: 'xavier' } }), 'problem.init.weights.name: expected one of "zeros", "ones", "constant", "random_normal", "random_uniform", "truncated_normal", "variance_scaling", "orthogonal", "identity", "lecun_uniform", "lecun_normal", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", found "xavier"'],
  ['a Keras seed argument (streams give the seeds)', (e) => (e.problem.init = { weights: { name: 'glorot_uniform', seed: 3 } }), 'problem.init.weights: unknown key "seed" (allowed: name)'],
  ['an orthogonal bias', (e) => (e.problem.init = { bias: { name: 'orthogonal' } }), 'problem.init.bias.name: expected an initializer for a 1-D bias, found "orthogonal" (it needs a 2-D kernel, as in Keras)'],
  ['an explicit vector of the wrong length', (e) => (e.problem.init = { explicit: [1, 2, 3] }), 'problem.init.explicit: expected 33 numbers (the parameters of the 2-8-1 network), found 3'],
  ['explicit vectors next to initializers', (e) => (e.problem.init = { explicit: [1], weights: { name: 'zeros' } }), 'problem.init.explicit: expected either "explicit" or "weights"/"bias", found both'],
  ['a non-number in an explicit vector', (e) => (e.problem.init = { explicit: [1, 'a'] }), 'problem.init.explicit[1]: expected a finite number, found "a"'],
  ['explicit vectors, one short of the restarts', (e) => { e.restarts = 2; e.problem.init = { explicit: [Array(33).fill(0)] }; }, 'problem.init.explicit: expected 2 vectors (one per restart), found 1'],
  ['an output and loss that do not pair', (e) => (e.problem.model = { output: 'sigmoid', loss: 'mse' }), 'problem.model.loss: expected "bce" with output "sigmoid" (pairs: sigmoid+bce, softmax+cce, linear+mse), found "mse"'],
  ['bce on three classes', (e) => { e.problem.dataset = { kind: 'iris' }; e.problem.model = { loss: 'bce' }; }, 'problem.model.loss: expected softmax+cce for 3 classes (sigmoid+bce needs labels 0 and 1), found sigmoid+bce'],
  ['a regression head on classes', (e) => (e.problem.model = { output: 'linear' }), 'problem.model.output: expected a classifier head (sigmoid+bce or softmax+cce) for classification data (xor, 2 classes), found linear+mse'],
  ['a classifier head on regression data', (e) => { e.problem.dataset = { kind: 'sine' }; e.problem.model = { loss: 'cce' }; }, 'problem.model.loss: expected "linear" output with "mse" loss for regression data (sine), found softmax+cce'],
  ['a misspelt dataset kind', (e) => (e.problem.dataset = { kind: 'spiral' }), 'problem.dataset.kind: expected one of "xor", "circles", "moons", "spirals", "gaussians", "sine", "iris", "csv", found "spiral" (did you mean "spirals"?)'],
  ['too few samples', (e) => (e.problem.dataset = { kind: 'xor', samples: 2 }), 'problem.dataset.samples: expected an integer >= 4, found 2'],
  ['a CSV file that is not there', (e) => (e.problem.dataset = { kind: 'csv', path: 'nope.csv' }), 'problem.dataset.path: cannot read "nope.csv": no such file: nope.csv'],
  ['a negative layer width', (e) => (e.problem.model = { hidden: [4, -1] }), 'problem.model.hidden[1]: expected an integer >= 1, found -1'],
  ['more hidden layers than the limit', (e) => (e.problem.model = { hidden: Array(33).fill(2) }), 'problem.model.hidden: expected at most 32 items (the limit on hidden layers), found 33 items'],
  ['more variants than the limit', (e) => (e.variants = Array.from({ length: 33 }, (_, i) => ({ label: `v${i}` }))), 'variants: expected at most 32 items (the limit on variants), found 33 items'],
  ['a function domain over the dimension limit', (e) => (e.problem = { type: 'function', function: { name: 'sphere', domain: Array(101).fill([-1, 1]) } }), 'problem.function.domain: expected at most 100 items (the limit on dimensions), found 101 items'],
  ['a custom formula over 2000 characters (refused once, for its length)', (e) => (e.problem = { type: 'function', function: { name: 'custom', formula: 'x'.repeat(2001) } }), 'problem.function.formula: expected a string of at most 2000 characters, found 2001 characters'],
  ['a network over the parameter limit', (e) => (e.problem.model = { hidden: [4096, 4096] }), 'problem.model.hidden: the 2-4096-4096-1 network has 16797697 parameters; the limit is 1000000'],
  ['a run over the step limit', (e) => (e.problem.optimizer = { name: 'sgd', batchSize: 1, epochs: 100000 }), 'problem.optimizer.epochs: 100000 epochs of 200 batches are 20000000 updates per restart; the limit is 10000000'],
  ['recording every 0 steps', (e) => (e.record = { every: 0 }), 'record.every: expected an integer >= 1, found 0'],
  ['recording every "batch"', (e) => (e.record = { every: 'batch' }), 'record.every: expected an integer >= 1 or "epoch", found "batch"'],
  ['an unknown params mode', (e) => (e.record = { params: 'some' }), 'record.params: expected one of "none", "ends", "all", found "some"'],
  ['two variants with one label', (e) => (e.variants = [{ label: 'a' }, { label: 'a' }]), 'variants[1].label: expected a unique label, found "a" again (first at variants[0])'],
  ['a variant with a bad override', (e) => (e.variants = [{ label: 'a', problem: { optimizer: { name: 'nope' } } }]), 'variants[0].problem.optimizer.name: expected one of "sgd", "adam", "rmsprop", "adagrad", found "nope"'],
  ['a problem that is a string', (e) => (e.problem = 'network'), 'problem: expected an object, found "network"'],
  ['epochs as a string', (e) => (e.problem.optimizer = { name: 'sgd', epochs: '10' }), 'problem.optimizer.epochs: expected an integer, found "10"'],
  ['an unknown problem type', (e) => (e.problem.type = 'tree'), 'problem.type: expected one of "network", "function", found "tree"'],
  ['a run over the record limit', (e) => { e.restarts = 10000; e.problem.optimizer = { name: 'sgd', batchSize: 1, epochs: 20 }; }, 'record.every: the run would keep 40010000 records; the limit is 20000000 (record less often, lower record.maxPoints or run fewer restarts)'],
  ['a run over the record limit even with each restart capped at maxPoints', (e) => { e.restarts = 10000; e.problem.optimizer = { name: 'sgd', batchSize: 1, epochs: 20 }; e.record = { maxPoints: 2001 }; }, 'record.every: the run would keep 20010000 records; the limit is 20000000 (record less often, lower record.maxPoints or run fewer restarts)'],
  ['maxPoints below 2 (step 0 and the last step)', (e) => (e.record = { maxPoints: 1 }), 'record.maxPoints: expected an integer >= 2, found 1'],
  ['maxPoints over the limit', (e) => (e.record = { maxPoints: 1000001 }), 'record.maxPoints: expected an integer <= 1000000 (the limit on records per restart), found 1000001'],
  ['a fractional maxPoints', (e) => (e.record = { maxPoints: 64.5 }), 'record.maxPoints: expected an integer, found 64.5'],
  ['a run over the kept-parameter limit', (e) => { e.restarts = 1000; e.problem.model = { hidden: [512, 512] }; e.record = { params: 'all', every: 'epoch' }; }, 'record.params: the run would keep 27264615000 parameter values; the limit is 50000000 (use "ends" or "none", record less often or lower record.maxPoints)'],
  ['a run over the kept-parameter limit even with each restart capped at maxPoints', (e) => { e.restarts = 1000; e.problem.model = { hidden: [512, 512] }; e.record = { params: 'all', maxPoints: 101 }; }, 'record.params: the run would keep 27264615000 parameter values; the limit is 50000000 (use "ends" or "none", record less often or lower record.maxPoints)'],
];

describe('resolveExperiment refuses bad files with one clear line each', () => {
  it.each(refused)('%s', (_name, edit, message) => {
    const e = base();
    edit(e);
    expect(problemsOf(e)).toEqual([message]);
  });

  it('reports every problem of a file at once, in order', () => {
    const e = base();
    e.restarts = 0;
    e.seed = '';
    e.problem.model = { activation: 'relu6' };
    expect(problemsOf(e)).toEqual([
      'seed: expected a string of at least 1 character, found 0 characters',
      'restarts: expected an integer >= 1, found 0',
      'problem.model.activation: expected one of "tanh", "relu", "leaky_relu", "sigmoid", "elu", "linear", found "relu6" (did you mean "relu"?)',
    ]);
  });

  it('refuses a file that is not an object', () => {
    expect(problemsOf([1, 2])).toEqual(['expected an object, found an array of 2 items']);
    expect(problemsOf(null)).toEqual(['expected an object, found null']);
  });

  it('keeps "__proto__" a key, refused as unknown, rather than a prototype', () => {
    const e = JSON.parse('{"format":"landscape-lab/experiment@1","problem":{"type":"network","dataset":{"kind":"xor"}},"__proto__":{"restarts":3}}');
    expect(problemsOf(e)).toEqual(['unknown key "__proto__" (allowed: format, name, seed, seeds, restarts, problem, record, analysis, landscape, variants)']);
  });
});

const functionBase = () => ({ format: 'landscape-lab/experiment@1', problem: { type: 'function', function: { name: 'himmelblau' } } }) as any;

const refusedFunctions: [string, Edit, string][] = [
  ["unknown fn", (e) => { e.problem.function = { name: 'rastrigen' }; }, "problem.function.name: expected one of \"sphere\", \"rastrigin\", \"ackley\", \"griewank\", \"rosenbrock\", \"styblinski_tang\", \"himmelblau\", \"six_hump_camel\", \"beale\", \"booth\", \"egg_crate\", \"custom\", found \"rastrigen\" (did you mean \"rastrigin\"?)"],
  ["custom no formula", (e) => { e.problem.function = { name: 'custom' }; }, "problem.function.formula: missing (a custom function needs a formula in x and y)"],
  ["bad formula", (e) => { e.problem.function = { name: 'custom', formula: 'sin(3*)x' }; }, "problem.function.formula: expected a number, a name or \"(\", found \")\" at character 7 of \"sin(3*)x\""],
  ["formula on builtin", (e) => { e.problem.function = { name: 'sphere', formula: 'x' }; }, "problem.function.formula: expected no formula for the built-in \"sphere\" (formulas are for \"custom\")"],
  ["2d only dims", (e) => { e.problem.function = { name: 'himmelblau', dimensions: 3 }; }, "problem.function.dimensions: expected 2 dimensions (himmelblau is defined in 2), found 3"],
  ["rosen 1d", (e) => { e.problem.function = { name: 'rosenbrock', dimensions: 1 }; }, "problem.function.dimensions: expected at least 2 dimensions for rosenbrock, found 1"],
  ["domain length", (e) => { e.problem.function = { name: 'sphere', dimensions: 3, domain: [[-1, 1], [-1, 1]] }; }, "problem.function.domain: expected 3 ranges (one per dimension), found 2"],
  ["domain order", (e) => { e.problem.function = { name: 'sphere', domain: [[1, -1], [-1, 1]] }; }, "problem.function.domain[0]: expected [low, high] with low < high, found [1,-1]"],
  ["egg too many", (e) => { e.problem.function = { name: 'egg_crate', dimensions: 7 }; }, "problem.function.dimensions: egg_crate in 7 dimensions has more than 10000 minima in its domain; the limit is 10000 (use fewer dimensions or a smaller domain)"],
  ["start mean", (e) => { e.problem.start = { kind: 'normal', mean: [0] }; }, "problem.start.mean: expected 2 numbers (one per dimension), found 1"],
  ["start fixed outside", (e) => { e.problem.start = { kind: 'fixed', point: [9, 0] }; }, "problem.start.point: expected a point inside the domain [[-5,5],[-5,5]], found [9,0]"],
  ["start kind", (e) => { e.problem.start = { kind: 'gaussian' }; }, "problem.start.kind: expected one of \"uniform\", \"normal\", \"fixed\", found \"gaussian\""],
  ["search unknown", (e) => { e.problem.search = { name: 'annealing' }; }, "problem.search.name: expected one of \"random_search\", \"hill_climbing\", \"simulated_annealing\", \"genetic_algorithm\", \"gradient_descent\", \"momentum\", \"adam\", found \"annealing\""],
  ["search key", (e) => { e.problem.search = { name: 'gradient_descent', stepSize: 1 }; }, "problem.search: unknown key \"stepSize\" (allowed: name, steps, learningRate, gradientNoise)"],
  ["cooling", (e) => { e.problem.search = { name: 'simulated_annealing', cooling: 1.5 }; }, "problem.search.cooling: expected a number <= 1, found 1.5"],
  ["ga tournament", (e) => { e.problem.search = { name: 'genetic_algorithm', population: 4, tournament: 5 }; }, "problem.search.tournament: expected at most the population (4), found 5"],
  ["ga elitism", (e) => { e.problem.search = { name: 'genetic_algorithm', population: 4, elitism: 4 }; }, "problem.search.elitism: expected fewer than the population (4), found 4"],
  ["record epoch", (e) => { e.record = { every: 'epoch' }; }, "record.every: expected an integer >= 1 for a function search (\"epoch\" applies to networks), found \"epoch\""],
  ["basin 3d", (e) => { e.problem.function = { name: 'sphere', dimensions: 3 }; e.problem.search = { name: 'adam' }; e.problem.basinMap = {}; }, "problem.basinMap: expected a 2-D function for a basin map, found 3 dimensions"],
  ["variant type", (e) => { e.variants = [{ label: 'n', problem: { type: 'network', dataset: { kind: 'xor' } } }]; }, "variants[0].problem.type: expected \"function\" as in the base problem (variants compare settings of one kind of problem), found \"network\""],
  ["variant dims", (e) => { e.problem.function = { name: 'sphere' }; e.variants = [{ label: 'a' }, { label: 'b', problem: { function: { dimensions: 3 } } }]; }, "variants[1].problem.function.dimensions: expected 2 dimensions as in variants[0], found 3"],
];

describe('resolveExperiment refuses bad function problems with one clear line each', () => {
  it.each(refusedFunctions)('%s', (_name, edit, message) => {
    const e = functionBase();
    edit(e);
    expect(problemsOf(e)).toEqual([message]);
  });

  it('fills a function problem\'s defaults from its function and domain', () => {
    const p = plan({ format: 'landscape-lab/experiment@1', problem: { type: 'function', function: { name: 'rastrigin', dimensions: 3 }, search: { name: 'simulated_annealing' } }, record: { every: 10 } });
    expect(p.experiment.problem).toEqual({
      type: 'function',
      function: { name: 'rastrigin', dimensions: 3, domain: [[-5.12, 5.12], [-5.12, 5.12], [-5.12, 5.12]] },
      start: { kind: 'uniform' },
      search: { name: 'simulated_annealing', steps: 1000, stepSize: 0.512, distribution: 'gaussian', temperature: 1, cooling: 0.995 },
      success: { valueTolerance: 0.001, distanceTolerance: 0.05 },
    });
    const ga = plan({ format: 'landscape-lab/experiment@1', problem: { type: 'function', function: { name: 'six_hump_camel' }, search: { name: 'genetic_algorithm' } } });
    expect((ga.experiment.problem as any).search).toEqual({ name: 'genetic_algorithm', steps: 100, population: 40, tournament: 3, crossoverRate: 0.9, blendAlpha: 0.5, mutationRate: 0.5, stepSize: 0.5, elitism: 1 });
    expect(toJson(plan(JSON.parse(toJson(ga.experiment))).experiment)).toBe(toJson(ga.experiment));
  });
});

describe('parseJson', () => {
  it('names the line and column of a syntax error', () => {
    const text = '{\n  "format": "x",\n  "seed": oops\n}';
    try {
      parseJson(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExperimentError);
      expect((e as Error).message).toBe('not valid JSON at line 3, column 11: unexpected "o"');
    }
  });

  it.each([
    ['{"a": 1,}', 'not valid JSON at line 1, column 9: a comma before "}"'],
    ['{"a": [1, 2,]}', 'not valid JSON at line 1, column 13: a comma before "]"'],
    ['{"a": "x\ny"}', 'not valid JSON at line 1, column 9: a control character (such as a line break) inside a string'],
    ['{"a": 1', 'not valid JSON at line 1, column 8: expected "," or "}", found the end of the file'],
    ["{'a': 1}", 'not valid JSON at line 1, column 2: expected a quoted key, found "\'"'],
    ['{"a": 01}', 'not valid JSON at line 1, column 8: expected "," or "}", found "1"'],
    ['{"a": NaN}', 'not valid JSON at line 1, column 7: unexpected "N"'],
    ['{} {}', 'not valid JSON at line 1, column 4: unexpected "{" after the end of the JSON value'],
    ['', 'not valid JSON at line 1, column 1: the file is empty (expected a JSON object)'],
    ['\ufeff \n', 'not valid JSON at line 2, column 1: the file is empty (expected a JSON object)'],
    ['{"a": ', 'not valid JSON at line 1, column 7: the file ends before the JSON value is complete'],
    ['\x7fELF', 'not valid JSON at line 1, column 1: unexpected U+007F (an invisible character)'],
    ['{"a": \ufffd}', 'not valid JSON at line 1, column 7: unexpected U+FFFD (an invisible character)'],
    ['{"a": 1, "b": {"a": 2}, "a": 3}', 'not valid JSON at line 1, column 25: the key "a" appears twice in one object (first at line 1, column 2); JSON would keep only the last: remove one'],
    ['{"a\\u0062": 1,\n "ab": 2}', 'not valid JSON at line 2, column 2: the key "ab" appears twice in one object (first at line 1, column 2); JSON would keep only the last: remove one'],
  ])('locates the error in %j', (text, message) => {
    expect(() => parseJson(text)).toThrow(message);
  });

  it('refuses nesting over MAX_JSON_DEPTH, valid or not, with the limit (it overflowed the stack: exit code 70 in the CLI)', () => {
    const limit = `objects and arrays nested more than ${MAX_JSON_DEPTH} deep (the limit; an experiment needs fewer than 10)`;
    expect(() => parseJson('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => parseJson('[['.repeat(100_000) + ']]'.repeat(100_000))).toThrow(`not valid JSON at line 1, column 1001: ${limit}`);
    expect(() => parseJson('{"a": ' + '['.repeat(200_000))).toThrow(`not valid JSON at line 1, column 1006: ${limit}`);
  });

  it('accepts a byte-order mark', () => {
    expect(parseJson('\ufeff{"a": -0}')).toEqual({ a: -0 });
  });
});

describe('defaults', () => {
  it('fills every default, choosing the head from the data', () => {
    const p = plan(base());
    expect(p.experiment).toEqual({
      format: 'landscape-lab/experiment@1',
      name: '',
      seed: 'landscape-lab',
      restarts: 8,
      problem: {
        type: 'network',
        dataset: { kind: 'xor', samples: 200, noise: 0.1 },
        model: { hidden: [8], activation: 'tanh', output: 'sigmoid', loss: 'bce' },
        init: { weights: { name: 'glorot_uniform' }, bias: { name: 'zeros' } },
        optimizer: { name: 'sgd', learningRate: 0.001, momentum: 0, nesterov: false, batchSize: 32, epochs: 100, shuffle: true },
      },
      record: { every: 1, params: 'ends' },
      analysis: { symmetryTolerance: 1e-6, stall: { window: 10, tolerance: 1e-3, margin: 0.01 }, basinTolerance: 0.05 },
    });
    expect(networkVariant(p).sizes).toEqual([2, 8, 1]);
  });

  it('uses PyTorch defaults for each optimizer and Keras defaults for each initializer', () => {
    const opt = (name: string) => (plan({ ...base(), problem: { ...base().problem, optimizer: { name } } }).experiment.problem as any).optimizer;
    expect(opt('adam')).toMatchObject({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(opt('rmsprop')).toMatchObject({ learningRate: 0.01, rho: 0.99, epsilon: 1e-8 });
    expect(opt('adagrad')).toMatchObject({ learningRate: 0.01, epsilon: 1e-10 });
    const init = (weights: object) => (plan({ ...base(), problem: { ...base().problem, init: { weights } } }).experiment.problem as any).init.weights;
    expect(init({ name: 'random_normal' })).toEqual({ name: 'random_normal', mean: 0, stddev: 0.05 });
    expect(init({ name: 'random_uniform' })).toEqual({ name: 'random_uniform', minval: -0.05, maxval: 0.05 });
    expect(init({ name: 'truncated_normal' })).toEqual({ name: 'truncated_normal', mean: 0, stddev: 0.05 });
    expect(init({ name: 'constant' })).toEqual({ name: 'constant', value: 0 });
    expect(init({ name: 'variance_scaling' })).toEqual({ name: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'truncated_normal' });
    expect(init({ name: 'orthogonal' })).toEqual({ name: 'orthogonal', gain: 1 });
    expect(init({ name: 'identity' })).toEqual({ name: 'identity', gain: 1 });
  });

  it('picks softmax+cce for several classes and linear+mse for regression', () => {
    const head = (dataset: object) => (plan({ ...base(), problem: { type: 'network', dataset } }).experiment.problem as any).model;
    expect(head({ kind: 'iris' })).toMatchObject({ output: 'softmax', loss: 'cce' });
    expect(head({ kind: 'gaussians', classes: 4 })).toMatchObject({ output: 'softmax', loss: 'cce' });
    expect(head({ kind: 'sine' })).toMatchObject({ output: 'linear', loss: 'mse' });
    expect(networkVariant(plan({ ...base(), problem: { type: 'network', dataset: { kind: 'iris' } } })).sizes).toEqual([4, 8, 3]);
  });

  it('completes a pair from either half', () => {
    const model = (m: object) => (plan({ ...base(), problem: { type: 'network', dataset: { kind: 'xor' }, model: m } }).experiment.problem as any).model;
    expect(model({ loss: 'cce' })).toMatchObject({ output: 'softmax', loss: 'cce' });
    expect(model({ output: 'softmax' })).toMatchObject({ output: 'softmax', loss: 'cce' });
  });

  it('is idempotent: resolving the resolved experiment gives it back', () => {
    const first = plan(xorExperiment({ variants: [{ label: 'zeros', problem: { init: { weights: { name: 'zeros' } } } }, { label: 'adam', problem: { optimizer: { name: 'adam' } } }] }));
    const again = plan(JSON.parse(toJson(first.experiment)));
    expect(toJson(again.experiment)).toBe(toJson(first.experiment));
    const plain = plan(xorExperiment());
    expect(toJson(plan(JSON.parse(toJson(plain.experiment))).experiment)).toBe(toJson(plain.experiment));
  });
});

describe('variants', () => {
  it('merges each override onto the base problem; a new name replaces the whole object', () => {
    const p = plan(
      xorExperiment({
        problem: { type: 'network', dataset: { kind: 'xor' }, init: { weights: { name: 'variance_scaling', scale: 2 } }, optimizer: { name: 'sgd', momentum: 0.9, learningRate: 0.1 } },
        variants: [
          { label: 'zeros', problem: { init: { weights: { name: 'zeros' } } } },
          { label: 'vs3', problem: { init: { weights: { scale: 3 } } } },
          { label: 'adam', problem: { optimizer: { name: 'adam' } } },
          { label: 'explicit', problem: { init: { explicit: Array(33).fill(0.5) } } },
        ],
      }),
    );
    const [zeros, vs3, adam, explicit] = p.variants.map((_, i) => networkVariant(p, i).problem);
    expect(zeros!.init).toEqual({ weights: { name: 'zeros' }, bias: { name: 'zeros' } });
    expect(vs3!.init).toEqual({ weights: { name: 'variance_scaling', scale: 3, mode: 'fan_in', distribution: 'truncated_normal' }, bias: { name: 'zeros' } });
    expect(adam!.optimizer).toEqual({ name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, batchSize: 32, epochs: 100, shuffle: true });
    expect(explicit!.init).toEqual({ explicit: Array(33).fill(0.5) });
    expect(p.variants.map((v) => v.label)).toEqual(['zeros', 'vs3', 'adam', 'explicit']);
  });
});
