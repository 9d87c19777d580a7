import './match-media';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LossCurvesChart } from '../../../renderer/charts/loss-curves';
import { restartCss } from '../../../renderer/charts/style';
import { SuccessChart, successData } from '../../../renderer/charts/success';
import { SymmetryChart, symmetryData } from '../../../renderer/charts/symmetry';
import { symmetrySeries } from '../../../renderer/charts/symmetry-data';
import { type Call, installFakeCanvas, textsDrawn } from './fake-canvas';
import { fakeRestart, functionConfig, networkConfig } from './results';

let fake: { calls: Call[]; restore: () => void };
let container: HTMLDivElement;

beforeEach(() => {
  fake = installFakeCanvas();
  container = document.createElement('div');
  document.body.appendChild(container);
});

afterEach(() => {
  fake.restore();
  container.remove();
});

/** uPlot commits (and draws) in a microtask. */
const drawn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('LossCurvesChart', () => {
  const a = fakeRestart({ index: 0, losses: [1, 0.5, 0.2] });
  const b = fakeRestart({ index: 1, losses: [1, 3, NaN], status: 'diverged' });
  const c = fakeRestart({ index: 2, losses: [0.9, 0.4, 0.3] });

  it('puts a named element in the container and removes it on dispose', () => {
    const chart = new LossCurvesChart(container, { width: 400, height: 240 });
    expect(container.children.length).toBe(1);
    expect(chart.element.getAttribute('role')).toBe('img');
    expect(chart.element.getAttribute('aria-label')).toMatch(/^Loss curves of 0 restarts/);
    chart.dispose();
    expect(container.children.length).toBe(0);
  });

  it('adds one series per new restart to the same uPlot, plus the highlight series last', () => {
    const chart = new LossCurvesChart(container, { width: 400, height: 240 });
    const plot = chart.uplot;
    chart.update([a, b], [networkConfig()]);
    expect(chart.uplot).toBe(plot);
    expect(plot!.series.length).toBe(1 + 2 + 1);
    chart.update([a, b, c], [networkConfig()]);
    expect(chart.uplot).toBe(plot);
    expect(plot!.series.length).toBe(1 + 3 + 1);
    expect(plot!.data[0]).toEqual([0, 1, 2]);
    expect(plot!.data[2]).toEqual([1, 3, null]);
    expect(chart.element.getAttribute('aria-label')).toBe('Loss curves of 3 restarts, loss (training-set mean) against step (optimizer updates); 1 diverged.');
    chart.dispose();
  });

  it('does no work for restarts it has already drawn', () => {
    const chart = new LossCurvesChart(container, { width: 400, height: 240 });
    chart.update([a, b], [networkConfig()]);
    const data = chart.uplot!.data;
    chart.update([a, b], [networkConfig()]);
    expect(chart.uplot!.data).toBe(data);
    chart.dispose();
  });

  it('draws the highlighted restart as the last series and names it', () => {
    const chart = new LossCurvesChart(container, { width: 400, height: 240 });
    chart.update([a, b, c], [networkConfig()]);
    chart.highlight({ variant: 0, index: 2 });
    const data = chart.uplot!.data;
    expect(data[data.length - 1]).toBe(data[3]);
    expect(chart.element.getAttribute('aria-label')).toContain('highlighted: restart 2, last finite loss 0.3');
    chart.highlight(null);
    expect(chart.uplot!.data.at(-1)).toEqual([null, null, null]);
    chart.dispose();
  });

  it('marks where a restart diverged with a cross in its colour', async () => {
    const chart = new LossCurvesChart(container, { width: 400, height: 240 });
    chart.update([a, c], [networkConfig()]);
    await drawn();
    const strokes = () => fake.calls.filter((x) => x.name === 'set:strokeStyle').map((x) => x.args[0]);
    // Lines are drawn at 0.9 opacity, so the full colour appears only on a cross.
    expect(strokes()).not.toContain(restartCss(1, 'light'));
    chart.update([a, b, c], [networkConfig()]);
    await drawn();
    expect(strokes()).toContain(restartCss(1, 'light'));
    chart.dispose();
  });

  it('uses a log axis only while every loss is positive', () => {
    const chart = new LossCurvesChart(container, { width: 400, height: 240, log: true });
    chart.update([a], [networkConfig()]);
    expect(chart.logActive).toBe(true);
    expect(chart.uplot!.scales.y!.distr).toBe(3);
    chart.update([a, fakeRestart({ index: 5, losses: [1, -2, -3] })], [functionConfig()]);
    expect(chart.logActive).toBe(false);
    expect(chart.uplot!.scales.y!.distr).toBe(1);
    chart.dispose();
  });

  it('starts over when a new run arrives, and rebuilds on a theme change', () => {
    const chart = new LossCurvesChart(container, { width: 400, height: 240 });
    chart.update([a, b, c], [networkConfig()]);
    chart.update([fakeRestart({ index: 0, losses: [5, 4] })], [networkConfig()]);
    expect(chart.uplot!.series.length).toBe(3);
    expect(chart.uplot!.data[1]).toEqual([5, 4]);
    const before = chart.uplot;
    chart.setTheme('dark');
    expect(chart.uplot).not.toBe(before);
    expect(chart.uplot!.data[1]).toEqual([5, 4]);
    expect(chart.element.style.color).toBe('rgb(232, 232, 232)');
    chart.setSize(300, 200);
    expect([chart.uplot!.width, chart.uplot!.height]).toEqual([300, 200]);
    chart.dispose();
  });

  it('doubles its type at scale 2', async () => {
    const chart = new LossCurvesChart(container, { width: 400, height: 240, scale: 2 });
    chart.update([a], [networkConfig()]);
    await drawn();
    expect(fake.calls.some((x) => x.name === 'set:font' && String(x.args[0]).startsWith('24px'))).toBe(true);
    chart.dispose();
  });
});

