// Chart 2: the final loss of every restart as a strip plot, one column per configuration, with the
// column's mean (bar) and mean ± sample std (whisker): judge a configuration by repeating it.
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';
import { type AxisScale, CanvasChart, type CanvasChartOptions, drawAxes, drawMessage, plotArea, toPixel } from './canvas-host';
import { type StripLayout, describeStrip, groupCaption, stripLayout } from './distribution-data';
import { drawMarker } from './markers';
import { type RestartKey, isRestart, lossTitle } from './restarts';
import { restartCss } from './style';
import { valueRange } from './ticks';

/** Options of the final-loss chart. */
export interface FinalLossOptions extends CanvasChartOptions {
  /** Log y axis (used only while every final loss is positive). */
  log?: boolean;
}

/** Width of a column's strip of dots, in column units. */
const STRIP_WIDTH = 0.5;

/** The final-loss strip plot on a canvas appended to `container`. */
export class FinalLossChart extends CanvasChart {
  private layout: StripLayout = { groups: [], points: [], min: NaN, max: NaN };
  private configurations: readonly Configuration[] = [];
  private highlighted: RestartKey | null = null;
  private log: boolean;

  constructor(container: HTMLElement, options: FinalLossOptions) {
    super(container, 'Final loss of each restart: no restarts yet.', options);
    this.log = options.log ?? false;
    this.draw();
  }

  /** Whether the y axis is logarithmic now (asked for, and every final loss is positive). */
  get logActive(): boolean {
    return this.log && this.layout.min > 0;
  }

  /** Lays out the run's results so far (any order) and redraws. */
  update(results: readonly RestartResult[], configurations: readonly Configuration[]): void {
    this.configurations = configurations;
    this.layout = stripLayout(results, configurations, STRIP_WIDTH);
    this.draw();
  }

  /** Rings restart `key`'s dot (null: none). */
  highlight(key: RestartKey | null): void {
    this.highlighted = key;
    this.draw();
  }

  setLog(log: boolean): void {
    this.log = log;
    this.draw();
  }

  protected draw(): void {
    this.host.setLabel(describeStrip(this.layout, lossTitle(this.configurations)));
    const s = this.style;
    const ctx = this.host.begin();
    if (ctx === null) return;
    const area = plotArea(this.host.width, this.host.height, s, { top: Math.round(s.fontSize * 1.2) });
    const { groups, points } = this.layout;
    if (groups.length === 0) return drawMessage(ctx, s, area, 'No restarts yet.');
    const log = this.logActive;
    const range = valueRange(this.layout.min, this.layout.max, log);
    const x: AxisScale = { min: -0.5, max: groups.length - 0.5, log: false, from: area.x, to: area.x + area.width };
    const y: AxisScale = { ...range, log, from: area.y + area.height, to: area.y };
    drawAxes(ctx, s, area, { scale: x, title: 'configuration (n = restarts that ended ok)', categories: groups.map(groupCaption) }, { scale: y, title: `final ${lossTitle(this.configurations)}${log ? ', log' : ''}` });

    ctx.save();
    ctx.beginPath();
    ctx.rect(area.x, area.y, area.width, area.height);
    ctx.clip();
    const unit = area.width / groups.length;
    for (const g of groups) {
      const { mean, std } = g.summary;
      if (mean === null) continue;
      const cx = toPixel(x, g.variant);
      const my = toPixel(y, mean);
      ctx.strokeStyle = s.text;
      ctx.lineWidth = 2 * s.scale;
      ctx.beginPath();
      ctx.moveTo(cx - unit * 0.34, my);
      ctx.lineTo(cx + unit * 0.34, my);
      ctx.stroke();
      if (std !== null) {
        const wx = cx + unit * 0.4;
        // On a log axis mean − std may be ≤ 0: the whisker then runs off the bottom, without a cap.
        const low = toPixel(y, mean - std);
        const lo = Number.isFinite(low) ? low : area.y + area.height;
        const hi = toPixel(y, mean + std);
        const cap = unit * 0.04;
        ctx.beginPath();
        ctx.moveTo(wx, lo);
        ctx.lineTo(wx, hi);
        if (Number.isFinite(low)) {
          ctx.moveTo(wx - cap, lo);
          ctx.lineTo(wx + cap, lo);
        }
        ctx.moveTo(wx - cap, hi);
        ctx.lineTo(wx + cap, hi);
        ctx.stroke();
      }
    }
    const lineWidth = Math.max(1, s.scale);
    let top: (typeof points)[number] | null = null;
    for (const p of points) {
      if (isRestart(p.key, this.highlighted)) top = p;
      else drawMarker(ctx, 'circle', toPixel(x, p.x), toPixel(y, p.value), s.markerSize, restartCss(p.key.index, s.theme, this.highlighted === null ? 0.9 : 0.6), s.background, lineWidth);
    }
    if (top !== null) drawMarker(ctx, 'circle', toPixel(x, top.x), toPixel(y, top.value), s.markerSize * 1.8, restartCss(top.key.index, s.theme), s.text, 2 * s.scale);
    ctx.restore();

    ctx.save();
    ctx.font = s.font;
    ctx.fillStyle = s.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText('bar: mean · whisker: mean ± std (n − 1)', area.x + area.width, area.y - s.fontSize * 1.9);
    ctx.restore();
  }
}
