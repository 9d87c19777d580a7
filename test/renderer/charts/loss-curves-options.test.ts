// Toggling how the loss curves are shown redraws the restarts the chart holds: never a new, empty chart.
import './match-media';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LossCurvesChart } from '../../../renderer/charts/loss-curves';
import { categoryColor, css } from '../../../renderer/charts/style';
import Charts from '../../../renderer/components/Charts.svelte';
import { type Call, textsDrawn, useChartStage } from './fake-canvas';
import { fakeRestart, functionConfig, networkConfig } from './results';

const stage = useChartStage();
afterEach(cleanup);

const EMPTY = 'No restarts yet.';
const results = [fakeRestart({ index: 0, losses: [1, 0.5, 0.2] }), fakeRestart({ variant: 1, index: 0, losses: [0.9, 0.4, 0.3] })];

/** The calls `change` makes. */
function during(change: () => void): Call[] {
  const from = stage.calls.length;
  change();
  return stage.calls.slice(from);
}

describe('LossCurvesChart options', () => {
  it('redraws the restarts it holds for a new log scale, colouring, theme, type scale or size, never the empty state', () => {
    const chart = new LossCurvesChart(stage.container, { width: 400, height: 240, pixelRatio: 1 });
    chart.update(results, [networkConfig('a'), networkConfig('b')]);
    const changes: [string, () => void][] = [
      ['log on', () => chart.setOptions({ log: true })],
      ['log off', () => chart.setOptions({ log: false })],
      ['by variant', () => chart.setOptions({ colorBy: 'variant' })],
      ['theme', () => chart.setTheme('dark')],
      ['type scale', () => chart.setScale(2)],
      ['size', () => chart.setSize(300, 200)],
    ];
    for (const [what, change] of changes) {
      const calls = during(change);
      expect(textsDrawn(calls), what).not.toContain(EMPTY);
      expect(calls.filter((c) => c.name === 'lineTo').length, what).toBeGreaterThan(2);
    }
    // Both options took effect: lines in their variant's colour, on a log axis.
    chart.setTheme('light');
    const calls = during(() => chart.setOptions({ log: true }));
    expect(calls.filter((c) => c.name === 'set:strokeStyle').map((c) => c.args[0])).toContain(css(categoryColor(1, 'light'), 0.9));
    // At type scale 2 in 300 × 200 the vertical title has no room for its parenthesis.
    expect(textsDrawn(calls)).toContain('loss, log scale');
    chart.dispose();
  });
});

/** The chart a figure holds, once made: in a task after the figure is mounted (chart-action.ts). */
const chartOf = (figure: HTMLElement) =>
  vi.waitFor(() => {
    const made = figure.querySelector('[role="img"]');
    if (made === null) throw new Error('the chart is not made yet');
    return made;
  });

describe('Charts: the loss curves figure', () => {
  it("toggles log scale on the chart it has, drawing the restarts straight away and never 'No restarts yet.'", async () => {
    const props = { results: [results[0]!, fakeRestart({ index: 1, losses: [0.9, 0.4, 0.3] })], configurations: [functionConfig()], networks: [], network: false, selected: null, theme: 'light' as const, scale: 1 };
    const { rerender } = render(Charts, { props });
    const figure = screen.getByRole('figure', { name: 'Loss curves' });
    const chart = await chartOf(figure);
    // What was drawn on the figure's canvases (not the other charts').
    const onChart = (calls: readonly Call[]) => calls.filter((c) => figure.contains(c.canvas));
    await vi.waitFor(() => expect(chart.getAttribute('aria-label')).toMatch(/^Loss curves of 2 restarts/));

    let from = stage.calls.length;
    await fireEvent.click(within(figure).getByRole('checkbox', { name: 'log scale' }));
    await vi.waitFor(() => expect(textsDrawn(stage.calls.slice(from))).toContain('f(x) at the reported point, log scale'));
    expect(textsDrawn(onChart(stage.calls.slice(from)))).not.toContain(EMPTY);
    expect(figure.querySelector('[role="img"]')).toBe(chart);

    from = stage.calls.length;
    await fireEvent.click(within(figure).getByRole('checkbox', { name: 'log scale' }));
    await vi.waitFor(() => expect(chart.getAttribute('aria-label')).not.toContain('log scale'));
    expect(textsDrawn(onChart(stage.calls.slice(from)))).toContain('f(x) at the reported point');
    expect(textsDrawn(onChart(stage.calls.slice(from)))).not.toContain(EMPTY);

    from = stage.calls.length;
    await rerender({ ...props, theme: 'dark' });
    await vi.waitFor(() => expect(onChart(stage.calls.slice(from)).length).toBeGreaterThan(0));
    expect(textsDrawn(onChart(stage.calls.slice(from)))).not.toContain(EMPTY);
    expect(figure.querySelector('[role="img"]')).toBe(chart);
  });

  it('keeps the network charts it has while a new run has no configurations yet (network stays true)', async () => {
    const props = { results: [], configurations: [], networks: [], network: true, selected: null, theme: 'light' as const, scale: 1 };
    const { rerender } = render(Charts, { props });
    const symmetry = screen.getByRole('figure', { name: 'Symmetry meter' });
    const made = await chartOf(symmetry);
    await rerender({ ...props, results: [] });
    expect(screen.getByRole('figure', { name: 'Symmetry meter' })).toBe(symmetry);
    expect(symmetry.querySelector('[role="img"]')).toBe(made);
    await rerender({ ...props, network: false });
    expect(screen.queryByRole('figure', { name: 'Symmetry meter' })).toBeNull();
  });
});
