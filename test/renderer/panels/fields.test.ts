// The panel's pure modules: field table against the schema and resolver, problem placement, text parsing, edits.
import { describe, expect, it } from 'vitest';
import { ExperimentError } from '../../../core/experiment/errors';
import { parseJson, resolveExperiment } from '../../../core/experiment/resolve';
import { EXPERIMENT_FORMAT } from '../../../core/experiment/schema';
import { defaultExperiment } from '../../../renderer/defaults';
import { DEFAULT_FUNCTION_NAME, getAt, type Obj, setAt, setOutput, setPlane, switchFunction, switchKind, switchProblemType } from '../../../renderer/panels/edit';
import { formatFieldValue, parseFieldText } from '../../../renderer/panels/field-text';
import { defaultOf, FIELDS, type FieldSpec, problemsByField, visibleFields } from '../../../renderer/panels/fields';
import { validateExperiment } from '../../../renderer/panels/validate';

const field = (path: string): FieldSpec => FIELDS.find((f) => f.path === path)!;
const CSV = 'x1,x2,y\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n';
const readText = (p: string) => {
  if (p === 'data.csv') return CSV;
  throw new Error('no such file');
};

function resolved(e: Obj) {
  return resolveExperiment(parseJson(JSON.stringify(e)), readText);
}

const network = (problem: Obj = {}, extra: Obj = {}): Obj => ({ format: EXPERIMENT_FORMAT, problem: { type: 'network', dataset: { kind: 'xor' }, ...problem }, ...extra });
const fn = (problem: Obj = {}): Obj => ({ format: EXPERIMENT_FORMAT, problem: { type: 'function', function: { name: 'sphere' }, ...problem } });

/** Experiments that, together, show every field with its key left out. */
function bases(): Obj[] {
  const out: Obj[] = [];
  for (const kind of ['xor', 'circles', 'moons', 'spirals', 'gaussians', 'sine', 'iris']) out.push(network({ dataset: { kind } }));
  out.push(network({ dataset: { kind: 'csv', path: 'data.csv' } }));
  for (const name of ['sgd', 'adam', 'rmsprop', 'adagrad']) out.push(network({ optimizer: { name } }));
  const inits = ['zeros', 'ones', 'constant', 'random_normal', 'random_uniform', 'truncated_normal', 'variance_scaling', 'orthogonal', 'identity', 'lecun_uniform', 'lecun_normal', 'glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal'];
  for (const name of inits) {
    out.push(network({ init: { weights: { name } } }));
    if (name !== 'orthogonal' && name !== 'identity') out.push(network({ init: { bias: { name } } }));
  }
  for (const plane of ['pca', 'random', 'endpoints', 'interpolate']) out.push(network({}, { record: { params: 'all' }, landscape: { plane } }));
  out.push(network({}, { record: { params: 'all' }, landscape: { plane: 'weights', params: [0, 1] } }));
  for (const name of ['random_search', 'hill_climbing', 'simulated_annealing', 'genetic_algorithm', 'gradient_descent', 'momentum', 'adam']) out.push(fn({ search: { name } }));
  out.push(fn({ start: { kind: 'normal', mean: [0, 0] } }));
  return out;
}

