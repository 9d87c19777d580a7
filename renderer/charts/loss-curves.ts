// Chart 1: the loss of every restart against the step, one line each, a highlighted restart on top
// and the rest dimmed; a diverged restart's line stops where it diverged, marked with a cross. Drawn on
// three canvases: every restart's line (decimated to about one point per pixel column, and only the newly
// arrived restarts drawn while the scales stay put) under a layer with the highlight and the crosses,
// and above them the hover readout (loss-curves-hover), so that moving the pointer redraws no line.
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';
import { CanvasHost, type CanvasChartOptions, drawAxes, drawMessage, toPixel } from './canvas-host';
import { DragZoom } from './drag-zoom';
import { DecimatedLines, LossCurveSet } from './loss-curves-data';
import { type LossView, clipTo, lossPlotArea, lossRange, lossTicks, strokeCross, strokeLine } from './loss-curves-draw';
import { LossHover, type LossReadout } from './loss-curves-hover';
import { type RestartKey, lossTitle, stepTitle, variantName } from './restarts';
import { type ChartStyle, chartStyle, type ChartTheme, css, categoryColor, restartCss } from './style';

/** Options of the loss-curve chart; sizes in CSS pixels. */
export interface LossCurvesOptions extends CanvasChartOptions {
  /** Log y axis (used only while every loss drawn is positive). */
  log?: boolean;
  /** Colour lines by restart index (as in the 3-D scene) or by variant (to compare configurations). */
  colorBy?: 'restart' | 'variant';
}

/** The options a user toggles on a drawn chart (`setOptions`), applied to the data it already holds. */
export type LossCurvesDisplay = Pick<LossCurvesOptions, 'log' | 'colorBy'>;

/** The chart's accessible name: how many restarts, how many diverged, the scale and the highlighted restart. */
export function describeLossCurves(set: LossCurveSet, configurations: readonly Configuration[], highlighted: RestartKey | null, log: boolean): string {
  const n = set.restarts.length;
  const diverged = set.divergedEnds().length;
  let text = `Loss curves of ${n} restart${n === 1 ? '' : 's'}, ${lossTitle(configurations)} against ${stepTitle(configurations)}${log ? ', log scale' : ''}`;
  if (diverged > 0) text += `; ${diverged} diverged`;
  const row = set.rowOf(highlighted);
  if (row >= 0) {
    const r = set.restarts[row]!;
    let last: number | null = null;
    for (let k = r.records.count - 1; k >= 0 && last === null; k--) if (Number.isFinite(r.records.loss[k]!)) last = r.records.loss[k]!;
    text += `; highlighted: restart ${r.index}${configurations.length > 1 ? ` of ${variantName(configurations, r.variant)}` : ''}, last finite loss ${last ?? 'none'}`;
  }
  return text + '.';
}

/**
 * The loss curves of a run's restarts, appended to `container` as an element with role "img" and an
 * accessible name. `update` takes the run's results so far and only does work for restarts it has not
 * seen; `highlight` draws one restart on top. Hover the plot to read a step and the nearest restart's
 * loss; drag across it to zoom the steps; double-click to see every step again.
 */
export class LossCurvesChart {
  private readonly root: HTMLDivElement;
  /** Axes and every restart's line. */
  private readonly base: CanvasHost;
  /** The highlighted line, the crosses and the zoom selection, redrawn whole when one of them changes. */
  private readonly top: CanvasHost;
  private style: ChartStyle;
  private readonly set = new LossCurveSet();
  private readonly lines = new DecimatedLines();
  private configurations: readonly Configuration[] = [];
  private highlighted: RestartKey | null = null;
  private log: boolean;
  private colorBy: 'restart' | 'variant';
  /** The steps shown after a drag (null: all of them). */
  private zoom: { min: number; max: number } | null = null;
  /** The selection being dragged, in CSS pixels from the left edge. */
  private drag: { from: number; to: number } | null = null;
  /** The view the base layer was drawn in (as a string; null: it must be drawn whole) and the records whose lines are on it. */
  private baseKey: string | null = null;
  private readonly drawn = new Set<RestartResult['records']>();
  private view: LossView | null = null;
  /** What the top layer shows (its view, highlighted row and records, crosses, selection), to skip redrawing it unchanged. */
  private topState: unknown[] = [];
  private readonly zoomer: DragZoom;
  private readonly hover: LossHover;

