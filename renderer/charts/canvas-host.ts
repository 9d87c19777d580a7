// A chart drawn with the canvas 2D API: the element (with its accessible name), its size at the screen's
// pixel ratio, and the axes, ticks and titles the canvas charts share.
import { type ChartStyle, type ChartTheme, chartStyle } from './style';
import { formatTick, logTicks, niceTicks } from './ticks';

/** A rectangle in CSS pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A map from data values to pixels along one axis (linear or log10), between `from` and `to` in pixels. */
export interface AxisScale {
  min: number;
  max: number;
  log: boolean;
  from: number;
  to: number;
}

/** The pixel of value v on `scale` (NaN for v <= 0 on a log scale). */
export function toPixel(scale: AxisScale, v: number): number {
  const f = scale.log ? (v > 0 ? (Math.log10(v) - Math.log10(scale.min)) / (Math.log10(scale.max) - Math.log10(scale.min) || 1) : NaN) : (v - scale.min) / (scale.max - scale.min || 1);
  return scale.from + f * (scale.to - scale.from);
}

/**
 * The plot area inside a chart of `width` × `height`: room on the left for tick labels and a
 * vertical title, below for tick labels and a title, and `extra.right` / `extra.top` more pixels
 * (a legend, a note above the plot).
 */
export function plotArea(width: number, height: number, style: ChartStyle, extra: { right?: number; top?: number } = {}): Rect {
  const f = style.fontSize;
  const left = Math.round(f * 5.2);
  const bottom = Math.round(f * 3.4);
  const top = Math.round(f * 1.2) + (extra.top ?? 0);
  const pad = Math.round(f * 0.8) + (extra.right ?? 0);
  return { x: left, y: top, width: Math.max(1, width - left - pad), height: Math.max(1, height - top - bottom) };
}

/** How the canvas charts draw one axis: its scale, title (with units) and, for categories, labels at 0..n−1. */
export interface AxisSpec {
  scale: AxisScale;
  title: string;
  categories?: readonly string[];
  /** About how many ticks a linear axis gets (default 5). */
  ticks?: number;
}

/** Draws the grid, ticks and titles of a plot area with axes `x` (bottom) and `y` (left). */
export function drawAxes(ctx: CanvasRenderingContext2D, style: ChartStyle, area: Rect, x: AxisSpec, y: AxisSpec): void {
  const f = style.fontSize;
  ctx.save();
  ctx.font = style.font;
  ctx.lineWidth = Math.max(1, style.scale);
  ctx.strokeStyle = style.grid;
  ctx.fillStyle = style.text;

  const yTicks = tickList(y);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yTicks) {
    const py = toPixel(y.scale, t.value);
    line(ctx, area.x, py, area.x + area.width, py);
    ctx.fillText(t.label, area.x - f * 0.4, py);
  }
  const xTicks = tickList(x);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of xTicks) {
    const px = toPixel(x.scale, t.value);
    if (x.categories === undefined) line(ctx, px, area.y, px, area.y + area.height);
    ctx.fillText(t.label, px, area.y + area.height + f * 0.4);
  }

  ctx.strokeStyle = style.muted;
  ctx.strokeRect(area.x, area.y, area.width, area.height);

  ctx.font = style.titleFont;
  ctx.fillText(x.title, area.x + area.width / 2, area.y + area.height + f * 1.9);
  // The vertical title is centred on the plot and may reach the chart's top edge (the bottom margin
  // is the larger); a short chart gets it smaller, or without its parenthesis.
  const middle = area.y + area.height / 2;
  const fitted = fitTitle((text) => ctx.measureText(text).width, y.title, 2 * middle - f * 0.4, f);
  ctx.font = style.titleFont.replace(/\d+(\.\d+)?px/, `${fitted.size}px`);
  ctx.translate(f * 0.9, middle);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(fitted.text, 0, 0);
  ctx.restore();
}

/** The smallest share of its size a title shrinks to before it loses its parenthesis. */
const SMALLEST_TITLE = 0.75;

/**
 * An axis title that fits in `room` pixels, `measure` giving a text's width at font size `size`: the
 * title itself, else smaller (down to SMALLEST_TITLE of `size`), else without its first parenthesis
 * ("final loss (training-set mean), log" → "final loss, log"; the chart's accessible name keeps the
 * whole), fitted the same way. A title that cannot fit is drawn at the smallest size.
 */
export function fitTitle(measure: (text: string) => number, title: string, room: number, size: number): { text: string; size: number } {
  const width = measure(title);
  if (width <= room) return { text: title, size };
  const scaled = Math.floor((size * room) / width);
  if (scaled >= size * SMALLEST_TITLE) return { text: title, size: scaled };
  const short = title.replace(/ \([^)]*\)/, '');
  if (short !== title) return fitTitle(measure, short, room, size);
  return { text: title, size: Math.ceil(size * SMALLEST_TITLE) };
}

