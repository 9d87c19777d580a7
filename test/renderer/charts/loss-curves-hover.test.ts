import { describe, expect, it } from 'vitest';
import { toPixel } from '../../../renderer/charts/canvas-host';
import { LossCurvesChart } from '../../../renderer/charts/loss-curves';
import { lossPlotArea, lossRange, lossTicks } from '../../../renderer/charts/loss-curves-draw';
import { chartStyle, restartCss } from '../../../renderer/charts/style';
import { type Call, textsDrawn, useChartStage } from './fake-canvas';
import { fakeRestart, networkConfig } from './results';

const stage = useChartStage();

const W = 400;
const H = 240;
const area = lossPlotArea(W, H, chartStyle('light'));

/** The pixel row of `loss` on the chart's y axis when the losses drawn span [lo, hi]. */
function yOf(loss: number, lo: number, hi: number, log = false): number {
  const range = lossRange(lo, hi, log, lossTicks(area));
  return toPixel({ ...range, log, from: area.y + area.height, to: area.y }, loss);
}

/** The pixel column of `step` when the steps shown are [x0, x1]. */
const xOf = (step: number, x0: number, x1: number) => area.x + ((step - x0) / (x1 - x0)) * area.width;

/** The pointer at (x, y) (jsdom puts the chart at the page's top left), on the topmost canvas as in a browser; returns the calls it made. */
function hover(chart: LossCurvesChart, x: number, y: number): Call[] {
  const from = stage.calls.length;
  const canvases = chart.element.querySelectorAll('canvas');
  canvases[canvases.length - 1]!.dispatchEvent(new MouseEvent('pointermove', { clientX: x, clientY: y, bubbles: true }));
  return stage.calls.slice(from);
}

function leave(chart: LossCurvesChart): Call[] {
  const from = stage.calls.length;
  chart.element.dispatchEvent(new MouseEvent('pointerleave'));
  return stage.calls.slice(from);
}

const named = (calls: readonly Call[], name: string) => calls.filter((c) => c.name === name);

