// Chart 3: success against the number of restarts. Per configuration, the chance that the best of k
// restarts succeeds (solid, with markers) and whether any of the first k in index order did (dotted steps).
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';
import type { RestartKey } from './restarts';
import { drawMarker, markerFor } from './markers';
import { type ChartTheme, categoryColor, css } from './style';
import { DEFAULT_SUCCESS_TOLERANCE, type SuccessCurve, describeSuccess, successCurves } from './success-data';
import { type LegendEntry, UplotChart, axisOptions, drawLegend, emptyData, legendWidth, steppedPaths, uPlot, uPlotRatio } from './uplot-host';

/** Options of the success chart; sizes in CSS pixels. */
export interface SuccessOptions {
  width: number;
  height: number;
  theme?: ChartTheme;
  scale?: number;
  /** Networks: relative tolerance of a success (default 10% of the best final loss). */
  tolerance?: number;
}

/** uPlot's aligned data for `curves`: x = 1..R (R the most restarts of any curve), then per curve its probability and observed rows (null past its own R). */
export function successData(curves: readonly SuccessCurve[]): uPlot.AlignedData {
  const r = Math.max(0, ...curves.map((c) => c.restarts));
  const xs = Array.from({ length: r }, (_, i) => i + 1);
  const pad = (row: number[]) => xs.map((_, i) => row[i] ?? null);
  return [xs, ...curves.flatMap((c) => [pad(c.probability), pad(c.observed)])];
}

/** The success-rate chart in a uPlot appended to `container`. */
export class SuccessChart extends UplotChart {
  private curves: SuccessCurve[] | null = null;
  private configurations: readonly Configuration[] = [];
  private results: readonly RestartResult[] = [];
  private highlighted: RestartKey | null = null;
  private tolerance: number;
  private shape = '';

  constructor(container: HTMLElement, options: SuccessOptions) {
    super(container, options, describeSuccess([], true, options.tolerance ?? DEFAULT_SUCCESS_TOLERANCE));
    this.tolerance = options.tolerance ?? DEFAULT_SUCCESS_TOLERANCE;
    this.rebuild();
  }

  /** The curves drawn (null when success is undefined: a function without known minima). */
  get drawn(): readonly SuccessCurve[] | null {
    return this.curves;
  }

  /** Recomputes the curves from the run's results so far. */
  update(results: readonly RestartResult[], configurations: readonly Configuration[]): void {
    this.results = results;
    this.configurations = configurations;
    this.recompute();
  }

  /** Draws the highlighted restart's configuration at full strength and dims the others (null: all alike). */
  highlight(key: RestartKey | null): void {
    this.highlighted = key;
    this.host.plot!.redraw(false);
  }

  /** Sets the relative tolerance of a network's success and recomputes. */
  setTolerance(tolerance: number): void {
    this.tolerance = tolerance;
    // The legend's note names the tolerance, so the chart is built again.
    this.shape = '';
    this.recompute();
  }


  private recompute(): void {
    this.curves = successCurves(this.results, this.configurations, this.tolerance);
    // Series follow the curves' labels, known from a run's configurations (one curve per configuration,
    // before any restart): only a change of those needs a new uPlot. A run starting (no configurations
    // or results yet) keeps the layout, with no data, so that the same experiment run again builds nothing.
    const starting = this.configurations.length === 0 && this.results.length === 0 && this.shape !== '';
    const shape = this.shapeOf(this.curves ?? []);
    if (starting) this.host.plot!.setData(emptyData(this.host.plot!.series.length));
    else if (shape !== this.shape) this.rebuild();
    else this.host.plot!.setData(successData(this.curves ?? []));
    this.host.setLabel(describeSuccess(this.curves, this.isNetwork(), this.tolerance));
  }

  /**
   * What the built chart depends on: the curves' labels, and the kind of problem, which the legend's
   * note names (a network's tolerance or a function's global minimum): a network run after a search
   * with the same labels must not keep the search's note.
   */
  private shapeOf(curves: readonly { variant: number; label: string }[]): string {
    return JSON.stringify([this.isNetwork(), curves.map((c) => [c.variant, c.label])]);
  }

  private isNetwork(): boolean {
    return this.configurations[0]?.type !== 'function';
  }

  private colorOf(variant: number): string {
    const dim = this.highlighted !== null && this.highlighted.variant !== variant;
    return css(categoryColor(variant, this.style.theme), dim ? this.style.dimAlpha : 1);
  }

  protected rebuild(): void {
    const s = this.style;
    const curves = this.curves ?? [];
    this.shape = this.shapeOf(curves);
    const series: uPlot.Series[] = [{ label: 'restarts k' }];
    for (const c of curves) {
      const stroke = () => this.colorOf(c.variant);
      series.push({ label: `${c.label}: chance`, stroke, width: s.lineWidth * 1.3, points: { show: false } });
      series.push({ label: `${c.label}: observed, first k`, stroke, width: s.lineWidth, dash: [2 * s.scale, 3 * s.scale], paths: steppedPaths(), points: { show: false } });
    }
    const note = this.isNetwork() ? `success: loss ≤ best + ${Math.round(this.tolerance * 100)}%` : 'success: a global minimum';
    const entries = (): LegendEntry[] => [
      ...curves.map((c) => ({ label: c.label, color: this.colorOf(c.variant), marker: markerFor(c.variant), dash: [] })),
      { label: 'chance, best of k', color: s.muted, dash: [] },
      { label: 'observed, first k', color: s.muted, dash: [2 * s.scale, 3 * s.scale] },
    ];
    const labels = [...curves.map((c) => c.label), 'observed, first k', note];
    const options: uPlot.Options = {
      width: this.width,
      height: this.height,
      padding: [s.fontSize, curves.length > 0 ? legendWidth(labels, s) : s.fontSize, null, null],
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: { x: { time: false }, y: { range: [0, 1.02] } },
      axes: [axisOptions(s, 'restarts k (count)', false), axisOptions(s, 'chance of success', true)],
      series,
      hooks: { draw: [(u) => this.drawMarkers(u, curves), (u) => curves.length > 0 && drawLegend(u, s, entries(), [note])] },
    };
    this.host.build(options, successData(curves), s);
  }

  /** Each configuration's marker shape on its chance line (every point, or every few when crowded), so shape tells configurations apart too. */
  private drawMarkers(u: uPlot, curves: readonly SuccessCurve[]): void {
    const ratio = uPlotRatio();
    const size = this.style.markerSize * ratio;
    const xs = u.data[0];
    if (xs.length === 0) return;
    const spacing = Math.abs(u.valToPos(2, 'x', true) - u.valToPos(1, 'x', true));
    const every = Math.max(1, Math.ceil((size * 1.4) / (spacing || 1)));
    u.ctx.save();
    curves.forEach((c, i) => {
      const color = this.colorOf(c.variant);
      const row = u.data[1 + 2 * i]!;
      for (let k = 0; k < xs.length; k += every) {
        const v = row[k];
        if (v === null || v === undefined) continue;
        drawMarker(u.ctx, markerFor(c.variant), u.valToPos(xs[k]!, 'x', true), u.valToPos(v, 'y', true), size, color, this.style.background, Math.max(1, ratio));
      }
    });
    u.ctx.restore();
  }
}
