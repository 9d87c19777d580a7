import { describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../../../core/data/dataset';
import { createMlp } from '../../../core/nn/mlp';
import { BAND_CELLS, DecisionBoundaryChart, equalAspect } from '../../../renderer/charts/boundary';
import type { BoundaryNetwork } from '../../../renderer/charts/boundary-data';
import { fitTitle } from '../../../renderer/charts/canvas-host';
import { FinalLossChart } from '../../../renderer/charts/distribution';
import { SignalChart, dodge } from '../../../renderer/charts/signal';
import { UnitSimilarityChart, similarityColor, unitTicks } from '../../../renderer/charts/similarity';
import { textsDrawn, useChartStage } from './fake-canvas';
import { fakeRestart, functionConfig, networkConfig } from './results';

const stage = useChartStage();

const label = (el: Element) => el.getAttribute('aria-label');
const count = (name: string) => stage.calls.filter((c) => c.name === name).length;

describe('every canvas chart', () => {
  it('is a named canvas sized at the pixel ratio, and leaves nothing behind on dispose', () => {
    const charts = [
      new FinalLossChart(stage.container, { width: 300, height: 200, pixelRatio: 2 }),
      new SignalChart(stage.container, { width: 300, height: 200, pixelRatio: 2 }),
      new UnitSimilarityChart(stage.container, { width: 300, height: 200, pixelRatio: 2 }),
      new DecisionBoundaryChart(stage.container, { width: 300, height: 200, pixelRatio: 2 }),
    ];
    expect(stage.container.querySelectorAll('canvas[role="img"][aria-label]').length).toBe(4);
    for (const c of charts) {
      expect([c.element.width, c.element.height, c.element.style.width]).toEqual([600, 400, '300px']);
      c.setSize(150, 100);
      expect(c.element.width).toBe(300);
      c.setTheme('dark');
      c.setScale(2);
      c.highlight(null);
      c.dispose();
    }
    expect(stage.container.children.length).toBe(0);
  });

  it('works without a 2D context (nothing drawn, the name still set)', () => {
    // As jsdom without the canvas package, minus its console complaint: getContext gives null.
    const none = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    const chart = new FinalLossChart(stage.container, { width: 300, height: 200 });
    chart.update([fakeRestart({ index: 0, losses: [0.5] })], [networkConfig()]);
    expect(label(chart.element)).toBe('Final loss (training-set mean) of each restart, by configuration. all restarts (n=1): mean 0.5, best 0.5.');
    chart.dispose();
    expect(none).toHaveBeenCalled();
    none.mockRestore();
  });
});

describe('FinalLossChart', () => {
  const results = [
    fakeRestart({ variant: 0, index: 0, losses: [0.69] }),
    fakeRestart({ variant: 0, index: 1, losses: [0.7] }),
    fakeRestart({ variant: 1, index: 0, losses: [0.1] }),
    fakeRestart({ variant: 1, index: 1, losses: [NaN], status: 'diverged' }),
  ];
  const configs = [networkConfig('zeros'), networkConfig('glorot')];

  it('labels each column with its configuration, count and left-out restarts, and the axes with units', () => {
    const chart = new FinalLossChart(stage.container, { width: 400, height: 300 });
    chart.update(results, configs);
    const texts = textsDrawn(stage.calls);
    expect(texts).toContain('zeros (n=2)');
    expect(texts).toContain('glorot (n=1, 1 diverged)');
    expect(texts).toContain('final loss (training-set mean)');
    expect(label(chart.element)).toContain('zeros (n=2): mean 0.695 ± 0.00707');
    chart.dispose();
  });

  it('rings the highlighted restart with a larger dot', () => {
    const chart = new FinalLossChart(stage.container, { width: 400, height: 300 });
    chart.update(results, configs);
    const radii = () => stage.calls.filter((c) => c.name === 'arc').map((c) => c.args[2] as number);
    expect(Math.max(...radii())).toBeCloseTo(3.5, 12);
    chart.highlight({ variant: 1, index: 0 });
    expect(Math.max(...radii())).toBeCloseTo(3.5 * 1.8, 12);
    chart.dispose();
  });

  it('goes log only when every final loss is positive, and says so on the axis', () => {
    const chart = new FinalLossChart(stage.container, { width: 400, height: 300, log: true });
    chart.update(results, configs);
    expect(chart.logActive).toBe(true);
    expect(textsDrawn(stage.calls)).toContain('final loss (training-set mean), log');
    chart.update([fakeRestart({ index: 0, losses: [-1] })], [functionConfig()]);
    expect(chart.logActive).toBe(false);
    chart.dispose();
  });

  it('draws its type twice as large at scale 2', () => {
    const chart = new FinalLossChart(stage.container, { width: 400, height: 300, scale: 2 });
    chart.update(results, configs);
    expect(stage.calls.some((c) => c.name === 'set:font' && String(c.args[0]).startsWith('24px'))).toBe(true);
    chart.dispose();
  });

  it('keeps its vertical title inside a short chart: smaller, then without the parenthesis', () => {
    // The fake canvas measures 6 px a character: the title is 180 px long.
    const titleFonts = () => stage.calls.filter((c) => c.name === 'set:font' && String(c.args[0]).startsWith('600 ')).map((c) => String(c.args[0]).split(' ')[1]);
    const chart = new FinalLossChart(stage.container, { width: 400, height: 300 });
    chart.update(results, configs);
    expect(textsDrawn(stage.calls)).toContain('final loss (training-set mean)');
    expect(titleFonts()).toEqual(['12px', '12px']);
    stage.calls.length = 0;
    chart.setSize(400, 185);
    expect(textsDrawn(stage.calls)).toContain('final loss (training-set mean)');
    expect(titleFonts()[1]).toMatch(/^(9|10|11)px$/);
    stage.calls.length = 0;
    chart.setSize(400, 120);
    expect(textsDrawn(stage.calls)).toContain('final loss');
    expect(textsDrawn(stage.calls)).not.toContain('final loss (training-set mean)');
    chart.dispose();
  });
});

describe('fitTitle', () => {
  const measure = (text: string) => 6 * text.length;

  it('keeps a title that fits, and shrinks one a little too long (to 3/4 of its size at most)', () => {
    expect(fitTitle(measure, 'loss (mean)', 66, 12)).toEqual({ text: 'loss (mean)', size: 12 });
    expect(fitTitle(measure, 'loss (mean)', 60, 12)).toEqual({ text: 'loss (mean)', size: 10 });
    expect(fitTitle(measure, 'loss (mean)', 50, 12)).toEqual({ text: 'loss (mean)', size: 9 });
  });

  it('drops the first parenthesis when shrinking is not enough, and fits what is left', () => {
    expect(fitTitle(measure, 'final loss (training-set mean), log', 100, 12)).toEqual({ text: 'final loss, log', size: 12 });
    expect(fitTitle(measure, 'final loss (training-set mean), log', 80, 12)).toEqual({ text: 'final loss, log', size: 10 });
  });

  it('draws a title that cannot fit at the smallest size', () => {
    expect(fitTitle(measure, 'ab (c)', 6, 12)).toEqual({ text: 'ab', size: 9 });
    expect(fitTitle(measure, 'accuracy', 10, 12)).toEqual({ text: 'accuracy', size: 9 });
  });
});

describe('UnitSimilarityChart', () => {
  const config = networkConfig(null, [2, 3, 1]);
  // 2-3-1 has 13 parameters; a zeros start, and a final vector where unit 1 differs.
  const final = new Float64Array(13);
  final[1] = 1;
  const zeros = fakeRestart({ index: 0, losses: [1], params: { initial: new Array(13).fill(0), final: Array.from(final) } });

  it('shows a zeros start as every unit a copy, with one cell per pair and a legend', () => {
    const chart = new UnitSimilarityChart(stage.container, { width: 400, height: 300 });
    chart.update([zeros], [config]);
    expect(label(chart.element)).toBe('Unit similarity of hidden layer 1, restart 0, at the start: 3 units, 3 of 3 pairs identical (every unit is a copy of the others), mean similarity 1.');
    expect(count('fillRect')).toBe(9 + 64);
    expect(textsDrawn(stage.calls)).toContain('cosine similarity (unitless)');
    chart.setView({ layer: 0, at: 'final' });
    expect(label(chart.element)).toContain('at the end: 3 units, 1 of 3 pairs identical');
    chart.dispose();
  });

  it('draws nothing again while new restarts leave the shown one as it was', () => {
    const chart = new UnitSimilarityChart(stage.container, { width: 400, height: 300 });
    const configs = [config];
    chart.update([zeros], configs);
    const drawn = count('clearRect');
    const later = fakeRestart({ index: 1, losses: [1], params: { initial: Array.from(final), final: Array.from(final) } });
    chart.update([later, zeros], configs);
    expect(count('clearRect')).toBe(drawn);
    chart.highlight({ variant: 0, index: 1 });
    expect(count('clearRect')).toBe(drawn + 1);
    expect(label(chart.element)).toContain('restart 1');
    chart.dispose();
  });

  it('explains what is missing instead of drawing', () => {
    const chart = new UnitSimilarityChart(stage.container, { width: 400, height: 300 });
    chart.update([fakeRestart({ index: 0, losses: [1] })], [config]);
    expect(label(chart.element)).toBe('Unit similarity: Parameters were not recorded (record.params is "none").');
    chart.update([zeros], [functionConfig()]);
    expect(label(chart.element)).toBe('Unit similarity: Unit similarity is defined for networks.');
    chart.update([zeros], [config]);
    chart.setView({ layer: 1, at: 'initial' });
    expect(label(chart.element)).toBe('Unit similarity: This network has 1 hidden layer.');
    chart.dispose();
  });

  it('colours −1 to 1 along viridis and labels units from 1', () => {
    expect(similarityColor(-1)).toBe('rgb(68,1,84)');
    expect(similarityColor(1)).toBe('rgb(253,231,37)');
    expect(similarityColor(NaN)).toBe('rgb(128,128,128)');
    expect(unitTicks(4)).toEqual([0, 1, 2, 3]);
    expect(unitTicks(64)).toEqual([0, 8, 16, 24, 32, 40, 48, 56]);
  });
});

describe('SignalChart', () => {
  const spread = (stds: number[]) => stds.map((std) => ({ mean: 0, std }));
  const rs = [
    fakeRestart({ variant: 0, index: 0, losses: [1], signal: { activation: spread([0.05, 0.0025, 0.0001]), gradient: spread([1e-6, 1e-3, 1]) } }),
    fakeRestart({ variant: 1, index: 0, losses: [1], signal: { activation: spread([0.6, 0.55, 0.5]), gradient: spread([0.3, 0.3, 0.3]) } }),
  ];
  const configs = [networkConfig('random_normal 0.05'), networkConfig('glorot_uniform')];

  it('names the layers and configurations, on a log axis by default', () => {
    const chart = new SignalChart(stage.container, { width: 400, height: 300 });
    chart.update(rs, configs);
    expect(chart.logActive).toBe(true);
    const texts = textsDrawn(stage.calls);
    for (const t of ['hidden 1', 'hidden 2', 'output', 'random_normal 0.05 (n=1)', 'glorot_uniform (n=1)', 'std of activations, log']) expect(texts).toContain(t);
    expect(label(chart.element)).toContain('random_normal 0.05: std 0.05 at hidden 1, 0.0001 at the output');
    chart.setQuantity('gradient');
    expect(label(chart.element)).toContain('Per-layer gradient spread');
    chart.highlight({ variant: 1, index: 0 });
    expect(textsDrawn(stage.calls)).toContain('restart 0');
    chart.dispose();
  });

  it('falls back to a linear axis when no spread is positive', () => {
    const dead = fakeRestart({ index: 0, losses: [1], signal: { activation: spread([0, 0]), gradient: spread([0, 0]) } });
    const chart = new SignalChart(stage.container, { width: 400, height: 300 });
    chart.update([dead], [networkConfig()]);
    expect(chart.logActive).toBe(false);
    chart.dispose();
  });

  it('dodges configurations symmetrically around each layer', () => {
    expect(dodge(0, 1)).toBe(0);
    expect(dodge(0, 2)).toBeCloseTo(-dodge(1, 2), 15);
    expect(dodge(2, 4) - dodge(1, 4)).toBeCloseTo(0.12, 15);
  });
});

describe('DecisionBoundaryChart', () => {
  const data: Dataset = { x: Float64Array.from([-1, -1, 1, 1, -1, 1]), y: Float64Array.from([0, 1, 0]), samples: 3, features: 2, targets: 1, classes: 2, featureNames: ['x1', 'x2'], targetName: 'y' };
  const network: BoundaryNetwork = { net: createMlp([2, 1], 'tanh', 'sigmoid'), dataset: data };
  const restart = fakeRestart({ index: 0, losses: [1], params: { initial: [0, 0, 0], final: [1, 0, 0] } });

  it('evaluates the restart and draws the shading, every point with its class marker and a legend', () => {
    const chart = new DecisionBoundaryChart(stage.container, { width: 400, height: 300, resolution: 10 });
    chart.update([restart], [network]);
    expect(chart.current!.columns).toBe(10);
    expect(label(chart.element)).toBe("Decision boundary of restart 0 over the data's two features: class 0 50%, class 1 50% of the area.");
    expect(count('putImageData')).toBe(1);
    expect(count('drawImage')).toBe(1);
    const texts = textsDrawn(stage.calls);
    for (const t of ['class 0', 'class 1', 'x1 (input feature, data units)', 'x2 (input feature, data units)']) expect(texts).toContain(t);
    // Class 0 points are circles (arc); the class 1 point a square (rect), in the plot and the legend.
    expect(count('arc')).toBe(2 + 1);
    chart.setSize(500, 300);
    expect(count('putImageData')).toBe(1);
    chart.dispose();
  });

  it('spreads a large grid over several calls, keeping the previous one drawn meanwhile', () => {
    const chart = new DecisionBoundaryChart(stage.container, { width: 400, height: 300, resolution: 120, sliceMs: 0 });
    const other = fakeRestart({ index: 1, losses: [1], params: { initial: [0, 0, 0], final: [-1, 0, 0] } });
    chart.update([other, restart], [network]);
    // One band of rows per call (floor(BAND_CELLS / 120) rows), the first in update; the call after
    // the last band shades the grid and the one after that draws it.
    const bands = Math.ceil(120 / Math.floor(BAND_CELLS / 120));
    expect(bands).toBeGreaterThan(8);
    expect([chart.pending, chart.current]).toEqual([true, null]);
    expect(label(chart.element)).toBe('Decision boundary: Evaluating the network…');
    let calls = 1;
    while (chart.pending) {
      const [shaded, drawn] = [count('putImageData'), count('drawImage')];
      chart.step();
      calls++;
      if (calls === bands) expect([chart.pending, count('putImageData'), label(chart.element)]).toEqual([true, shaded, 'Decision boundary: Evaluating the network…']);
      if (calls === bands + 1) expect([chart.pending, count('putImageData'), count('drawImage')]).toEqual([true, shaded + 1, drawn]);
    }
    expect(calls).toBe(bands + 2);
    const first = chart.current!;
    expect(first.columns).toBe(120);
    expect(label(chart.element)).toMatch(/^Decision boundary of restart 0 /);
    chart.highlight({ variant: 0, index: 1 });
    expect(chart.pending).toBe(true);
    expect(chart.current).toBe(first);
    while (chart.pending) chart.step();
    expect(chart.current).not.toBe(first);
    expect(label(chart.element)).toMatch(/^Decision boundary of restart 1 /);
    // A result that only gained analysis has the same parameters: no new grid.
    const current = chart.current;
    chart.update([restart, { ...other, stalledAt: null }], [network]);
    expect([chart.pending, chart.current]).toEqual([false, current]);
    chart.dispose();
  });

  it('draws nothing again while new restarts leave the shown one as it was', () => {
    const chart = new DecisionBoundaryChart(stage.container, { width: 400, height: 300, resolution: 10 });
    const networks = [network];
    chart.update([restart], networks);
    const drawn = count('clearRect');
    chart.update([restart, fakeRestart({ index: 1, losses: [1], params: { initial: [0, 0, 0], final: [-1, 0, 0] } })], networks);
    expect(count('clearRect')).toBe(drawn);
    chart.dispose();
  });

  it('explains when it cannot draw', () => {
    const chart = new DecisionBoundaryChart(stage.container, { width: 400, height: 300 });
    chart.update([restart], [null]);
    expect(label(chart.element)).toBe('Decision boundary: A decision boundary needs a network problem.');
    chart.update([fakeRestart({ index: 0, losses: [1] })], [network]);
    expect(label(chart.element)).toBe('Decision boundary: Parameters were not recorded (record.params is "none").');
    expect(chart.current).toBeNull();
    chart.dispose();
  });

  it('keeps equal units on both axes', () => {
    expect(equalAspect({ x: 0, y: 0, width: 400, height: 200 }, 2, 2)).toEqual({ x: 100, y: 0, width: 200, height: 200 });
    expect(equalAspect({ x: 10, y: 10, width: 100, height: 100 }, 4, 1)).toEqual({ x: 10, y: 47.5, width: 100, height: 25 });
  });
});