  constructor(container: HTMLElement, options: LossCurvesOptions) {
    this.style = chartStyle(options.theme ?? 'light', options.scale ?? 1);
    this.log = options.log ?? false;
    this.colorBy = options.colorBy ?? 'restart';
    const doc = container.ownerDocument;
    this.root = doc.createElement('div');
    this.root.setAttribute('role', 'img');
    this.root.style.position = 'relative';
    this.root.style.userSelect = 'none';
    this.root.style.touchAction = 'pan-y';
    container.appendChild(this.root);
    this.base = new CanvasHost(this.root, null, options.width, options.height, options.pixelRatio);
    this.top = new CanvasHost(this.root, null, options.width, options.height, options.pixelRatio);
    Object.assign(this.top.canvas.style, { position: 'absolute', left: '0', top: '0' });
    this.hover = new LossHover(this.root, options.width, options.height, this.base.pixelRatio, {
      view: () => this.view,
      restarts: () => this.set.restarts,
      preferred: () => this.set.rowOf(this.highlighted),
      style: () => this.style,
      describe: (row) => {
        const r = this.set.restarts[row]!;
        const label = `restart ${r.index}${this.configurations.length > 1 ? ` of ${variantName(this.configurations, r.variant)}` : ''}`;
        return { label, color: this.colorOf(r, 1), value: this.configurations[0]?.type === 'function' ? 'f(x)' : 'loss' };
      },
    });
    this.zoomer = new DragZoom(this.root, () => this.view?.area ?? null, {
      select: (selection) => {
        this.drag = selection;
        this.drawTop(this.baseKey ?? '');
      },
      zoom: (left, right) => {
        const v = this.view;
        if (v === null) return;
        const value = (px: number) => v.x.min + ((px - v.area.x) / v.area.width) * (v.x.max - v.x.min);
        this.setZoom({ min: value(left), max: value(right) });
      },
      reset: () => this.setZoom(null),
    });
    this.render();
  }

  /** The chart's element (a div with role "img" and an accessible name, holding the three canvases). */
  get element(): HTMLElement {
    return this.root;
  }

  /** Whether the y axis is logarithmic now (asked for, and every loss drawn is positive). */
  get logActive(): boolean {
    return this.log && this.set.logAllowed;
  }

  /** The steps shown: the zoomed range, else every recorded step (null before any record). */
  get stepRange(): { min: number; max: number } | null {
    return this.zoom ?? (this.set.xMin <= this.set.xMax ? { min: this.set.xMin, max: this.set.xMax } : null);
  }

  /** What the pointer reads off the curves now: the step and the restart read there (null when it is not over the plot). */
  get readout(): LossReadout | null {
    return this.hover.readout;
  }

  /** Takes the run's results so far (any order); a list missing a restart already drawn starts over. */
  update(results: readonly RestartResult[], configurations: readonly Configuration[]): void {
    this.configurations = configurations;
    if (this.startsOver(results)) {
      this.set.clear();
      this.zoom = null;
    }
    for (const r of results) this.set.add(r);
    this.render();
  }

  /** Draws restart `key` on top and dims the others; null draws all alike. */
  highlight(key: RestartKey | null): void {
    this.highlighted = key;
    this.render();
  }

  /** Switches the y axis between linear and log (log applies only while every loss is positive). */
  setLog(log: boolean): void {
    this.setOptions({ log });
  }

  /** Applies the options given (others keep their value), redrawing from the restarts held. */
  setOptions(options: LossCurvesDisplay): void {
    this.log = options.log ?? this.log;
    this.colorBy = options.colorBy ?? this.colorBy;
    this.render();
  }

