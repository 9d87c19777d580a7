import { describe, expect, it } from 'vitest';
import { LossCurvesChart } from '../../../renderer/charts/loss-curves';
import { lossPlotArea, lossRange } from '../../../renderer/charts/loss-curves-draw';
import { chartStyle, restartCss } from '../../../renderer/charts/style';
import { textsDrawn, useChartStage } from './fake-canvas';
import { fakeRestart, functionConfig, networkConfig } from './results';

const stage = useChartStage();

const count = (name: string) => stage.calls.filter((c) => c.name === name).length;
const strokes = () => stage.calls.filter((x) => x.name === 'set:strokeStyle').map((x) => x.args[0]);
const label = (chart: LossCurvesChart) => chart.element.getAttribute('aria-label');

describe('LossCurvesChart', () => {
  const a = fakeRestart({ index: 0, losses: [1, 0.5, 0.2] });
  const b = fakeRestart({ index: 1, losses: [1, 3, NaN], status: 'diverged' });
  const c = fakeRestart({ index: 2, losses: [0.9, 0.4, 0.3] });

  it('puts one named element with three canvas layers in the container and removes it on dispose', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240, pixelRatio: 2 });
    expect(stage.container.children.length).toBe(1);
    expect(chart.element.getAttribute('role')).toBe('img');
    expect(label(chart)).toMatch(/^Loss curves of 0 restarts/);
    const canvases = chart.element.querySelectorAll('canvas');
    expect(canvases.length).toBe(3);
    for (const canvas of canvases) {
      expect([canvas.width, canvas.height, canvas.getAttribute('aria-hidden'), canvas.getAttribute('role')]).toEqual([800, 480, 'true', null]);
    }
    expect(textsDrawn(stage.calls)).toContain('No restarts yet.');
    chart.dispose();
    expect(stage.container.children.length).toBe(0);
  });

  it('names the restarts drawn, the axes and how many diverged', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240 });
    chart.update([a, b, c], [networkConfig()]);
    expect(label(chart)).toBe('Loss curves of 3 restarts, loss (training-set mean) against step (optimizer updates); 1 diverged.');
    expect(textsDrawn(stage.calls)).toEqual(expect.arrayContaining(['step (optimizer updates)', 'loss (training-set mean)']));
    expect(chart.stepRange).toEqual({ min: 0, max: 2 });
    chart.dispose();
  });

  it('draws only the lines of restarts it has not drawn while the scales stay the same', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240 });
    chart.update([a, c], [networkConfig()]);
    const lines = count('lineTo');
    const axes = count('fillText');
    chart.update([a, c], [networkConfig()]);
    expect(count('lineTo')).toBe(lines);
    // A restart inside the axes' range: its two segments, and no axes drawn again.
    chart.update([a, c, fakeRestart({ index: 3, losses: [0.8, 0.6, 0.25] })], [networkConfig()]);
    expect(count('lineTo')).toBe(lines + 2);
    expect(count('fillText')).toBe(axes);
    // One that widens the loss axis: everything again.
    chart.update([a, c, fakeRestart({ index: 3, losses: [0.8, 0.6, 0.25] }), fakeRestart({ index: 4, losses: [7, 1, 0.5] })], [networkConfig()]);
    expect(count('fillText')).toBeGreaterThan(axes);
    chart.dispose();
  });

  it('keeps the lines of results that only gained analysis (the same records), drawing nothing again', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240 });
    chart.update([a, c], [networkConfig()]);
    const lines = count('lineTo');
    chart.update([{ ...a, stalledAt: null }, { ...c, stalledAt: 2 }], [networkConfig()]);
    expect(count('lineTo')).toBe(lines);
    chart.dispose();
  });

  it('draws a long restart with about two points per pixel column', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240, pixelRatio: 1 });
    const steps = Array.from({ length: 5001 }, (_, i) => i);
    const from = stage.calls.length;
    chart.update([fakeRestart({ index: 0, steps, losses: steps.map((s) => 1 / (1 + s)) })], [functionConfig()]);
    const { width } = lossPlotArea(400, 240, chartStyle('light'));
    // The line's segments: the lineTo calls between the clip to the plot and the stroke (the grid's come before).
    const calls = stage.calls.slice(from);
    const clip = calls.findIndex((x) => x.name === 'clip');
    const segments = calls.slice(clip, calls.findIndex((x, i) => i > clip && x.name === 'stroke')).filter((x) => x.name === 'lineTo').length;
    expect(segments).toBeGreaterThan(width);
    expect(segments).toBeLessThanOrEqual(2 * width + 2);
    chart.dispose();
  });

  it('draws the highlighted restart on top, dims the others and names it', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240 });
    chart.update([a, b, c], [networkConfig()]);
    expect(strokes()).toContain(restartCss(0, 'light', 0.9));
    const before = stage.calls.length;
    chart.highlight({ variant: 0, index: 2 });
    const after = stage.calls.slice(before);
    const styles = after.filter((x) => x.name === 'set:strokeStyle').map((x) => x.args[0]);
    expect(styles).toContain(restartCss(0, 'light', 0.25));
    expect(styles).toContain(restartCss(2, 'light'));
    expect(after.some((x) => x.name === 'set:lineWidth' && x.args[0] === chartStyle('light').highlightWidth)).toBe(true);
    expect(label(chart)).toContain('highlighted: restart 2, last finite loss 0.3');
    chart.highlight({ variant: 0, index: 1 });
    expect(label(chart)).toContain('highlighted: restart 1, last finite loss 3');
    chart.highlight(null);
    expect(label(chart)).not.toContain('highlighted');
    chart.dispose();
  });

  it('marks where a restart diverged with a cross in its colour', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240 });
    chart.update([a, c], [networkConfig()]);
    // Lines are drawn at 0.9 opacity, so the full colour appears only on a cross.
    expect(strokes()).not.toContain(restartCss(1, 'light'));
    chart.update([a, b, c], [networkConfig()]);
    expect(strokes()).toContain(restartCss(1, 'light'));
    chart.dispose();
  });

  it('uses a log axis only while every loss is positive', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240, log: true });
    chart.update([a], [networkConfig()]);
    expect(chart.logActive).toBe(true);
    expect(label(chart)).toContain(', log scale');
    expect(textsDrawn(stage.calls)).toContain('loss (training-set mean), log scale');
    chart.update([a, fakeRestart({ index: 5, losses: [1, -2, -3] })], [functionConfig()]);
    expect(chart.logActive).toBe(false);
    chart.setLog(false);
    chart.update([a], [networkConfig()]);
    expect(chart.logActive).toBe(false);
    chart.dispose();
  });

  it('starts over when a new run arrives, and redraws on a theme, scale or size change', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240, pixelRatio: 1 });
    chart.update([a, b, c], [networkConfig()]);
    chart.setZoom({ min: 0.5, max: 1.5 });
    chart.update([fakeRestart({ index: 0, losses: [5, 4] })], [networkConfig()]);
    expect(label(chart)).toMatch(/^Loss curves of 1 restart,/);
    expect(chart.stepRange).toEqual({ min: 0, max: 1 });
    chart.setTheme('dark');
    expect(stage.calls.some((x) => x.name === 'set:fillStyle' && x.args[0] === chartStyle('dark').text)).toBe(true);
    chart.setScale(2);
    expect(stage.calls.some((x) => x.name === 'set:font' && String(x.args[0]).startsWith('24px'))).toBe(true);
    chart.setSize(300, 200);
    expect([...chart.element.querySelectorAll('canvas')].map((x) => [x.width, x.height])).toEqual([
      [300, 200],
      [300, 200],
      [300, 200],
    ]);
    chart.dispose();
  });

  it('zooms the steps to a drag across the plot and shows them all again on double-click', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240, pixelRatio: 1 });
    const steps = Array.from({ length: 101 }, (_, i) => i * 10);
    chart.update([fakeRestart({ index: 0, steps, losses: steps.map((s) => 1 / (1 + s)) })], [networkConfig()]);
    // jsdom places the element at (0, 0); a quarter and a half of the plot's width are steps 250 and 500.
    const area = lossPlotArea(400, 240, chartStyle('light'));
    const at = (type: string, x: number) => chart.element.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: 100, button: 0, bubbles: true }));
    at('pointerdown', area.x + area.width / 4);
    at('pointermove', area.x + area.width / 2);
    expect(count('fillRect')).toBeGreaterThan(0);
    at('pointerup', area.x + area.width / 2);
    expect(chart.stepRange).toEqual({ min: 250, max: 500 });
    // A click without a drag changes nothing.
    at('pointerdown', 200);
    at('pointerup', 201);
    expect(chart.stepRange).toEqual({ min: 250, max: 500 });
    // Outside the plot (on the axis labels) no drag starts.
    at('pointerdown', 10);
    at('pointerup', 300);
    expect(chart.stepRange).toEqual({ min: 250, max: 500 });
    chart.element.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    expect(chart.stepRange).toEqual({ min: 0, max: 1000 });
    chart.dispose();
  });
});

describe('lossRange', () => {
  it('widens the range to whole tick steps, or whole decades on a log axis, so small changes keep it', () => {
    expect(lossRange(0.05, 0.72, false)).toEqual({ min: 0, max: 0.8 });
    expect(lossRange(0.05, 0.74, false)).toEqual({ min: 0, max: 0.8 });
    expect(lossRange(-2, 3, false)).toEqual({ min: -3, max: 4 });
    expect(lossRange(0.05, 0.72, true)).toEqual({ min: 0.01, max: 1 });
    expect(lossRange(Infinity, -Infinity, false)).toEqual({ min: 0, max: 1 });
    // Fewer ticks (a short plot), a coarser step.
    expect(lossRange(0.05, 1.5, false, 4)).toEqual({ min: 0, max: 2 });
  });
});
