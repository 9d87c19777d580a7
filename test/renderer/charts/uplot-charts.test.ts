import './match-media';
import { describe, expect, it } from 'vitest';
import { SuccessChart, successData } from '../../../renderer/charts/success';
import { SymmetryChart, symmetryData } from '../../../renderer/charts/symmetry';
import { symmetrySeries } from '../../../renderer/charts/symmetry-data';
import { textsDrawn, useChartStage } from './fake-canvas';
import { fakeRestart, functionConfig, networkConfig } from './results';

const stage = useChartStage();

/** uPlot commits (and draws) in a microtask. */
const drawn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

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
    const chart = new SuccessChart(stage.container, { width: 400, height: 240 });
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
    expect(textsDrawn(stage.calls)).toContain('success: loss ≤ best + 2000%');
    chart.highlight({ variant: 1, index: 0 });
    chart.dispose();
    expect(stage.container.children.length).toBe(0);
  });

  it('lays out its curves from the configurations at a run\'s start, and keeps the plot through restarts and a new run of the same', () => {
    const chart = new SuccessChart(stage.container, { width: 400, height: 240 });
    chart.update([], configs);
    expect(chart.uplot!.series.map((s) => s.label)).toEqual(['restarts k', 'zeros: chance', 'zeros: observed, first k', 'glorot: chance', 'glorot: observed, first k']);
    const plot = chart.uplot;
    chart.update(rs, configs);
    expect(chart.uplot).toBe(plot);
    expect(chart.uplot!.data[3]).toEqual([0.5, 1]);
    // A new run starting: no configurations or results yet. The layout stays, with no data.
    chart.update([], []);
    expect(chart.uplot).toBe(plot);
    expect(chart.uplot!.data).toEqual([[], [], [], [], []]);
    chart.update(rs, configs);
    expect(chart.uplot).toBe(plot);
    // Other configurations: a new plot.
    chart.update([], [networkConfig('he')]);
    expect(chart.uplot).not.toBe(plot);
    expect(chart.uplot!.series.map((s) => s.label)).toEqual(['restarts k', 'he: chance', 'he: observed, first k']);
    chart.dispose();
  });

  it("names the rule of the problem shown: a network run after a search, with the same curve, gets the network's rule", async () => {
    const chart = new SuccessChart(stage.container, { width: 400, height: 240 });
    chart.update([fakeRestart({ index: 0, losses: [0.1], success: true })], [functionConfig()]);
    await drawn();
    expect(textsDrawn(stage.calls)).toContain('success: a global minimum');
    chart.update([], []);
    await drawn();
    stage.calls.length = 0;
    chart.update([fakeRestart({ index: 0, losses: [0.5] })], [networkConfig()]);
    await drawn();
    expect(textsDrawn(stage.calls)).toContain('success: loss ≤ best + 10%');
    expect(textsDrawn(stage.calls)).not.toContain('success: a global minimum');
    chart.dispose();
  });

  it('says so when success is undefined', () => {
    const chart = new SuccessChart(stage.container, { width: 400, height: 240 });
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
    const chart = new SymmetryChart(stage.container, { width: 400, height: 240 });
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
    expect(stage.container.children.length).toBe(0);
  });

  it('lays out the configuration\'s hidden layers at a run\'s start, and keeps the plot through restarts and a new run of the same', () => {
    const chart = new SymmetryChart(stage.container, { width: 400, height: 240 });
    chart.update([], [config]);
    expect(chart.uplot!.series.map((s) => s.label)).toEqual(['step', 'hidden layer 1: distinct units', 'hidden layer 2: distinct units', 'layer 1 width (4)', 'layer 2 width (3)']);
    expect(chart.uplot!.data).toEqual([[], [], [], [], []]);
    const plot = chart.uplot;
    chart.update([zeros], [config]);
    expect(chart.uplot).toBe(plot);
    expect(chart.uplot!.data[1]).toEqual([1, 1]);
    chart.update([], []);
    expect(chart.uplot).toBe(plot);
    expect(chart.restart).toBeNull();
    expect(chart.uplot!.data).toEqual([[], [], [], [], []]);
    chart.update([glorot], [config]);
    expect(chart.uplot).toBe(plot);
    expect(chart.uplot!.data[1]).toEqual([4, 4]);
    // A network with other hidden widths: a new plot.
    chart.update([], [networkConfig(null, [2, 5, 1])]);
    expect(chart.uplot).not.toBe(plot);
    expect(chart.uplot!.series.map((s) => s.label)).toEqual(['step', 'hidden layer 1: distinct units', 'layer 1 width (5)']);
    chart.dispose();
  });

  it('has nothing to show for a function search', () => {
    const chart = new SymmetryChart(stage.container, { width: 400, height: 240 });
    chart.update([fakeRestart({ index: 0, losses: [1], success: true })], [functionConfig()]);
    expect(chart.uplot!.data).toEqual([[]]);
    expect(chart.element.getAttribute('aria-label')).toBe('Symmetry meter: no symmetry record for restart 0.');
    chart.dispose();
  });
});