describe('SuccessChart', () => {
  const rs = [fakeRestart({ variant: 0, index: 0, losses: [0.69] }), fakeRestart({ variant: 1, index: 0, losses: [0.5] }), fakeRestart({ variant: 1, index: 1, losses: [0.05] })];
  const configs = [networkConfig('zeros'), networkConfig('glorot')];

  it('aligns each curve to k = 1..R with null past its own restarts', () => {
    expect(
      successData([
        { variant: 0, label: 'a', restarts: 1, successes: 0, probability: [0], observed: [0] },
        { variant: 1, label: 'b', restarts: 2, successes: 1, probability: [0.5, 1], observed: [0, 1] },
      ]),
    ).toEqual([
      [1, 2],
      [0, null],
      [0, null],
      [0.5, 1],
      [0, 1],
    ]);
  });

  it('draws a chance and an observed series per configuration, with a legend naming the rule', async () => {
    const chart = new SuccessChart(container, { width: 400, height: 240 });
    chart.update(rs, configs);
    expect(chart.uplot!.series.map((s) => s.label)).toEqual(['restarts k', 'zeros: chance', 'zeros: observed, first k', 'glorot: chance', 'glorot: observed, first k']);
    expect(chart.uplot!.data[3]).toEqual([0.5, 1]);
    expect(chart.element.getAttribute('aria-label')).toContain('glorot: 1 of 2 succeeded');
    const plot = chart.uplot;
    chart.update([...rs, fakeRestart({ variant: 0, index: 1, losses: [0.7] })], configs);
    expect(chart.uplot).toBe(plot);
    chart.setTolerance(20);
    expect(chart.element.getAttribute('aria-label')).toContain('zeros: 2 of 2 succeeded');
    await drawn();
    expect(textsDrawn(fake.calls)).toContain('success: loss ≤ best + 2000%');
    chart.highlight({ variant: 1, index: 0 });
    chart.dispose();
    expect(container.children.length).toBe(0);
  });

  it('says so when success is undefined', () => {
    const chart = new SuccessChart(container, { width: 400, height: 240 });
    chart.update([fakeRestart({ index: 0, losses: [1], success: null })], [{ ...functionConfig(), minima: [] }]);
    expect(chart.drawn).toBeNull();
    expect(chart.uplot!.series.length).toBe(1);
    expect(chart.element.getAttribute('aria-label')).toBe('Success against restarts: unknown, since this function has no known global minimum.');
    chart.dispose();
  });
});

describe('SymmetryChart', () => {
  const zeros = fakeRestart({ index: 0, losses: [1, 1], symmetry: [1, 1, 1, 1] });
  const glorot = fakeRestart({ index: 1, losses: [1, 1], symmetry: [4, 3, 4, 3] });
  const config = networkConfig(null, [2, 4, 3, 1]);

  it('lays out steps, distinct units per layer, then the widths', () => {
    expect(symmetryData(symmetrySeries(glorot, config.layers))).toEqual([
      [0, 1],
      [4, 4],
      [3, 3],
      [4, 4],
      [3, 3],
    ]);
  });

  it('shows the first restart until another is highlighted', () => {
    const chart = new SymmetryChart(container, { width: 400, height: 240 });
    chart.update([glorot, zeros], [config]);
    expect(chart.restart).toBe(zeros);
    expect(chart.uplot!.data[1]).toEqual([1, 1]);
    expect(chart.element.getAttribute('aria-label')).toContain('hidden layer 1: 1 of 4 units distinct at the start');
    chart.highlight({ variant: 0, index: 1 });
    expect(chart.restart).toBe(glorot);
    expect(chart.uplot!.data[1]).toEqual([4, 4]);
    expect(chart.uplot!.series.map((s) => s.label)).toEqual(['step', 'hidden layer 1: distinct units', 'hidden layer 2: distinct units', 'layer 1 width (4)', 'layer 2 width (3)']);
    chart.setScale(2);
    chart.dispose();
    expect(container.children.length).toBe(0);
  });

  it('has nothing to show for a function search', () => {
    const chart = new SymmetryChart(container, { width: 400, height: 240 });
    chart.update([fakeRestart({ index: 0, losses: [1], success: true })], [functionConfig()]);
    expect(chart.uplot!.data).toEqual([[]]);
    expect(chart.element.getAttribute('aria-label')).toBe('Symmetry meter: no symmetry record for restart 0.');
    chart.dispose();
  });
});
