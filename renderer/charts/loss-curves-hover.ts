// The loss curves' hover readout: a vertical line at the recorded step under the pointer and a small box
// with that step and the loss of the restart whose curve is nearest the pointer there (the highlighted
// restart whenever it has a loss there). It has a canvas of its own above the curves, so a pointer move
// redraws this layer only, and finding the restart costs a few binary searches per restart.
import type { RestartResult } from '../../core/experiment/result';
import { CanvasHost, type Rect, toPixel } from './canvas-host';
import { lowerBound, upperBound } from './column-decimation';
import type { LossView } from './loss-curves-draw';
import type { ChartStyle } from './style';
import { formatValue } from './ticks';

/** CSS pixels past either end of a restart's line within which the pointer still reads it. */
const REACH = 4;

/** What the pointer reads off the curves: a step, where its line is drawn, and the restart read there (null when none has a loss there). */
export interface LossReadout {
  /** The picked record's step, or the step under the pointer (rounded) when there is no pick. */
  step: number;
  /** The crosshair's position, CSS pixels from the chart's left edge. */
  x: number;
  pick: { row: number; record: number; loss: number; y: number } | null;
}

/**
 * The readout for the pointer at (px, py) (CSS pixels) over curves drawn in `view`: null outside the plot
 * area. Each restart whose recorded steps shown reach the pointer's step (within REACH pixels) offers the
 * record nearest that step if its loss is finite and drawable on the y axis (positive on a log one); row
 * `preferred` wins when it offers one, else the restart whose point is nearest py in pixels.
 */
export function readLoss(restarts: readonly RestartResult[], view: LossView, px: number, py: number, preferred: number): LossReadout | null {
  const { area, x, y } = view;
  if (!(px >= area.x && px <= area.x + area.width && py >= area.y && py <= area.y + area.height)) return null;
  const perPixel = (x.max - x.min) / area.width;
  const s = x.min + (px - area.x) * perPixel;
  const reach = REACH * perPixel;
  let pick: LossReadout['pick'] = null;
  let step = Math.round(s);
  let best = Infinity;
  for (let row = 0; row < restarts.length; row++) {
    const { step: steps, loss, count } = restarts[row]!.records;
    const from = lowerBound(steps, count, x.min);
    const to = upperBound(steps, count, x.max) - 1;
    if (from > to || s < steps[from]! - reach || s > steps[to]! + reach) continue;
    // The first record at or after s, or the one before it if that is nearer.
    let k = Math.min(to, Math.max(from, lowerBound(steps, count, s)));
    if (k > from && s - steps[k - 1]! <= steps[k]! - s) k--;
    const v = loss[k]!;
    const at = Number.isFinite(v) ? toPixel(y, v) : NaN;
    if (!Number.isFinite(at)) continue;
    const gap = row === preferred ? -1 : Math.abs(at - py);
    if (gap < best) {
      best = gap;
      step = steps[k]!;
      pick = { row, record: k, loss: v, y: at };
    }
  }
  return { step, x: pick === null ? px : toPixel(x, step), pick };
}

