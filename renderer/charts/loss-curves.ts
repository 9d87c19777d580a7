// Chart 1: the loss of every restart against the step, one line each, a highlighted restart on top
// and the rest dimmed; a diverged restart's line stops where it diverged, marked with a cross.
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';
import { LossCurveTable, type LossRow } from './loss-curves-data';
import { type RestartKey, lossTitle, restartId, stepTitle, variantName } from './restarts';
import { type ChartTheme, css, categoryColor, restartCss } from './style';
import { UplotChart, axisOptions, logAxis, uPlot, uPlotRatio } from './uplot-host';

/** Options of the loss-curve chart; sizes in CSS pixels. */
export interface LossCurvesOptions {
  width: number;
  height: number;
  theme?: ChartTheme;
  /** Type scale (2 for a projector). */
  scale?: number;
  /** Log y axis (used only while every loss drawn is positive). */
  log?: boolean;
  /** Colour lines by restart index (as in the 3-D scene) or by variant (to compare configurations). */
  colorBy?: 'restart' | 'variant';
}

/** The chart's accessible name: how many restarts, how many diverged, the scale and the highlighted restart. */
export function describeLossCurves(table: LossCurveTable, configurations: readonly Configuration[], highlighted: RestartKey | null, log: boolean): string {
  const n = table.restarts.length;
  const diverged = table.divergedEnds().length;
  let text = `Loss curves of ${n} restart${n === 1 ? '' : 's'}, ${lossTitle(configurations)} against ${stepTitle(configurations)}${log ? ', log scale' : ''}`;
  if (diverged > 0) text += `; ${diverged} diverged`;
  const row = table.rowOf(highlighted);
  if (row >= 0) {
    const r = table.restarts[row]!;
    const values = table.rows[row]!;
    let last: number | null = null;
    for (let i = values.length - 1; i >= 0 && last === null; i--) last = values[i]!;
    text += `; highlighted: restart ${r.index}${configurations.length > 1 ? ` of ${variantName(configurations, r.variant)}` : ''}, last finite loss ${last ?? 'none'}`;
  }
  return text + '.';
}

/**
 * The loss curves of a run's restarts in a uPlot appended to `container`. `update` takes the run's
 * results so far and only does work for restarts it has not seen; `highlight` draws one restart on top.
 */
export class LossCurvesChart extends UplotChart {
  private readonly table = new LossCurveTable();
  private configurations: readonly Configuration[] = [];
  private highlighted: RestartKey | null = null;
  private highlightRow: LossRow = [];
  private log: boolean;
  private readonly colorBy: 'restart' | 'variant';

  constructor(container: HTMLElement, options: LossCurvesOptions) {
    super(container, options, 'Loss curves: no restarts yet.');
    this.log = options.log ?? false;
    this.colorBy = options.colorBy ?? 'restart';
    this.rebuild();
  }

  /** Whether the y axis is logarithmic now (asked for, and every loss drawn is positive). */
  get logActive(): boolean {
    return this.log && this.table.logAllowed;
  }

  /** Takes the run's results so far (any order); a list missing a restart already drawn starts over. */
  update(results: readonly RestartResult[], configurations: readonly Configuration[]): void {
    // Axis titles depend on the kind of problem; only a change of them needs a new uPlot.
    let rebuild = lossTitle(configurations) !== lossTitle(this.configurations) || stepTitle(configurations) !== stepTitle(this.configurations);
    this.configurations = configurations;
    if (this.startsOver(results)) {
      this.table.clear();
      rebuild = true;
    }
    const logBefore = this.logActive;
    let changed = false;
    for (const r of results) if (this.table.add(r).kind !== 'present') changed = true;
    if (rebuild || logBefore !== this.logActive) return this.rebuild();
    if (!changed) return;
    const plot = this.host.plot!;
    // Every restart series reads its colour from the table by position, so new ones can go anywhere
    // before the last series (the highlight); series 0 is x.
    const missing = this.table.rows.length - (plot.series.length - 2);
    plot.batch(() => {
      for (let i = 0; i < missing; i++) plot.addSeries(this.restartSeries(), plot.series.length - 1);
      plot.setData(this.data());
    });
    this.describe();
  }