describe('the field table', () => {
  it("states each default as the resolver fills it in", () => {
    let compared = 0;
    for (const base of bases()) {
      const plan = resolved(base);
      for (const f of visibleFields(base)) {
        if (f.default === undefined || getAt(base, f.path) !== undefined) continue;
        expect([f.path, getAt(plan.experiment, f.path)]).toEqual([f.path, defaultOf(f, base)]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('names only keys the schema has: every shown field set to its default still resolves', () => {
    for (const base of bases()) {
      for (const f of visibleFields(base)) {
        const d = defaultOf(f, base);
        if (d === undefined || getAt(base, f.path) !== undefined) continue;
        expect(() => resolved(setAt(base, f.path, d)), f.path).not.toThrow();
      }
    }
  });

  it('gives the fields shown together distinct labels', () => {
    for (const base of bases()) {
      const labels = visibleFields(base).map((f) => f.label);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('shows network fields for networks and function fields for functions', () => {
    const net = visibleFields(network()).map((f) => f.path);
    const fun = visibleFields(fn()).map((f) => f.path);
    expect(net).toContain('problem.optimizer.learningRate');
    expect(net).not.toContain('problem.search.name');
    expect(fun).toContain('problem.search.name');
    expect(fun).not.toContain('problem.model.hidden');
    expect(fun).not.toContain('landscape.plane');
  });

  it('shows an initializer’s arguments only with that initializer', () => {
    const paths = (name: string) => visibleFields(network({ init: { weights: { name } } })).map((f) => f.path);
    expect(paths('random_normal')).toEqual(expect.arrayContaining(['problem.init.weights.mean', 'problem.init.weights.stddev']));
    expect(paths('glorot_uniform')).not.toContain('problem.init.weights.stddev');
    expect(paths('variance_scaling')).toEqual(expect.arrayContaining(['problem.init.weights.scale', 'problem.init.weights.mode', 'problem.init.weights.distribution']));
    expect(paths('identity')).toContain('problem.init.weights.gain');
  });
});

describe('problemsByField', () => {
  const p = (path: string) => ({ path, message: 'm' });

  it('places a problem on the field with its path', () => {
    const { byField, other } = problemsByField([p('problem.optimizer.learningRate'), p('restarts')]);
    expect(Object.keys(byField).sort()).toEqual(['problem.optimizer.learningRate', 'restarts']);
    expect(other).toEqual([]);
  });

  it('places an item of a list on the list field', () => {
    expect(problemsByField([p('problem.model.hidden[1]')]).byField['problem.model.hidden']).toHaveLength(1);
    expect(problemsByField([p('problem.start.mean[0]')]).byField['problem.start.mean']).toHaveLength(1);
  });

  it("places a union's own problems (a bad kind, an unknown key) on its kind select", () => {
    const { byField } = problemsByField([p('problem.optimizer'), p('problem.dataset'), p('problem.init.bias'), p('landscape')]);
    expect(Object.keys(byField).sort()).toEqual(['landscape.plane', 'problem.dataset.kind', 'problem.init.bias.name', 'problem.optimizer.name']);
  });

  it('places a loss that does not pair with the output on the output field', () => {
    expect(problemsByField([p('problem.model.loss')]).byField['problem.model.output']).toHaveLength(1);
  });

  it('lists problems with no field, or whose field is not shown, apart', () => {
    const problems = [p(''), p('variants[0].problem.optimizer.learningRate'), p('analysis.stall.window'), p('problem.function.domain'), p('landscape')];
    const { byField, other } = problemsByField(problems, visibleFields(fn()).map((f) => f.path));
    expect(byField).toEqual({});
    expect(other).toEqual(problems);
  });

  it('places the resolver’s own problems', () => {
    const e = network({ optimizer: { name: 'sgd', learningRate: -1, batchSize: 0 }, model: { hidden: [16, 2.5] } }, { restarts: 0 });
    const { problems } = validateExperiment(e, {});
    const { byField, other } = problemsByField(problems, visibleFields(e).map((f) => f.path));
    expect(other).toEqual([]);
    expect(Object.keys(byField).sort()).toEqual(['problem.model.hidden', 'problem.optimizer.batchSize', 'problem.optimizer.learningRate', 'restarts']);
    expect(byField['problem.optimizer.learningRate']![0]!.message).toBe('expected a number > 0, found -1');
  });
});

describe('field text', () => {
  it('reads numbers strictly, and keeps text that does not parse for the resolver', () => {
    const lr = field('problem.optimizer.learningRate');
    expect(parseFieldText(lr, ' 1e-3 ')).toEqual({ ok: true, value: 0.001 });
    expect(parseFieldText(lr, '-1')).toEqual({ ok: true, value: -1 });
    expect(parseFieldText(lr, 'abc')).toEqual({ ok: false, overlay: 'abc' });
    expect(parseFieldText(lr, '0x10')).toEqual({ ok: false, overlay: '0x10' });
    expect(parseFieldText(lr, '')).toEqual({ ok: true, value: undefined });
  });

  it('reads a number field’s word', () => {
    expect(parseFieldText(field('record.every'), 'epoch')).toEqual({ ok: true, value: 'epoch' });
    expect(parseFieldText(field('landscape.extent'), 'auto')).toEqual({ ok: true, value: 'auto' });
  });

  it('reads lists, skipping empty items, and marks the items that do not parse', () => {
    const hidden = field('problem.model.hidden');
    expect(parseFieldText(hidden, '16, 16')).toEqual({ ok: true, value: [16, 16] });
    expect(parseFieldText(hidden, '16 8,')).toEqual({ ok: true, value: [16, 8] });
    expect(parseFieldText(hidden, '')).toEqual({ ok: true, value: [] });
    expect(parseFieldText(hidden, '16, x')).toEqual({ ok: false, overlay: [16, 'x'] });
    expect(formatFieldValue([16, 16])).toBe('16, 16');
  });

  it('gives an unparsable number the resolver’s message', () => {
    const e = setAt(network(), 'problem.optimizer.learningRate', 'abc');
    const { problems } = validateExperiment(e, {});
    expect(problems).toEqual([{ path: 'problem.optimizer.learningRate', message: 'expected a number, found "abc"' }]);
  });
});

describe('edits', () => {
  it('changes one path and leaves the rest of the object as it was', () => {
    const e = defaultExperiment();
    const next = setAt(e, 'problem.optimizer.learningRate', 0.5);
    expect(getAt(next, 'problem.optimizer.learningRate')).toBe(0.5);
    expect(next.landscape).toBe(e.landscape);
    expect(getAt(e, 'problem.optimizer.learningRate')).toBe(0.1);
    expect(Object.keys(next)).toEqual(Object.keys(e));
  });

  it('creates a missing optimizer with the kind the schema defaults to', () => {
    expect(getAt(setAt(network(), 'problem.optimizer.momentum', 0.9), 'problem.optimizer')).toEqual({ name: 'sgd', momentum: 0.9 });
  });

  it('removes the seeds block when its last seed is cleared', () => {
    const e = setAt(network(), 'seeds.init', 'same');
    expect(e.seeds).toEqual({ init: 'same' });
    expect('seeds' in setAt(e, 'seeds.init', undefined)).toBe(false);
  });

  it('keeps settings a new kind shares with the same default, and drops the rest', () => {
    const e = network({ optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9, epochs: 5, batchSize: 8 } });
    expect(getAt(switchKind(e, 'problem.optimizer', 'adam'), 'problem.optimizer')).toEqual({ name: 'adam', learningRate: 0.1, epochs: 5, batchSize: 8 });
    expect(getAt(switchKind(e, 'problem.optimizer', 'rmsprop'), 'problem.optimizer')).toEqual({ name: 'rmsprop', epochs: 5, batchSize: 8 });
    const init = network({ init: { weights: { name: 'random_normal', stddev: 0.5 } } });
    expect(getAt(switchKind(init, 'problem.init.weights', 'truncated_normal'), 'problem.init.weights')).toEqual({ name: 'truncated_normal', stddev: 0.5 });
  });

  it('fills what a new kind requires', () => {
    const e = fn({ function: { name: 'himmelblau' } });
    expect(getAt(switchKind(e, 'problem.start', 'fixed'), 'problem.start')).toEqual({ kind: 'fixed', point: [0, 0] });
    const plane = setPlane(network(), 'weights');
    expect(plane.landscape).toEqual({ plane: 'weights', params: [0, 1] });
    expect(getAt(plane, 'record.params')).toBe('all');
    expect(() => resolved(plane)).not.toThrow();
    expect('landscape' in setPlane(plane, '')).toBe(false);
  });

  it('pairs the loss with the output', () => {
    const e = network({ model: { output: 'sigmoid', loss: 'bce' } });
    expect(getAt(setOutput(e, 'linear'), 'problem.model')).toEqual({ output: 'linear', loss: 'mse' });
    expect(getAt(setOutput(e, ''), 'problem.model')).toEqual({});
  });

  it('switches functions, keeping dimensions only where the new one takes them', () => {
    const e = fn({ function: { name: 'rastrigin', dimensions: 5 } });
    expect(getAt(switchFunction(e, 'ackley'), 'problem.function')).toEqual({ name: 'ackley', dimensions: 5 });
    expect(getAt(switchFunction(e, 'himmelblau'), 'problem.function')).toEqual({ name: 'himmelblau' });
    const custom = switchFunction(e, 'custom');
    expect(() => resolved(custom)).not.toThrow();
  });

  it('switches the problem type and back, restoring what was there', () => {
    const e = defaultExperiment();
    const there = switchProblemType(e, 'function', {});
    expect(getAt(there.experiment, 'problem.type')).toBe('function');
    expect('landscape' in there.experiment).toBe(false);
    expect(() => resolved(there.experiment)).not.toThrow();
    const back = switchProblemType(there.experiment, 'network', there.stash);
    expect(back.experiment).toEqual(e);
  });

  it("renames only the lab's own names on a problem-type switch: the default's spirals name would mislabel a search", () => {
    const e = defaultExperiment();
    const there = switchProblemType(e, 'function', {});
    expect(there.experiment.name).toBe(DEFAULT_FUNCTION_NAME);
    expect(switchProblemType(there.experiment, 'network', there.stash).experiment.name).toBe(e.name);
    // A name the user gave, or none, is kept both ways.
    const own = switchProblemType({ ...e, name: 'My comparison' }, 'function', {});
    expect(own.experiment.name).toBe('My comparison');
    expect(switchProblemType(own.experiment, 'network', own.stash).experiment.name).toBe('My comparison');
    const { name: _none, ...nameless } = e;
    const bare = switchProblemType(nameless, 'function', {});
    expect('name' in bare.experiment).toBe(false);
    // Renamed while a search, then back: the user's new name stays.
    const renamed = switchProblemType({ ...there.experiment, name: 'Annealing study' }, 'network', there.stash);
    expect(renamed.experiment.name).toBe('Annealing study');
  });

  it('reports a missing CSV as unread rather than as a problem', () => {
    const e = network({ dataset: { kind: 'csv', path: 'elsewhere.csv' } });
    const checked = validateExperiment(e, {});
    expect(checked.problems).toEqual([]);
    expect(checked.unread).toEqual(['elsewhere.csv']);
    expect(validateExperiment(e, { 'elsewhere.csv': 'a,b\n1,2\n' }).problems[0]!.path).toBe('problem.dataset.path');
  });

  it('throws nothing but ExperimentError for a bad experiment', () => {
    expect(() => resolved(network({ optimizer: { name: 'sgdd' } }))).toThrow(ExperimentError);
  });
});
