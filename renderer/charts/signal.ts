// Chart 5: the signal at initialization, layer by layer: per configuration the std of activations (or
// gradients) at each layer, mean over restarts with a min–max whisker; a highlighted restart's own
// values as a thin line. On a log axis, vanishing and exploding signals are straight slopes.
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';
import { type AxisScale, CanvasChart, type CanvasChartOptions, drawAxes, drawMessage, plotArea, toPixel } from './canvas-host';
import { drawMarker, markerFor } from './markers';
import { type RestartKey, isRestart } from './restarts';
import { type SignalGroup, type SignalQuantity, describeSignal, layerNames, positiveRange, signalGroups } from './signal-data';
import { categoryColor, css, dashFor } from './style';
import { valueRange } from './ticks';

/** Options of the signal chart. */
export interface SignalOptions extends CanvasChartOptions {
  quantity?: SignalQuantity;
  /** Log y axis (default true: spreads that shrink or grow by a factor per layer are straight lines). */
  log?: boolean;
}

/** The y-axis title of a quantity, with its units. */
export function signalTitle(quantity: SignalQuantity, log: boolean): string {
  const what = quantity === 'activation' ? 'std of activations' : 'std of ∂loss/∂pre-activation';
  return `${what}${log ? ', log' : ''}`;
}

/** Horizontal offset (in layer units) of configuration g of `count`, so that their markers do not overlap. */
export function dodge(g: number, count: number): number {
  const step = Math.min(0.12, 0.6 / Math.max(1, count));
  return (g - (count - 1) / 2) * step;
}

/** The per-layer signal chart on a canvas appended to `container`. */
export class SignalChart extends CanvasChart {
  private results: readonly RestartResult[] = [];
  private groups: SignalGroup[] = [];
  private configurations: readonly Configuration[] = [];
  private highlighted: RestartKey | null = null;
  private quantity: SignalQuantity;
  private log: boolean;

  constructor(container: HTMLElement, options: SignalOptions) {
    super(container, 'Per-layer signal at initialization: no restarts yet.', options);
    this.quantity = options.quantity ?? 'activation';
    this.log = options.log ?? true;
    this.draw();
  }

  /** Whether the y axis is logarithmic now (asked for, and some std is positive). */
  get logActive(): boolean {
    return this.log && positiveRange(this.groups) !== null;
  }

  update(results: readonly RestartResult[], configurations: readonly Configuration[]): void {
    this.results = results;
    this.configurations = configurations;
    this.groups = signalGroups(results, configurations, this.quantity);
    this.draw();
  }

  /** Overlays restart `key`'s own per-layer values (null: none). */
  highlight(key: RestartKey | null): void {
    this.highlighted = key;
    this.draw();
  }

  /** Shows activations or gradients. */
  setQuantity(quantity: SignalQuantity): void {
    this.quantity = quantity;
    this.groups = signalGroups(this.results, this.configurations, quantity);
    this.draw();
  }

  setLog(log: boolean): void {
    this.log = log;
    this.draw();
  }

