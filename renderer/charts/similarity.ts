// Chart 4b: the unit-similarity heatmap of one restart: for one hidden layer, the cosine similarity of
// every pair of units' incoming weights and bias, at the start or the end of training. A zeros start is
// one flat block of 1s (every unit a copy); a random start leaves only the diagonal at 1.
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';
import { viridis } from '../scene/colormap';
import { CanvasChart, type CanvasChartOptions, type Rect } from './canvas-host';
import { type RestartKey, pickRestart, variantName } from './restarts';
import { describeSimilarity, networkLayout, unitSimilarity } from './similarity-data';

/** Which matrix to show: hidden layer `layer` (0-based) at the initial or final parameters. */
export interface SimilarityView {
  layer: number;
  at: 'initial' | 'final';
}

/** Options of the heatmap. */
export interface SimilarityOptions extends CanvasChartOptions {
  view?: SimilarityView;
}

/** The CSS colour of similarity c in [−1, 1] on viridis (−1 dark purple, 1 yellow; grey when not finite). */
export function similarityColor(c: number): string {
  const out = [0, 0, 0];
  viridis((c + 1) / 2, out);
  return `rgb(${Math.round(out[0]! * 255)},${Math.round(out[1]! * 255)},${Math.round(out[2]! * 255)})`;
}

/** Unit labels along an axis of n units: every unit up to 16, else every k-th so that about 8 show (1-based, as people count units). */
export function unitTicks(n: number): number[] {
  const step = n <= 16 ? 1 : Math.ceil(n / 8);
  const out: number[] = [];
  for (let j = 0; j < n; j += step) out.push(j);
  return out;
}

/** The unit-similarity heatmap on a canvas appended to `container`, for the highlighted restart (else the first). */
export class UnitSimilarityChart extends CanvasChart {
  private results: readonly RestartResult[] = [];
  private configurations: readonly Configuration[] = [];
  private highlighted: RestartKey | null = null;
  private view: SimilarityView;
  private matrix: { source: RestartResult; view: SimilarityView; n: number; values: Float64Array } | null = null;
  private message = 'No restarts yet.';

  constructor(container: HTMLElement, options: SimilarityOptions) {
    super(container, 'Unit similarity: no restarts yet.', options);
    this.view = options.view ?? { layer: 0, at: 'initial' };
    this.draw();
  }

  update(results: readonly RestartResult[], configurations: readonly Configuration[]): void {
    const shown = pickRestart(this.results, this.highlighted);
    const same = configurations === this.configurations;
    this.results = results;
    this.configurations = configurations;
    // New restarts that leave the shown one as it was change nothing drawn (a run streaming in).
    if (same && shown !== null && pickRestart(results, this.highlighted) === shown && this.matrix?.source === shown) return;
    this.draw();
  }

  /** Shows restart `key` (null: the first restart in run order). */
  highlight(key: RestartKey | null): void {
    this.highlighted = key;
    this.draw();
  }

  /** Shows another hidden layer, or the other end of training. */
  setView(view: SimilarityView): void {
    this.view = view;
    this.draw();
  }

  /** Computes the matrix when the restart or view changed; sets `message` when there is none to show. */
  private prepare(): void {
    const r = pickRestart(this.results, this.highlighted);
    if (r === null) return this.clear('No restarts yet.');
    const config = this.configurations[r.variant];
    if (config?.type !== 'network') return this.clear('Unit similarity is defined for networks.');
    if (r.params === null) return this.clear('Parameters were not recorded (record.params is "none").');
    const hidden = config.layers.length - 2;
    if (this.view.layer >= hidden) return this.clear(`This network has ${hidden} hidden layer${hidden === 1 ? '' : 's'}.`);
    this.message = '';
    const m = this.matrix;
    if (m !== null && m.source === r && m.view.layer === this.view.layer && m.view.at === this.view.at) return;
    const layout = networkLayout(config.layers);
    const values = unitSimilarity(layout, r.params[this.view.at], this.view.layer);
    this.matrix = { source: r, view: { ...this.view }, n: layout.sizes[this.view.layer + 1]!, values };
  }

