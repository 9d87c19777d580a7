// The experiment panel in jsdom: fields by their accessible names, validation as typed, the bound object.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateDataset } from '../../../core/data/generate';
import { ExperimentError, type Problem } from '../../../core/experiment/errors';
import { parseJson, resolveExperiment } from '../../../core/experiment/resolve';
import { DatasetSchema } from '../../../core/experiment/schema';
import { dataStream } from '../../../core/rng/seeds';
import { defaultExperiment } from '../../../renderer/defaults';
import ExperimentPanel from '../../../renderer/panels/ExperimentPanel.svelte';
import { type Obj, setAt } from '../../../renderer/panels/edit';
import { drawScatter, MAX_DRAWN, previewDataset, scatterOf } from '../../../renderer/panels/preview';
import Harness from './Harness.svelte';

beforeEach(() => {
  // jsdom has no canvas; without the canvas package getContext gives null (quietly, with this stub).
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const select = (label: string) => screen.getByLabelText(label) as HTMLSelectElement;

/** The message the resolver itself gives for `path` in experiment `e`. */
function resolverMessage(e: Obj, path: string): string {
  try {
    resolveExperiment(parseJson(JSON.stringify(e)), () => '');
  } catch (err) {
    if (err instanceof ExperimentError) return err.problems.find((p) => p.path === path)!.message;
  }
  throw new Error(`no problem at ${path}`);
}

/** The text of the elements a control's aria-describedby names. */
function description(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');
}

function mount(initial: Obj = defaultExperiment(), extra: Record<string, unknown> = {}) {
  const bound: { value: Obj | null } = { value: null };
  const changes: { e: Obj; p: Problem[] }[] = [];
  const onchange = (e: Obj, p: Problem[]) => changes.push({ e, p });
  render(Harness, { props: { initial, bound, onchange, ...extra } });
  return { bound, changes };
}

describe('ExperimentPanel', () => {
  it('renders the default network experiment with no problems', () => {
    const { changes } = mount();
    expect(screen.getByText('Ready to run.')).toBeTruthy();
    expect(document.querySelectorAll('[aria-invalid="true"]')).toHaveLength(0);
    expect(changes.at(-1)!.p).toEqual([]);
    for (const name of ['Problem', 'Data', 'Network', 'Initializer', 'Optimizer', 'Training', 'Restarts and seeds', 'Landscape', 'Records']) {
      expect(screen.getByRole('group', { name })).toBeTruthy();
    }
    expect(screen.queryByRole('group', { name: 'Search' })).toBeNull();
    expect(input('Hidden units').value).toBe('16, 16');
    // A field's help shows on hovering the field as well as its label, and is its description.
    expect(input('Hidden units').title).toMatch(/"16, 16" two layers of 16/);
    expect(input('Hidden units').getAttribute('aria-describedby')).toMatch(/help/);
    expect(select('Weights').title).toBe(document.querySelector('label[for="' + select('Weights').id + '"]')!.getAttribute('title'));
    expect(input('Learning rate').value).toBe('0.1');
    expect(select('Weights').value).toBe('glorot_uniform');
    expect(input('Epochs').value).toBe('300');
  });

  it('shows a bad learning rate beside its field with the resolver’s message, and clears it when fixed', async () => {
    const { bound, changes } = mount();
    const lr = input('Learning rate');
    await fireEvent.input(lr, { target: { value: '-1' } });
    expect(lr.getAttribute('aria-invalid')).toBe('true');
    const message = resolverMessage(setAt(defaultExperiment(), 'problem.optimizer.learningRate', -1), 'problem.optimizer.learningRate');
    expect(message).toBe('expected a number > 0, found -1');
    expect(description(lr)).toContain(message);
    expect(lr.closest('.field')!.textContent).toContain(message);
    expect(bound.value!.problem).toMatchObject({ optimizer: { learningRate: -1 } });
    expect(changes.at(-1)!.p).toEqual([{ path: 'problem.optimizer.learningRate', message }]);

    await fireEvent.input(lr, { target: { value: 'abc' } });
    const abc = resolverMessage(setAt(defaultExperiment(), 'problem.optimizer.learningRate', 'abc'), 'problem.optimizer.learningRate');
    expect(abc).toBe('expected a number, found "abc"');
    expect(lr.getAttribute('aria-invalid')).toBe('true');
    expect(description(lr)).toContain(abc);
    expect(lr.value).toBe('abc');
    // Text that does not parse leaves the object alone.
    expect(bound.value!.problem).toMatchObject({ optimizer: { learningRate: -1 } });

    await fireEvent.input(lr, { target: { value: '0.05' } });
    expect(lr.getAttribute('aria-invalid')).toBeNull();
    expect(description(lr)).not.toContain('expected');
    expect(bound.value!.problem).toMatchObject({ optimizer: { learningRate: 0.05 } });
    expect(changes.at(-1)!.p).toEqual([]);
    expect(screen.getByText('Ready to run.')).toBeTruthy();
  });

  it('switches to a function problem: function and search fields in, network fields out, and back', async () => {
    const { bound } = mount();
    await fireEvent.change(select('Problem type'), { target: { value: 'function' } });
    expect(select('Function').value).toBe('himmelblau');
    expect(select('Search').value).toBe('simulated_annealing');
    expect(input('Temperature')).toBeTruthy();
    expect(input('Value tolerance')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Search' })).toBeTruthy();
    for (const gone of ['Hidden units', 'Dataset', 'Epochs', 'Weights', 'Plane']) expect(screen.queryByLabelText(gone)).toBeNull();
    expect(screen.queryByRole('group', { name: 'Network' })).toBeNull();
    expect(screen.getByText('Ready to run.')).toBeTruthy();
    expect(bound.value!.problem).toMatchObject({ type: 'function' });

    await fireEvent.change(select('Problem type'), { target: { value: 'network' } });
    expect(bound.value).toEqual(defaultExperiment());
    expect(input('Hidden units').value).toBe('16, 16');
  });

  it('shows dimensions only for functions defined in any dimension', async () => {
    mount(setAt(defaultExperiment(), 'problem', { type: 'function', function: { name: 'himmelblau' } }));
    expect(screen.queryByLabelText('Dimensions')).toBeNull();
    await fireEvent.change(select('Function'), { target: { value: 'rastrigin' } });
    expect(input('Dimensions').placeholder).toBe('2');
    await fireEvent.change(select('Function'), { target: { value: 'custom' } });
    expect(input('Formula').value).toContain('sin');
    await fireEvent.input(input('Formula'), { target: { value: 'sin(3*)x' } });
    expect(input('Formula').getAttribute('aria-invalid')).toBe('true');
    expect(description(input('Formula'))).toContain('at character');
  });

  it('updates the bound experiment when restarts change', async () => {
    const { bound } = mount();
    await fireEvent.input(input('Restarts'), { target: { value: '20' } });
    expect(bound.value!.restarts).toBe(20);
    await fireEvent.input(input('Restarts'), { target: { value: '0' } });
    expect(input('Restarts').getAttribute('aria-invalid')).toBe('true');
    expect(description(input('Restarts'))).toContain('expected an integer >= 1, found 0');
  });

  it('shows an initializer’s parameters when it has them', async () => {
    const { bound } = mount();
    expect(screen.queryByLabelText('Weights stddev')).toBeNull();
    await fireEvent.change(select('Weights'), { target: { value: 'random_normal' } });
    expect(input('Weights mean').placeholder).toBe('0');
    expect(input('Weights stddev').placeholder).toBe('0.05');
    await fireEvent.input(input('Weights stddev'), { target: { value: '1' } });
    expect(bound.value!.problem).toMatchObject({ init: { weights: { name: 'random_normal', stddev: 1 } } });
    await fireEvent.change(select('Biases'), { target: { value: 'orthogonal' } });
    expect(select('Biases').getAttribute('aria-invalid')).toBe('true');
    expect(description(select('Biases'))).toContain('needs a 2-D kernel');
  });

  it('lists problems with no field at the top', () => {
    mount({ ...defaultExperiment(), colour: 'blue' });
    const list = screen.getByRole('list', { name: 'Problems without a field' });
    expect(within(list).getByText(/unknown key "colour"/)).toBeTruthy();
  });

  it('keeps text that does not parse out of the object, and drops it when another experiment is opened', async () => {
    const { bound } = mount(defaultExperiment(), { replacement: setAt(defaultExperiment(), 'name', 'opened') });
    await fireEvent.input(input('Epochs'), { target: { value: '3x' } });
    expect(description(input('Epochs'))).toContain('expected an integer, found "3x"');
    expect(bound.value!.problem).toMatchObject({ optimizer: { epochs: 300 } });
    await fireEvent.click(screen.getByRole('button', { name: 'Replace experiment' }));
    expect(input('Name').value).toBe('opened');
    expect(input('Epochs').value).toBe('300');
    expect(input('Epochs').getAttribute('aria-invalid')).toBeNull();
  });

  it('chooses a CSV through the parent and shows its name', async () => {
    const text = 'x1,x2,y\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n';
    const onpickDataset = vi.fn(async () => ({ path: '/data/points.csv', text }));
    const { bound } = mount(defaultExperiment(), { onpickDataset });
    await fireEvent.change(select('Dataset'), { target: { value: 'csv' } });
    const button = screen.getByRole('button', { name: /CSV file/ });
    expect(description(button)).toContain('no file chosen');
    await fireEvent.click(button);
    await vi.waitFor(() => expect(screen.getByText('points.csv')).toBeTruthy());
    expect(onpickDataset).toHaveBeenCalledOnce();
    expect(bound.value!.problem).toMatchObject({ dataset: { kind: 'csv', path: '/data/points.csv' } });
    expect(screen.getByText('Ready to run.')).toBeTruthy();
    expect(screen.getByRole('img', { name: /4 samples/ })).toBeTruthy();
  });

  it('disables every control while a run goes', () => {
    mount(defaultExperiment(), { disabled: true });
    expect(input('Restarts').matches(':disabled')).toBe(true);
    expect(select('Optimizer').matches(':disabled')).toBe(true);
  });

  it('reports problems at the start and works without a binding', () => {
    const onchange = vi.fn();
    render(ExperimentPanel, { props: { experiment: setAt(defaultExperiment(), 'restarts', 0), onchange } });
    expect(onchange).toHaveBeenCalled();
    expect(onchange.mock.lastCall![1]).toEqual([{ path: 'restarts', message: 'expected an integer >= 1, found 0' }]);
  });
});

describe('the data preview', () => {
  it('is the generator’s output for the experiment’s seed, as the resolver makes it', () => {
    for (const e of [defaultExperiment(), setAt(setAt(defaultExperiment(), 'seed', 'other'), 'problem.dataset', { kind: 'gaussians', classes: 4 }), setAt(defaultExperiment(), 'seeds', { data: 'pinned' })]) {
      const preview = previewDataset(e, {})!;
      const spec = DatasetSchema.parse((e.problem as Obj).dataset);
      if (spec.kind === 'csv') throw new Error('generated sets only');
      const direct = generateDataset(spec, dataStream(e.seed as string, e.seeds as { data?: string } | undefined));
      expect(Array.from(preview.x)).toEqual(Array.from(direct.x));
      expect(Array.from(preview.y)).toEqual(Array.from(direct.y));
      const plan = resolveExperiment(parseJson(JSON.stringify(e)), () => '');
      const trained = plan.variants[0]!;
      if (trained.kind !== 'network') throw new Error('a network plan');
      expect(Array.from(preview.x)).toEqual(Array.from(trained.dataset.x));
    }
  });

  it('changes with the seed', () => {
    const a = previewDataset(defaultExperiment(), {})!;
    const b = previewDataset(setAt(defaultExperiment(), 'seed', 'another'), {})!;
    expect(Array.from(a.x)).not.toEqual(Array.from(b.x));
  });

  it('has none for a function problem or a dataset that does not validate', () => {
    expect(previewDataset(setAt(defaultExperiment(), 'problem', { type: 'function', function: { name: 'sphere' } }), {})).toBeNull();
    expect(previewDataset(setAt(defaultExperiment(), 'problem.dataset.noise', -1), {})).toBeNull();
  });

  it('draws one dot per point, every k-th past the limit', () => {
    const arcs: number[] = [];
    const ctx = { clearRect() {}, beginPath() {}, fill() {}, arc: (x: number) => arcs.push(x), fillStyle: '', globalAlpha: 1 } as unknown as CanvasRenderingContext2D;
    drawScatter(ctx, scatterOf(previewDataset(defaultExperiment(), {})!), 288, 150);
    expect(arcs).toHaveLength(200);
    arcs.length = 0;
    const big = previewDataset(setAt(defaultExperiment(), 'problem.dataset.samples', 10_000), {})!;
    drawScatter(ctx, scatterOf(big), 288, 150);
    expect(arcs.length).toBeLessThanOrEqual(MAX_DRAWN);
    expect(arcs.every((x) => x >= 0 && x <= 288)).toBe(true);
  });

  it('is described for assistive technology', () => {
    mount();
    expect(screen.getByRole('img', { name: /spirals data: 200 samples, 2 classes/ })).toBeTruthy();
  });
});
