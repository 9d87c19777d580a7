// Chart 4a: the symmetry meter. For one restart, the distinct units of each hidden layer over the steps
// (solid steps) under the layer's width (dashed ceiling): a zeros start stays at 1, a random start at the width.
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';
import { type RestartKey, pickRestart, stepTitle, variantName } from './restarts';
import { type ChartTheme, categoryColor, css, dashFor } from './style';
import { type SymmetrySeries, describeSymmetry, symmetrySeries } from './symmetry-data';
import { type LegendEntry, UplotChart, axisOptions, drawLegend, emptyData, legendWidth, steppedPaths, type uPlot } from './uplot-host';

/** Options of the symmetry meter; sizes in CSS pixels. */
export interface SymmetryOptions {
  width: number;
  height: number;
  theme?: ChartTheme;
  scale?: number;
}

/** uPlot's aligned data for a meter: steps, then each layer's distinct units, then each layer's width as a constant row; empty rows for `layers` hidden layers when there is no series. */
export function symmetryData(series: SymmetrySeries | null, layers = 0): uPlot.AlignedData {
  if (series === null) return emptyData(1 + 2 * layers);
  return [series.steps, ...series.layers.map((l) => l.distinct), ...series.layers.map((l) => series.steps.map(() => l.width))];
}

/** The symmetry meter of one restart (the highlighted one, else the first in run order) in a uPlot appended to `container`. */
export class SymmetryChart extends UplotChart {
  private results: readonly RestartResult[] = [];
  private configurations: readonly Configuration[] = [];
  private highlighted: RestartKey | null = null;
  private shown: RestartResult | null = null;
  private series: SymmetrySeries | null = null;
  /** The hidden widths the current uPlot was built for (series, legend and y range follow them). */
  private widths: readonly number[] | null = null;

  constructor(container: HTMLElement, options: SymmetryOptions) {
    super(container, options, describeSymmetry(null, 'no restart yet'));
    this.rebuild();
  }

  /** The restart the meter shows, or null. */
  get restart(): RestartResult | null {
    return this.shown;
  }

  update(results: readonly RestartResult[], configurations: readonly Configuration[]): void {
    this.results = results;
    this.configurations = configurations;
    this.refresh();
  }

  /** Shows restart `key` (null: the first restart in run order). */
  highlight(key: RestartKey | null): void {
    this.highlighted = key;
    this.refresh();
  }


  private refresh(): void {
    const r = pickRestart(this.results, this.highlighted);
    if (r === this.shown && this.laidOut()) return;
    this.shown = r;
    const config = r === null ? undefined : this.configurations[r.variant];
    this.series = r !== null && config !== undefined && config.type === 'network' ? symmetrySeries(r, config.layers) : null;
    if (!this.laidOut()) this.rebuild();
    else this.host.plot!.setData(symmetryData(this.series, this.widths!.length));
    this.host.setLabel(describeSymmetry(this.series, this.name()));
  }

  /**
   * The hidden widths to lay the meter out for: those of the configuration of the restart shown (else
   * the highlighted one's, else the first), known from a run's start, so that the uPlot is built then
   * and its first restart only sets data (a new uPlot with its code still cold was a long task in the
   * run's first second). With no configurations (a run starting) the layout stays as it is.
   */
  private layout(): readonly number[] {
    if (this.configurations.length === 0 && this.widths !== null) return this.widths;
    const config = this.configurations[this.shown?.variant ?? this.highlighted?.variant ?? 0] ?? this.configurations[0];
    return config?.type === 'network' ? config.layers.slice(1, -1) : [];
  }

  /** Whether the uPlot is built for the layout wanted now. */
  private laidOut(): boolean {
    return this.widths !== null && this.layout().join(',') === this.widths.join(',');
  }

  private name(): string {
    const r = this.shown;
    if (r === null) return 'no restart yet';
    return `restart ${r.index}${this.configurations.length > 1 ? ` of ${variantName(this.configurations, r.variant)}` : ''}`;
  }

  protected rebuild(): void {
    const s = this.style;
    const widths = (this.widths = this.layout());
    const series: uPlot.Series[] = [{ label: 'step' }];
    const color = (l: number) => css(categoryColor(l, s.theme));
    widths.forEach((_, l) => series.push({ label: `hidden layer ${l + 1}: distinct units`, stroke: color(l), width: s.lineWidth * 1.5, dash: dashFor(l, s.scale * 1.5), paths: steppedPaths(), points: { show: false } }));
    widths.forEach((width, l) => series.push({ label: `layer ${l + 1} width (${width})`, stroke: css(categoryColor(l, s.theme), 0.55), width: s.lineWidth, dash: [10 * s.scale, 6 * s.scale], points: { show: false } }));
    const top = Math.max(1, ...widths);
    const entries: LegendEntry[] = widths.map((width, l) => ({ label: `hidden ${l + 1} (${width} wide)`, color: color(l), dash: dashFor(l, s.scale * 1.5) }));
    entries.push({ label: 'width (ceiling)', color: s.muted, dash: [10 * s.scale, 6 * s.scale] });
    const options: uPlot.Options = {
      width: this.width,
      height: this.height,
      padding: [s.fontSize, widths.length > 0 ? legendWidth(entries.map((e) => e.label), s) : s.fontSize, null, null],
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: { x: { time: false }, y: { range: [0, top + Math.max(1, top * 0.06)] } },
      axes: [axisOptions(s, stepTitle(this.configurations), false), axisOptions(s, 'distinct units (count)', true, { incrs: [1, 2, 4, 5, 10, 20, 50, 100, 200, 500] })],
      series,
      hooks: { draw: [(u) => widths.length > 0 && drawLegend(u, s, entries)] },
    };
    this.host.build(options, symmetryData(this.series, widths.length), s);
  }
}
