// Drawing the loss curves: the y range and ticks they get, and one decimated line or cross on a canvas.
import { type AxisScale, type Rect, plotArea } from './canvas-host';
import type { ChartStyle } from './style';
import type { DecimatedLine } from './loss-curves-data';
import { niceTicks, valueRange } from './ticks';

/** What one drawing maps through: the plot area and the two axes (CSS pixels). */
export interface LossView {
  area: Rect;
  x: AxisScale;
  y: AxisScale;
}

/**
 * The y range shown for losses in [min, max]: `valueRange`, widened to whole decades on a log axis or to
 * the next step of about `ticks` ticks on a linear one, so that it changes only when a restart leaves it.
 */
export function lossRange(min: number, max: number, log: boolean, ticks = 5): { min: number; max: number } {
  const r = valueRange(min, max, log);
  if (log) return { min: 10 ** Math.floor(Math.log10(r.min) + 1e-9), max: 10 ** Math.ceil(Math.log10(r.max) - 1e-9) };
  const step = niceTicks(r.min, r.max, ticks).step;
  if (!(step > 0)) return r;
  const snap = (v: number) => Number(v.toPrecision(12)) + 0;
  return { min: snap(Math.floor(r.min / step + 1e-9) * step), max: snap(Math.ceil(r.max / step - 1e-9) * step) };
}

/** The plot area of a loss chart of `width` × `height` CSS pixels: the canvas charts' margins, and room on the right for half of the last step's label. */
export function lossPlotArea(width: number, height: number, style: ChartStyle): Rect {
  return plotArea(width, height, style, { right: Math.round(style.fontSize * 1.4) });
}

/** About one loss tick per 30 CSS pixels of plot height (at least 2), so that labels never crowd. */
export function lossTicks(area: Rect): number {
  return Math.max(2, Math.floor(area.height / 30));
}

/** Restricts drawing to `area` (until the caller's matching restore). */
export function clipTo(ctx: CanvasRenderingContext2D, area: Rect): void {
  ctx.beginPath();
  ctx.rect(area.x, area.y, area.width, area.height);
  ctx.clip();
}

/** Strokes one decimated line in `color` with the context's line width, lifting the pen at each gap. */
export function strokeLine(ctx: CanvasRenderingContext2D, view: LossView, line: DecimatedLine, color: string): void {
  const { x, y } = view;
  const kx = (x.to - x.from) / (x.max - x.min);
  // On a log axis the line maps log10(loss); log10(min) and the span are worked out once per line.
  const y0 = y.log ? Math.log10(y.min) : y.min;
  const ky = (y.to - y.from) / ((y.log ? Math.log10(y.max) : y.max) - y0);
  const p = line.points;
  ctx.strokeStyle = color;
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < line.count; i++) {
    const v = p[2 * i + 1]!;
    if (Number.isNaN(v)) {
      pen = false;
      continue;
    }
    const px = x.from + (p[2 * i]! - x.min) * kx;
    const py = y.from + ((y.log ? Math.log10(v) : v) - y0) * ky;
    if (pen) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    pen = true;
  }
  ctx.stroke();
}

/** Strokes an × of half-width `r` centred at (x, y) in `color` with the context's line width. */
export function strokeCross(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, color: string): void {
  ctx.strokeStyle = color;
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x - r, y + r);
  ctx.lineTo(x + r, y - r);
  ctx.stroke();
}