function tickList(axis: AxisSpec): { value: number; label: string }[] {
  if (axis.categories !== undefined) return axis.categories.map((label, i) => ({ value: i, label }));
  const { min, max, log } = axis.scale;
  const ticks = log ? logTicks(min, max) : niceTicks(min, max, axis.ticks ?? 5);
  return ticks.values.map((value) => ({ value, label: formatTick(value, ticks.step) }));
}

function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

/** Draws `text` centred in `area` (e.g. why there is nothing to plot). */
export function drawMessage(ctx: CanvasRenderingContext2D, style: ChartStyle, area: Rect, text: string): void {
  ctx.save();
  ctx.font = style.font;
  ctx.fillStyle = style.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, area.x + area.width / 2, area.y + area.height / 2);
  ctx.restore();
}

/**
 * A canvas appended to `container` with role "img" and an accessible name (or, with a null label, a
 * layer hidden from screen readers inside an element that names the chart), sized in CSS pixels and
 * backed at the device pixel ratio; `dispose` removes it.
 */
export class CanvasHost {
  readonly canvas: HTMLCanvasElement;
  width = 0;
  height = 0;
  /** Backing pixels per CSS pixel. */
  readonly pixelRatio: number;

  constructor(container: HTMLElement, label: string | null, width: number, height: number, pixelRatio?: number) {
    this.canvas = container.ownerDocument.createElement('canvas');
    if (label === null) this.canvas.setAttribute('aria-hidden', 'true');
    else {
      this.canvas.setAttribute('role', 'img');
      this.canvas.setAttribute('aria-label', label);
    }
    this.canvas.style.display = 'block';
    this.pixelRatio = pixelRatio ?? (container.ownerDocument.defaultView?.devicePixelRatio || 1);
    container.appendChild(this.canvas);
    this.setSize(width, height);
  }

  /** Sets the accessible name (what a screen reader says for the chart); an unchanged name touches nothing. */
  setLabel(label: string): void {
    if (this.canvas.getAttribute('aria-label') !== label) this.canvas.setAttribute('aria-label', label);
  }

  /** Resizes the canvas (CSS pixels); its content is cleared, so the owner redraws. */
  setSize(width: number, height: number): void {
    this.width = Math.max(1, Math.round(width));
    this.height = Math.max(1, Math.round(height));
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.canvas.width = Math.round(this.width * this.pixelRatio);
    this.canvas.height = Math.round(this.height * this.pixelRatio);
  }

  /** The 2D context, cleared and scaled so that drawing is in CSS pixels; null where there is none (jsdom). */
  begin(background: string | null = null): CanvasRenderingContext2D | null {
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return null;
    ctx.setTransform(this.pixelRatio, 0, 0, this.pixelRatio, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    if (background !== null) {
      ctx.fillStyle = background;
      ctx.fillRect(0, 0, this.width, this.height);
    }
    return ctx;
  }

  /** The 2D context scaled so that drawing is in CSS pixels, keeping what is drawn (to draw more on top); null where there is none. */
  resume(): CanvasRenderingContext2D | null {
    const ctx = this.canvas.getContext('2d');
    ctx?.setTransform(this.pixelRatio, 0, 0, this.pixelRatio, 0, 0);
    return ctx;
  }

  /** Removes the canvas from the page and releases its backing store. */
  dispose(): void {
    this.canvas.width = 0;
    this.canvas.height = 0;
    this.canvas.remove();
  }
}

/** Options every canvas chart takes; sizes in CSS pixels. */
export interface CanvasChartOptions {
  width: number;
  height: number;
  theme?: ChartTheme;
  /** Type scale (2 for a projector). */
  scale?: number;
  /** Backing pixels per CSS pixel (default: the window's devicePixelRatio). */
  pixelRatio?: number;
}

/**
 * What the canvas charts share: a CanvasHost, a style, and redrawing (synchronously, on demand) after
 * every change of size, theme or type scale. Subclasses implement `draw`, which also sets the label.
 */
export abstract class CanvasChart {
  protected readonly host: CanvasHost;
  protected style: ChartStyle;

  constructor(container: HTMLElement, label: string, options: CanvasChartOptions) {
    this.style = chartStyle(options.theme ?? 'light', options.scale ?? 1);
    this.host = new CanvasHost(container, label, options.width, options.height, options.pixelRatio);
  }

  /** The chart's element (a canvas with role "img" and an accessible name). */
  get element(): HTMLCanvasElement {
    return this.host.canvas;
  }

  setSize(width: number, height: number): void {
    this.host.setSize(width, height);
    this.draw();
  }

  setTheme(theme: ChartTheme): void {
    this.style = chartStyle(theme, this.style.scale);
    this.draw();
  }

  /** Sets the type scale (2 for a projector). */
  setScale(scale: number): void {
    this.style = chartStyle(this.style.theme, scale);
    this.draw();
  }

  /** Removes the canvas. */
  dispose(): void {
    this.host.dispose();
  }

  /** Redraws everything and updates the accessible name. */
  protected abstract draw(): void;
}