  private clear(message: string): void {
    this.message = message;
    this.matrix = null;
  }

  private title(): string {
    const r = this.matrix!.source;
    const variant = this.configurations.length > 1 ? ` of ${variantName(this.configurations, r.variant)}` : '';
    return `hidden layer ${this.view.layer + 1}, restart ${r.index}${variant}, ${this.view.at === 'initial' ? 'at the start' : 'at the end'}`;
  }

  protected draw(): void {
    this.prepare();
    const s = this.style;
    this.host.setLabel(this.matrix === null ? `Unit similarity: ${this.message}` : describeSimilarity(this.matrix.values, this.matrix.n, this.title()));
    const ctx = this.host.begin();
    if (ctx === null) return;
    const f = s.fontSize;
    const W = this.host.width;
    const H = this.host.height;
    ctx.font = s.font;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    if (this.matrix === null) {
      ctx.fillStyle = s.muted;
      ctx.fillText(this.message, W / 2, H / 2);
      return;
    }
    const { n, values } = this.matrix;
    const legendWidth = f * 6;
    const left = f * 4;
    const top = f * 2.2;
    const bottom = f * 3.4;
    const side = Math.max(1, Math.min(W - left - legendWidth - f, H - top - bottom));
    const area: Rect = { x: left, y: top, width: side, height: side };
    const cell = side / n;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        ctx.fillStyle = similarityColor(values[a * n + b]!);
        // Cells overlap by a hair so no background seams show between them.
        ctx.fillRect(area.x + b * cell, area.y + a * cell, cell + 0.5, cell + 0.5);
      }
    }
    ctx.strokeStyle = s.muted;
    ctx.lineWidth = Math.max(1, s.scale);
    ctx.strokeRect(area.x, area.y, side, side);

    ctx.fillStyle = s.text;
    ctx.fillText(this.title(), area.x + side / 2, f);
    for (const j of unitTicks(n)) {
      const c = (j + 0.5) * cell;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(String(j + 1), area.x + c, area.y + side + f * 0.3);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(String(j + 1), area.x - f * 0.4, area.y + c);
    }
    ctx.font = s.titleFont;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('unit (count from 1)', area.x + side / 2, area.y + side + f * 2.2);
    ctx.save();
    ctx.translate(f * 0.9, area.y + side / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText('unit (count from 1)', 0, 0);
    ctx.restore();
    this.drawLegend(ctx, { x: area.x + side + f * 1.5, y: area.y, width: f * 1.2, height: side });
  }

  /** A vertical colour bar from −1 (bottom) to 1 (top), ticked at −1, −0.5, 0, 0.5, 1. */
  private drawLegend(ctx: CanvasRenderingContext2D, bar: Rect): void {
    const s = this.style;
    const steps = 64;
    for (let i = 0; i < steps; i++) {
      ctx.fillStyle = similarityColor(1 - (2 * (i + 0.5)) / steps);
      ctx.fillRect(bar.x, bar.y + (i * bar.height) / steps, bar.width, bar.height / steps + 0.5);
    }
    ctx.strokeStyle = s.muted;
    ctx.strokeRect(bar.x, bar.y, bar.width, bar.height);
    ctx.font = s.font;
    ctx.fillStyle = s.text;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const v of [-1, -0.5, 0, 0.5, 1]) ctx.fillText(String(v), bar.x + bar.width + s.fontSize * 0.3, bar.y + ((1 - v) / 2) * bar.height);
    ctx.save();
    ctx.font = s.titleFont;
    ctx.textAlign = 'center';
    ctx.translate(bar.x + bar.width + s.fontSize * 3.6, bar.y + bar.height / 2);
    ctx.rotate(Math.PI / 2);
    ctx.fillText('cosine similarity (unitless)', 0, 0);
    ctx.restore();
  }
}