  /** Shows the steps in [min, max] (null: all of them). */
  setZoom(range: { min: number; max: number } | null): void {
    this.zoom = range !== null && range.max > range.min ? { ...range } : null;
    this.render();
  }

  setSize(width: number, height: number): void {
    this.base.setSize(width, height);
    this.top.setSize(width, height);
    this.hover.setSize(width, height);
    this.baseKey = null;
    this.topState = [];
    this.render();
  }

  setTheme(theme: ChartTheme): void {
    this.style = chartStyle(theme, this.style.scale);
    this.render();
  }

  /** Sets the type scale (2 for a projector). */
  setScale(scale: number): void {
    this.style = chartStyle(this.style.theme, scale);
    this.render();
  }

  /** Removes the chart's element and its canvases. */
  dispose(): void {
    this.zoomer.dispose();
    this.hover.dispose();
    this.base.dispose();
    this.top.dispose();
    this.root.remove();
  }

  /** Whether `results` lacks a restart drawn now (a new run); restarts are unique by key, so counting those held suffices. */
  private startsOver(results: readonly RestartResult[]): boolean {
    if (this.set.restarts.length === 0) return false;
    let held = 0;
    for (const r of results) if (this.set.rowOf(r) >= 0) held++;
    return held < this.set.restarts.length;
  }

  /** Whether restarts other than the highlighted one are dimmed. */
  private get dimmed(): boolean {
    return this.set.rowOf(this.highlighted) >= 0;
  }

  private colorOf(r: RestartResult, alpha: number): string {
    return this.colorBy === 'variant' ? css(categoryColor(r.variant, this.style.theme), alpha) : restartCss(r.index, this.style.theme, alpha);
  }