  /** Draws restart `key` on top and dims the others; null draws all alike. */
  highlight(key: RestartKey | null): void {
    this.highlighted = key;
    this.host.plot!.setData(this.data(), false);
    this.describe();
  }

  /** Switches the y axis between linear and log (log applies only while every loss is positive). */
  setLog(log: boolean): void {
    if (log === this.log) return;
    this.log = log;
    this.rebuild();
  }


  private startsOver(results: readonly RestartResult[]): boolean {
    if (this.table.restarts.length === 0) return false;
    const ids = new Set(results.map(restartId));
    return this.table.restarts.some((r) => !ids.has(restartId(r)));
  }

  private data(): uPlot.AlignedData {
    const row = this.table.rowOf(this.highlighted);
    const xs = this.table.xs;
    if (row >= 0) this.highlightRow = this.table.rows[row]!;
    else if (this.highlightRow.length !== xs.length || this.highlightRow.some((v) => v !== null)) this.highlightRow = new Array<null>(xs.length).fill(null);
    return [xs, ...this.table.rows, this.highlightRow];
  }

  private colorOf(r: RestartResult, alpha: number): string {
    return this.colorBy === 'variant' ? css(categoryColor(r.variant, this.style.theme), alpha) : restartCss(r.index, this.style.theme, alpha);
  }

  private restartSeries(): uPlot.Series {
    return {
      label: 'restart',
      width: this.style.lineWidth,
      points: { show: false },
      stroke: (_u, si) => {
        const r = this.table.restarts[si - 1];
        if (r === undefined) return 'transparent';
        return this.colorOf(r, this.table.rowOf(this.highlighted) >= 0 ? this.style.dimAlpha : 0.9);
      },
    };
  }

  protected rebuild(): void {
    const s = this.style;
    const series: uPlot.Series[] = [{ label: 'step' }];
    for (let i = 0; i < this.table.rows.length; i++) series.push(this.restartSeries());
    series.push({
      label: 'highlighted restart',
      width: s.highlightWidth,
      points: { show: false },
      stroke: () => {
        const row = this.table.rowOf(this.highlighted);
        return row >= 0 ? this.colorOf(this.table.restarts[row]!, 1) : 'transparent';
      },
    });
    const options: uPlot.Options = {
      width: this.width,
      height: this.height,
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: { x: { time: false }, y: this.logActive ? { distr: 3, log: 10 } : {} },
      axes: [
        axisOptions(s, stepTitle(this.configurations), false),
        axisOptions(s, lossTitle(this.configurations) + (this.logActive ? ', log scale' : ''), true, this.logActive ? logAxis(s) : {}),
      ],
      series,
      hooks: { draw: [(u) => this.drawDivergence(u)] },
    };
    this.host.build(options, this.data(), s);
    this.describe();
  }

  /** Crosses where diverged restarts ended: at the last loss, or on the top edge when it was not finite. */
  private drawDivergence(u: uPlot): void {
    const ends = this.table.divergedEnds();
    if (ends.length === 0) return;
    const ctx = u.ctx;
    const r = (this.style.markerSize / 2) * uPlotRatio();
    ctx.save();
    ctx.lineWidth = Math.max(1, r / 2.5);
    for (const end of ends) {
      const x = u.valToPos(end.step, 'x', true);
      const y = end.loss === null ? u.bbox.top + r : u.valToPos(end.loss, 'y', true);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const row = this.table.rowOf(end.key);
      const dim = this.table.rowOf(this.highlighted) >= 0 && row !== this.table.rowOf(this.highlighted);
      ctx.strokeStyle = this.colorOf(this.table.restarts[row]!, dim ? this.style.dimAlpha : 1);
      ctx.beginPath();
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y + r);
      ctx.moveTo(x - r, y + r);
      ctx.lineTo(x + r, y - r);
      ctx.stroke();
    }
    ctx.restore();
  }

  private describe(): void {
    this.host.setLabel(describeLossCurves(this.table, this.configurations, this.highlighted, this.logActive));
  }
}