  protected draw(): void {
    this.host.setLabel(describeSignal(this.groups, this.quantity));
    const s = this.style;
    const ctx = this.host.begin();
    if (ctx === null) return;
    const r = this.results.find((q) => isRestart(q, this.highlighted));
    const own = r?.signal?.[this.quantity] ?? null;
    const legend = this.legendRows(r !== undefined && own !== null ? `restart ${r.index}` : null);
    const longest = Math.max(0, ...legend.map((row) => row.label.length));
    const area = plotArea(this.host.width, this.host.height, s, { right: Math.ceil(s.fontSize * (3.4 + 0.62 * longest)) });
    if (this.groups.length === 0) return drawMessage(ctx, s, area, 'No signal records (networks only).');
    const log = this.logActive;
    const layers = Math.max(...this.groups.map((g) => g.layers.length));
    const names = layerNames(layers);
    const positive = positiveRange(this.groups);
    const finite = this.groups.flatMap((g) => g.layers.flatMap((l) => [l.min, l.max])).filter(Number.isFinite);
    const range = log && positive !== null ? valueRange(positive.min, positive.max, true) : valueRange(Math.min(...finite), Math.max(...finite), false);
    const x: AxisScale = { min: -0.5, max: layers - 0.5, log: false, from: area.x, to: area.x + area.width };
    const y: AxisScale = { ...range, log, from: area.y + area.height, to: area.y };
    drawAxes(ctx, s, area, { scale: x, title: 'layer (first hidden to output)', categories: names }, { scale: y, title: signalTitle(this.quantity, log) });
    // A value a log axis cannot show (a std of 0: no signal at all) sits on the bottom edge, hollow.
    const py = (v: number) => (log && !(v > 0) ? area.y + area.height : toPixel(y, v));

    ctx.save();
    ctx.beginPath();
    ctx.rect(area.x - s.markerSize, area.y - s.markerSize, area.width + 2 * s.markerSize, area.height + 2 * s.markerSize);
    ctx.clip();
    const count = this.groups.length;
    this.groups.forEach((g, gi) => {
      const color = css(categoryColor(g.variant, s.theme));
      const px = (l: number) => toPixel(x, l + dodge(gi, count));
      ctx.strokeStyle = color;
      ctx.lineWidth = s.lineWidth;
      ctx.setLineDash(dashFor(gi, s.lineWidth));
      ctx.beginPath();
      g.layers.forEach((l, i) => (i === 0 ? ctx.moveTo(px(i), py(l.mean)) : ctx.lineTo(px(i), py(l.mean))));
      ctx.stroke();
      ctx.setLineDash([]);
      g.layers.forEach((l, i) => {
        if (l.max > l.min) {
          // drawMarker leaves its own outline colour behind, so set the whisker's each time.
          ctx.strokeStyle = color;
          ctx.lineWidth = s.lineWidth;
          ctx.beginPath();
          ctx.moveTo(px(i), py(l.min));
          ctx.lineTo(px(i), py(l.max));
          ctx.stroke();
        }
        const visible = !log || l.mean > 0;
        drawMarker(ctx, markerFor(gi), px(i), py(l.mean), s.markerSize * 1.2, visible ? color : null, visible ? s.background : color, Math.max(1, s.scale));
      });
    });
    if (r !== undefined && own !== null) {
      // The restart in the text colour: its own Okabe–Ito colour could be a configuration's.
      const gi = Math.max(0, this.groups.findIndex((g) => g.variant === r.variant));
      ctx.strokeStyle = s.text;
      ctx.lineWidth = s.lineWidth;
      ctx.setLineDash([]);
      ctx.beginPath();
      own.forEach((l, i) => {
        const p = toPixel(x, i + dodge(gi, count));
        if (i === 0) ctx.moveTo(p, py(l.std));
        else ctx.lineTo(p, py(l.std));
      });
      ctx.stroke();
      own.forEach((l, i) => drawMarker(ctx, 'cross', toPixel(x, i + dodge(gi, count)), py(l.std), s.markerSize, s.text, s.text, s.lineWidth));
    }
    ctx.restore();
    ctx.save();
    ctx.font = s.font;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    const f = s.fontSize;
    legend.forEach((row, i) => {
      const cy = area.y + f * (0.6 + 1.5 * i);
      const lx = area.x + area.width + f * 1.2;
      row.draw(ctx, lx + f, cy);
      ctx.fillStyle = s.text;
      ctx.fillText(row.label, lx + f * 2.4, cy);
    });
    ctx.restore();
  }

  /** The legend's rows: each configuration's line and marker, then the highlighted restart (if any). */
  private legendRows(restart: string | null): { label: string; draw: (ctx: CanvasRenderingContext2D, x: number, y: number) => void }[] {
    const s = this.style;
    const f = s.fontSize;
    const rows = this.groups.map((g, gi) => ({
      label: `${g.label} (n=${g.restarts})`,
      draw: (ctx: CanvasRenderingContext2D, px: number, py: number) => {
        const color = css(categoryColor(g.variant, s.theme));
        ctx.strokeStyle = color;
        ctx.lineWidth = s.lineWidth;
        ctx.setLineDash(dashFor(gi, s.lineWidth));
        ctx.beginPath();
        ctx.moveTo(px - f, py);
        ctx.lineTo(px + f, py);
        ctx.stroke();
        ctx.setLineDash([]);
        drawMarker(ctx, markerFor(gi), px, py, s.markerSize * 1.2, color, s.background, Math.max(1, s.scale));
      },
    }));
    if (restart !== null) rows.push({ label: restart, draw: (ctx, px, py) => drawMarker(ctx, 'cross', px, py, s.markerSize, s.text, s.text, s.lineWidth) });
    return rows;
  }
}