  /** The plot area and scales for the restarts now: x over the steps shown, y over the losses drawn there. */
  private makeView(): LossView | null {
    const range = this.stepRange;
    const area = lossPlotArea(this.base.width, this.base.height, this.style);
    if (range === null) return null;
    let { min: x0, max: x1 } = range;
    if (!(x1 > x0)) {
      x0 -= 0.5;
      x1 += 0.5;
    }
    this.lines.setView(x0, x1, Math.max(1, Math.round(area.width * this.base.pixelRatio)));
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of this.set.restarts) {
      const line = this.lines.line(r);
      if (line.min < lo) lo = line.min;
      if (line.max > hi) hi = line.max;
    }
    const log = this.logActive;
    return {
      area,
      x: { min: x0, max: x1, log: false, from: area.x, to: area.x + area.width },
      y: { ...lossRange(lo, hi, log, lossTicks(area)), log, from: area.y + area.height, to: area.y },
    };
  }

  /** Brings the layers up to date: the base layer gets only the new restarts' lines when nothing else about it changed. */
  private render(): void {
    const label = describeLossCurves(this.set, this.configurations, this.highlighted, this.logActive);
    if (this.root.getAttribute('aria-label') !== label) this.root.setAttribute('aria-label', label);
    const view = this.makeView();
    this.view = view;
    const s = this.style;
    const key = view === null ? '' : [this.base.width, this.base.height, view.x.min, view.x.max, view.y.min, view.y.max, view.y.log, this.dimmed, this.colorBy, s.theme, s.scale, lossTitle(this.configurations), stepTitle(this.configurations)].join(' ');
    const fresh = this.set.restarts.filter((r) => !this.drawn.has(r.records));
    const whole = key !== this.baseKey || this.drawn.size + fresh.length !== this.set.restarts.length;
    if (whole) {
      this.drawn.clear();
      this.baseKey = key;
      const ctx = this.base.begin();
      if (ctx !== null) {
        const area = view?.area ?? lossPlotArea(this.base.width, this.base.height, s);
        if (view === null) drawMessage(ctx, s, area, 'No restarts yet.');
        else this.drawBase(ctx, view, this.set.restarts);
      }
      for (const r of this.set.restarts) this.drawn.add(r.records);
    } else if (fresh.length > 0 && view !== null) {
      const ctx = this.base.resume();
      if (ctx !== null) this.drawLines(ctx, view, fresh);
      for (const r of fresh) this.drawn.add(r.records);
    }
    this.drawTop(key);
    this.hover.refresh();
  }

  /** Axes and titles, then `restarts`' lines. */
  private drawBase(ctx: CanvasRenderingContext2D, view: LossView, restarts: readonly RestartResult[]): void {
    const log = view.y.log;
    const y = { scale: view.y, title: lossTitle(this.configurations) + (log ? ', log scale' : ''), ticks: lossTicks(view.area) };
    drawAxes(ctx, this.style, view.area, { scale: view.x, title: stepTitle(this.configurations) }, y);
    this.drawLines(ctx, view, restarts);
  }

  /** The lines of `restarts`, in order, clipped to the plot: dimmed when another restart is highlighted. */
  private drawLines(ctx: CanvasRenderingContext2D, view: LossView, restarts: readonly RestartResult[]): void {
    const s = this.style;
    const alpha = this.dimmed ? s.dimAlpha : 0.9;
    ctx.save();
    clipTo(ctx, view.area);
    ctx.lineWidth = s.lineWidth;
    ctx.lineJoin = 'round';
    for (const r of restarts) strokeLine(ctx, view, this.lines.line(r), this.colorOf(r, alpha));
    ctx.restore();
  }

  /**
   * The highlighted line, then a cross where each diverged restart ended, then the zoom selection; only
   * when one of them or the base layer's view (`key`) changed, since every redrawn canvas costs the next frame.
   */
  private drawTop(key: string): void {
    const row = this.set.rowOf(this.highlighted);
    const state = [key, row, row >= 0 ? this.set.restarts[row]!.records : null, this.set.divergedEnds().length, this.drag?.from, this.drag?.to];
    if (this.topState.length === state.length && state.every((v, i) => v === this.topState[i])) return;
    this.topState = state;
    const ctx = this.top.begin();
    const view = this.view;
    if (ctx === null || view === null) return;
    const s = this.style;
    ctx.save();
    clipTo(ctx, view.area);
    if (row >= 0) {
      const r = this.set.restarts[row]!;
      ctx.lineWidth = s.highlightWidth;
      ctx.lineJoin = 'round';
      strokeLine(ctx, view, this.lines.line(r), this.colorOf(r, 1));
    }
    ctx.restore();
    this.drawDivergence(ctx, view, row);
    if (this.drag !== null) {
      const left = Math.max(view.area.x, Math.min(this.drag.from, this.drag.to));
      const right = Math.min(view.area.x + view.area.width, Math.max(this.drag.from, this.drag.to));
      ctx.fillStyle = s.theme === 'dark' ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.07)';
      ctx.fillRect(left, view.area.y, right - left, view.area.height);
    }
  }

  /** Crosses where diverged restarts ended: at the last loss, or on the top edge when it was not finite. */
  private drawDivergence(ctx: CanvasRenderingContext2D, view: LossView, highlightRow: number): void {
    const ends = this.set.divergedEnds();
    if (ends.length === 0) return;
    const r = this.style.markerSize / 2;
    ctx.save();
    ctx.lineWidth = Math.max(1, r / 2.5);
    for (const end of ends) {
      if (end.step < view.x.min || end.step > view.x.max) continue;
      const x = toPixel(view.x, end.step);
      const y = end.loss === null ? view.area.y + r : toPixel(view.y, end.loss);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const row = this.set.rowOf(end.key);
      const dim = highlightRow >= 0 && row !== highlightRow;
      strokeCross(ctx, x, y, r, this.colorOf(this.set.restarts[row]!, dim ? this.style.dimAlpha : 1));
    }
    ctx.restore();
  }
}