describe('LossCurvesChart hover readout', () => {
  // Steps 0..4; at step 2 the losses are 0.6, 0.4 and 0.2; at step 3 0.5, 0.3 and 0.1.
  const r0 = fakeRestart({ index: 0, losses: [1, 0.8, 0.6, 0.5, 0.4] });
  const r1 = fakeRestart({ index: 1, losses: [1, 0.6, 0.4, 0.3, 0.2] });
  const r2 = fakeRestart({ index: 2, losses: [1, 0.4, 0.2, 0.1, 0.05] });

  it('reads the recorded step under the pointer and the loss of the curve nearest it, drawing only the crosshair layer', () => {
    const chart = new LossCurvesChart(stage.container, { width: W, height: H, pixelRatio: 1 });
    chart.update([r0, r1, r2], [networkConfig()]);
    expect(chart.readout).toBeNull();
    // Step 2.3 snaps to step 2; 0.45 is nearest restart 1's 0.4.
    const calls = hover(chart, xOf(2.3, 0, 4), yOf(0.45, 0.05, 1));
    expect(chart.readout).toMatchObject({ step: 2, x: xOf(2, 0, 4), pick: { row: 1, record: 2, loss: 0.4 } });
    expect(textsDrawn(calls)).toEqual(['step 2', 'restart 1: loss 0.4']);
    expect(named(calls, 'set:fillStyle').map((c) => c.args[0])).toContain(restartCss(1, 'light'));
    // The crosshair spans the plot at step 2, and it is the only line drawn: no curve is drawn again.
    expect(named(calls, 'moveTo').map((c) => c.args)).toContainEqual([xOf(2, 0, 4), area.y]);
    expect(named(calls, 'lineTo').map((c) => c.args)).toEqual([[xOf(2, 0, 4), area.y + area.height]]);
    const overlay = [...chart.element.querySelectorAll('canvas')].at(-1);
    expect(calls.every((c) => c.canvas === overlay)).toBe(true);
    // Higher up, restart 0.
    expect(textsDrawn(hover(chart, xOf(2.3, 0, 4), yOf(0.65, 0.05, 1)))).toEqual(['step 2', 'restart 0: loss 0.6']);
    // A move that reads the same thing draws nothing.
    expect(hover(chart, xOf(2.2, 0, 4), yOf(0.66, 0.05, 1))).toEqual([]);
    chart.dispose();
  });

  it('passes over a restart whose loss at that step is not finite', () => {
    const chart = new LossCurvesChart(stage.container, { width: W, height: H, pixelRatio: 1 });
    const diverged = fakeRestart({ index: 3, losses: [1, 0.45, NaN, NaN, NaN], status: 'diverged' });
    chart.update([r0, r1, r2, diverged], [networkConfig()]);
    hover(chart, xOf(2, 0, 4), yOf(0.45, 0.05, 1));
    expect(chart.readout?.pick).toMatchObject({ row: 1, loss: 0.4 });
    chart.dispose();
  });

  it('prefers the selected restart wherever it has a loss at that step, and follows the selection', () => {
    const chart = new LossCurvesChart(stage.container, { width: W, height: H, pixelRatio: 1 });
    chart.update([r0, r1, r2], [networkConfig()]);
    chart.highlight({ variant: 0, index: 0 });
    const calls = hover(chart, xOf(2, 0, 4), yOf(0.2, 0.05, 1));
    expect(chart.readout?.pick).toMatchObject({ row: 0, loss: 0.6 });
    expect(textsDrawn(calls)).toContain('restart 0: loss 0.6');
    chart.highlight(null);
    expect(chart.readout?.pick).toMatchObject({ row: 2, loss: 0.2 });
    chart.dispose();
  });

  it('removes the readout when the pointer leaves the chart or moves off the plot area', () => {
    const chart = new LossCurvesChart(stage.container, { width: W, height: H, pixelRatio: 1 });
    chart.update([r0, r1, r2], [networkConfig()]);
    hover(chart, xOf(1, 0, 4), yOf(0.5, 0.05, 1));
    expect(chart.readout).not.toBeNull();
    const left = leave(chart);
    expect(chart.readout).toBeNull();
    expect(named(left, 'clearRect').length).toBe(1);
    expect(textsDrawn(left)).toEqual([]);
    hover(chart, xOf(1, 0, 4), yOf(0.5, 0.05, 1));
    expect(chart.readout).not.toBeNull();
    // Over the loss axis's labels.
    const off = hover(chart, area.x / 2, yOf(0.5, 0.05, 1));
    expect(chart.readout).toBeNull();
    expect(named(off, 'clearRect').length).toBe(1);
    chart.dispose();
  });

  it('reads the zoomed steps, after a drag-zoom and under a pointer that stays put', () => {
    const chart = new LossCurvesChart(stage.container, { width: W, height: H, pixelRatio: 1 });
    const steps = Array.from({ length: 101 }, (_, i) => i * 10);
    chart.update([fakeRestart({ index: 0, steps, losses: steps.map((s) => 1 / (1 + s)) })], [networkConfig()]);
    const y = area.y + area.height / 2;
    hover(chart, area.x + 0.6 * area.width, y);
    expect(chart.readout?.step).toBe(600);
    // Drag from a quarter to a half of the plot: steps 250 to 500. The pointer has not moved since.
    const at = (type: string, x: number) => chart.element.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button: 0, bubbles: true }));
    at('pointerdown', area.x + area.width / 4);
    at('pointermove', area.x + area.width / 2);
    at('pointerup', area.x + area.width / 2);
    expect(chart.stepRange).toEqual({ min: 250, max: 500 });
    hover(chart, area.x + 0.6 * area.width, y);
    expect(chart.readout?.step).toBe(400);
    expect(chart.readout?.x).toBeCloseTo(area.x + 0.6 * area.width, 9);
    expect(chart.readout?.pick?.loss).toBe(1 / 401);
    chart.setZoom({ min: 0, max: 500 });
    expect(chart.readout?.step).toBe(300);
    chart.dispose();
  });

  it('finds the nearest curve in the pixels of a log axis', () => {
    const chart = new LossCurvesChart(stage.container, { width: W, height: H, pixelRatio: 1, log: true });
    chart.update([r0, r1, r2], [networkConfig()]);
    expect(chart.logActive).toBe(true);
    // 0.19 is nearer 0.1 than 0.3 in value, but nearer 0.3 in decades (what the axis shows).
    const calls = hover(chart, xOf(3, 0, 4), yOf(0.19, 0.05, 1, true));
    expect(chart.readout).toMatchObject({ step: 3, pick: { row: 1, loss: 0.3 } });
    expect(textsDrawn(calls)).toContain('restart 1: loss 0.3');
    chart.setLog(false);
    hover(chart, xOf(3, 0, 4), yOf(0.19, 0.05, 1));
    expect(chart.readout?.pick).toMatchObject({ row: 2, loss: 0.1 });
    chart.dispose();
  });

  it('reads 256 restarts of 700 records each, drawing one line per move whatever their number', () => {
    const chart = new LossCurvesChart(stage.container, { width: W, height: H, pixelRatio: 1, log: true });
    const steps = Array.from({ length: 700 }, (_, k) => k * 10);
    const loss = (i: number, s: number) => 2 ** (i / 32) / (1 + s / 100);
    const restarts = Array.from({ length: 256 }, (_, i) => fakeRestart({ index: i, steps, losses: steps.map((s) => loss(i, s)) }));
    chart.update(restarts, [networkConfig()]);
    const calls = hover(chart, xOf(3500, 0, 6990), yOf(loss(100, 3500), loss(0, 6990), loss(255, 0), true));
    expect(chart.readout).toMatchObject({ step: 3500, pick: { row: 100, record: 350, loss: loss(100, 3500) } });
    expect(named(calls, 'lineTo').length).toBe(1);
    expect(named(calls, 'stroke').length).toBeLessThan(5);
    chart.dispose();
  });
});