/** Draws `readout` in plot `area`: the crosshair, a dot on the picked point in `color`, and a box with `lines` of text (the second beside a swatch of `color` when there is a pick). */
export function drawReadout(ctx: CanvasRenderingContext2D, style: ChartStyle, area: Rect, readout: LossReadout, lines: readonly string[], color: string): void {
  const f = style.fontSize;
  const { x, pick } = readout;
  ctx.save();
  ctx.lineWidth = Math.max(1, style.scale);
  ctx.strokeStyle = style.muted;
  ctx.beginPath();
  ctx.moveTo(x, area.y);
  ctx.lineTo(x, area.y + area.height);
  ctx.stroke();
  if (pick !== null) {
    ctx.fillStyle = color;
    ctx.strokeStyle = style.background;
    ctx.beginPath();
    ctx.arc(x, pick.y, style.markerSize / 2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.font = style.font;
  const pad = Math.round(f * 0.4);
  const lineHeight = Math.round(f * 1.3);
  const swatch = pick === null ? 0 : Math.round(f * 0.7);
  let textWidth = 0;
  for (let i = 0; i < lines.length; i++) textWidth = Math.max(textWidth, ctx.measureText(lines[i]!).width + (i === 1 ? swatch + pad : 0));
  const w = textWidth + 2 * pad;
  const h = lines.length * lineHeight + 2 * pad;
  // Beside the crosshair on the right (on the left when it would leave the plot), just above the point.
  let left = x + f * 0.6;
  if (left + w > area.x + area.width) left = x - f * 0.6 - w;
  left = Math.max(area.x, left);
  const anchor = pick === null ? area.y + h + f * 0.5 : pick.y;
  let top = anchor - h - f * 0.5;
  if (top < area.y) top = anchor + f * 0.5;
  top = Math.max(area.y, Math.min(area.y + area.height - h, top));
  ctx.globalAlpha = 0.9;
  ctx.fillStyle = style.background;
  ctx.fillRect(left, top, w, h);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = style.muted;
  ctx.strokeRect(left, top, w, h);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (let i = 0; i < lines.length; i++) {
    const mid = top + pad + (i + 0.5) * lineHeight;
    let tx = left + pad;
    if (i === 1 && swatch > 0) {
      ctx.fillStyle = color;
      ctx.fillRect(tx, mid - swatch / 2, swatch, swatch);
      tx += swatch + pad;
    }
    ctx.fillStyle = style.text;
    ctx.fillText(lines[i]!, tx, mid);
  }
  ctx.restore();
}

/** What a LossHover reads: the chart's current view, restarts and style, and how a restart is named. */
export interface HoverSource {
  /** The view the curves are drawn in (null: nothing is drawn). */
  view(): LossView | null;
  /** The restarts, in the rows the chart uses. */
  restarts(): readonly RestartResult[];
  /** The row to read whenever it has a loss at the step (the highlighted restart), or −1. */
  preferred(): number;
  style(): ChartStyle;
  /** The label ("restart 3"), full colour and value name ("loss") of the restart in `row`. */
  describe(row: number): { label: string; color: string; value: string };
}

/**
 * The hover layer of a loss chart: a canvas appended to `root` (which must be positioned; the canvas
 * covers it at the top left) and pointer listeners on `root`. Redraws itself on a pointer move or leave,
 * and on `refresh` (the chart's data or view changed), only when what it shows changed.
 */
export class LossHover {
  private readonly host: CanvasHost;
  private pointer: { x: number; y: number } | null = null;
  private current: LossReadout | null = null;
  /** What the canvas shows now (readout, texts, colour, style), to skip redrawing it unchanged. */
  private shown: unknown[] = [null];
  private readonly listeners: [string, (e: Event) => void][];

  constructor(
    private readonly root: HTMLElement,
    width: number,
    height: number,
    pixelRatio: number,
    private readonly source: HoverSource,
  ) {
    this.host = new CanvasHost(root, null, width, height, pixelRatio);
    Object.assign(this.host.canvas.style, { position: 'absolute', left: '0', top: '0' });
    this.listeners = [
      ['pointermove', (e) => this.move(e as PointerEvent)],
      ['pointerleave', () => this.move(null)],
    ];
    for (const [type, f] of this.listeners) root.addEventListener(type, f);
  }

  /** What the pointer reads now (null when it is not over the plot area). */
  get readout(): LossReadout | null {
    return this.current;
  }

  /** Reads the curves again at the last pointer position (after new data, a zoom, a highlight). */
  refresh(): void {
    const view = this.source.view();
    const p = this.pointer;
    this.current = view === null || p === null ? null : readLoss(this.source.restarts(), view, p.x, p.y, this.source.preferred());
    this.draw(view);
  }

  /** Resizes the layer, clearing it until the next `refresh`. */
  setSize(width: number, height: number): void {
    this.host.setSize(width, height);
    this.shown = [];
  }

  /** Removes the listeners and the canvas. */
  dispose(): void {
    for (const [type, f] of this.listeners) this.root.removeEventListener(type, f);
    this.host.dispose();
  }

  private move(e: PointerEvent | null): void {
    if (e === null) this.pointer = null;
    else {
      const box = this.root.getBoundingClientRect();
      this.pointer = { x: e.clientX - box.left, y: e.clientY - box.top };
    }
    this.refresh();
  }

  private draw(view: LossView | null): void {
    const r = this.current;
    if (r === null || view === null) {
      if (this.shown.length === 1 && this.shown[0] === null) return;
      this.shown = [null];
      this.host.begin();
      return;
    }
    const style = this.source.style();
    const named = r.pick === null ? null : this.source.describe(r.pick.row);
    const lines = [`step ${r.step}`];
    if (r.pick !== null && named !== null) lines.push(`${named.label}: ${named.value} ${formatValue(r.pick.loss)}`);
    const color = named?.color ?? style.muted;
    const state = [r.x, r.pick?.y, ...lines, color, style, view.area.x, view.area.y, view.area.width, view.area.height];
    if (this.shown.length === state.length && state.every((v, i) => v === this.shown[i])) return;
    this.shown = state;
    const ctx = this.host.begin();
    if (ctx !== null) drawReadout(ctx, style, view.area, r, lines, color);
  }
}
