// Chart 6: the decision boundary of one trained restart on 2-D data: the plane shaded by the class the
// network predicts (stronger where it is surer, a line where the class changes), and the training points
// drawn by class with a distinct marker shape each, so colour is never the only cue.
import type { RestartResult } from '../../core/experiment/result';
import { type AxisScale, CanvasChart, type CanvasChartOptions, type Rect, drawAxes, toPixel } from './canvas-host';
import { type BoundaryGrid, type BoundaryNetwork, boundaryProblem, describeBoundary, emptyBoundaryGrid, fillBoundaryRows, shadeGrid } from './boundary-data';
import { drawMarker, markerFor } from './markers';
import { type RestartKey, pickRestart } from './restarts';
import { type ChartStyle, categoryColor, css } from './style';

/** Options of the boundary chart. */
export interface BoundaryOptions extends CanvasChartOptions {
  /** Grid cells per side (default 120). */
  resolution?: number;
  /** Milliseconds of grid evaluation per call before the rest is left to `step` (default 8). */
  sliceMs?: number;
}

/** The colour of class c: Okabe–Ito in order (orange, sky blue, bluish green, ...). */
function classColor(c: number, style: ChartStyle): number {
  return categoryColor(c, style.theme);
}

/** A rectangle of the same aspect as the data box, as large as fits in `area`, centred (equal units on both axes). */
export function equalAspect(area: Rect, xSpan: number, ySpan: number): Rect {
  const unit = Math.min(area.width / (xSpan || 1), area.height / (ySpan || 1));
  const width = (xSpan || 1) * unit;
  const height = (ySpan || 1) * unit;
  return { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
}

/**
 * Grid cells evaluated between looks at the clock: a small grid is one band. On a run's first grid,
 * its code still cold, a band of 2,048 cells alone took more than the slice (13 ms, the load test).
 */
export const BAND_CELLS = 512;

/** A grid being evaluated, a band of rows at a time, for the restart `source` with parameters `params`. */
interface GridTask {
  source: RestartResult;
  network: BoundaryNetwork;
  params: Float64Array;
  grid: BoundaryGrid;
  /** The first row not yet evaluated. */
  row: number;
}

/**
 * The decision-boundary chart on a canvas appended to `container`, for the highlighted restart (else the
 * first). A restart's grid is evaluated for at most `sliceMs` per call; the rest is left to `step` (the
 * chart action calls it in later tasks while `pending`), and the previous grid stays drawn meanwhile.
 */
export class DecisionBoundaryChart extends CanvasChart {
  private results: readonly RestartResult[] = [];
  private networks: readonly (BoundaryNetwork | null)[] = [];
  private highlighted: RestartKey | null = null;
  private readonly resolution: number;
  private readonly sliceMs: number;
  private grid: { source: RestartResult; params: Float64Array; grid: BoundaryGrid; network: BoundaryNetwork } | null = null;
  private next: GridTask | null = null;
  private shaded: { canvas: HTMLCanvasElement; theme: string } | null = null;
  private message = 'No restarts yet.';
  /** A grid was completed by `step` and waits for the next call to be drawn. */
  private drawDue = false;

  constructor(container: HTMLElement, options: BoundaryOptions) {
    super(container, 'Decision boundary: no restarts yet.', options);
    this.resolution = options.resolution ?? 120;
    this.sliceMs = options.sliceMs ?? 8;
    this.draw();
  }

  /** The grid drawn now (null when there is none), for a caption or a test. */
  get current(): BoundaryGrid | null {
    return this.grid?.grid ?? null;
  }

  /** Whether a restart's grid is still being evaluated, or evaluated and not drawn yet (`step` goes on with it). */
  get pending(): boolean {
    return this.next !== null || this.drawDue;
  }

  /**
   * Evaluates more of the pending grid (for about `sliceMs`); once it is complete, the next call
   * shades it and the one after draws it: shading and drawing together were 12-18 ms of one task on
   * a run's first grid (the load test).
   */
  step(): void {
    if (this.next === null) {
      if (!this.drawDue) return;
      const g = this.grid;
      if (g !== null && !this.shadedNow) this.shading(g.grid);
      else this.draw();
      return;
    }
    this.advance();
    if (this.next === null) this.drawDue = true;
  }

  /** Takes the run's results and each variant's network and data (`boundaryNetworks(plan)`). */
  update(results: readonly RestartResult[], networks: readonly (BoundaryNetwork | null)[]): void {
    const shown = pickRestart(this.results, this.highlighted);
    const same = networks === this.networks;
    this.results = results;
    this.networks = networks;
    // New restarts that leave the shown one as it was change nothing drawn (a run streaming in).
    if (same && shown !== null && pickRestart(results, this.highlighted) === shown && this.grid?.source === shown) return;
    this.draw();
  }

  /** Shows restart `key` (null: the first restart in run order). */
  highlight(key: RestartKey | null): void {
    this.highlighted = key;
    this.draw();
  }

  override dispose(): void {
    if (this.shaded !== null) this.shaded.canvas.width = 0;
    super.dispose();
  }

  /** Starts evaluating the grid of the restart to show when it is not the one drawn; sets `message` when there is none to show. */
  private prepare(): void {
    const r = pickRestart(this.results, this.highlighted);
    if (r === null) return this.clear('No restarts yet.');
    const network = this.networks[r.variant] ?? null;
    const problem = boundaryProblem(network);
    if (network === null || problem !== null) return this.clear(problem ?? '');
    if (r.params === null) return this.clear('Parameters were not recorded (record.params is "none").');
    this.message = '';
    // The same parameters (a result that only gained analysis) need no new grid.
    const params = r.params.final;
    if (this.grid !== null && this.grid.params === params && this.grid.network === network) {
      this.grid.source = r;
      this.next = null;
      return;
    }
    if (this.next !== null && this.next.params === params && this.next.network === network) return;
    this.next = { source: r, network, params, grid: emptyBoundaryGrid(network, params, this.resolution), row: 0 };
    this.advance();
    if (this.grid === null) this.message = 'Evaluating the network…';
  }

  /** Evaluates bands of the pending grid's rows for up to `sliceMs` (at least one band); a complete grid replaces the one drawn. */
  private advance(): void {
    const task = this.next;
    if (task === null) return;
    const start = performance.now();
    const band = Math.max(1, Math.floor(BAND_CELLS / task.grid.columns));
    do {
      const to = Math.min(task.grid.rows, task.row + band);
      fillBoundaryRows(task.network, task.params, task.grid, task.row, to);
      task.row = to;
    } while (task.row < task.grid.rows && performance.now() - start < this.sliceMs);
    if (task.row < task.grid.rows) return;
    this.grid = { source: task.source, params: task.params, grid: task.grid, network: task.network };
    this.shaded = null;
    this.next = null;
  }

  private clear(message: string): void {
    this.message = message;
    this.grid = null;
    this.next = null;
    this.shaded = null;
  }

  protected draw(): void {
    this.drawDue = false;
    this.prepare();
    const s = this.style;
    const g = this.grid;
    if (g === null) this.host.setLabel(`Decision boundary: ${this.message}`);
    else {
      const acc = g.source.records.accuracy;
      const count = g.source.records.count;
      this.host.setLabel(describeBoundary(g.grid, `restart ${g.source.index}`, acc !== null && count > 0 ? acc[count - 1]! : null));
    }
    const ctx = this.host.begin(s.background);
    if (ctx === null) return;
    const outer: Rect = { x: 0, y: 0, width: this.host.width, height: this.host.height };
    if (g === null) {
      ctx.font = s.font;
      ctx.fillStyle = s.muted;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(this.message, outer.width / 2, outer.height / 2);
      return;
    }
    const { bounds } = g.grid;
    const f = s.fontSize;
    const notes = ['shade: prediction,', 'stronger = surer'];
    const legendWidth = f * (1.6 + 0.62 * Math.max(...notes.map((n) => n.length), `restart ${g.source.index}`.length));
    const area = equalAspect(
      { x: f * 5.2, y: f * 1.2, width: Math.max(1, outer.width - f * 6 - legendWidth), height: Math.max(1, outer.height - f * 4.6) },
      bounds.xMax - bounds.xMin,
      bounds.yMax - bounds.yMin,
    );
    const x: AxisScale = { min: bounds.xMin, max: bounds.xMax, log: false, from: area.x, to: area.x + area.width };
    const y: AxisScale = { min: bounds.yMin, max: bounds.yMax, log: false, from: area.y + area.height, to: area.y };

    const image = this.shading(g.grid);
    if (image !== null) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(image, area.x, area.y, area.width, area.height);
    }
    const names = g.network.dataset.featureNames;
    drawAxes(ctx, s, area, { scale: x, title: `${names[0] ?? 'x1'} (input feature, data units)` }, { scale: y, title: `${names[1] ?? 'x2'} (input feature, data units)` });

    const { dataset } = g.network;
    const lineWidth = Math.max(1, s.scale);
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.x, area.y, area.width, area.height);
    ctx.clip();
    for (let i = 0; i < dataset.samples; i++) {
      const c = dataset.y[i]!;
      drawMarker(ctx, markerFor(c), toPixel(x, dataset.x[2 * i]!), toPixel(y, dataset.x[2 * i + 1]!), s.markerSize, css(classColor(c, s)), s.text, lineWidth);
    }
    ctx.restore();

    ctx.save();
    ctx.font = s.font;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    const lx = area.x + area.width + f * 1.2;
    ctx.fillStyle = s.text;
    ctx.fillText(`restart ${g.source.index}`, lx, area.y + f * 0.6);
    for (let c = 0; c < g.grid.classes; c++) {
      const cy = area.y + f * (2.2 + 1.6 * c);
      drawMarker(ctx, markerFor(c), lx + f * 0.6, cy, s.markerSize * 1.2, css(classColor(c, s)), s.text, lineWidth);
      ctx.fillStyle = s.text;
      ctx.fillText(`class ${c}`, lx + f * 1.6, cy);
    }
    ctx.fillStyle = s.muted;
    notes.forEach((note, i) => ctx.fillText(note, lx, area.y + f * (2.2 + 1.6 * g.grid.classes + 1.2 * i)));
    ctx.restore();
  }

  /** Whether the shaded canvas kept is the current grid's in the current theme. */
  private get shadedNow(): boolean {
    return this.shaded !== null && this.shaded.theme === this.style.theme;
  }

  /** The grid shaded into a columns × rows canvas, kept until the restart or theme changes. */
  private shading(grid: BoundaryGrid): HTMLCanvasElement | null {
    const s = this.style;
    if (this.shadedNow) return this.shaded!.canvas;
    const canvas = this.host.canvas.ownerDocument.createElement('canvas');
    canvas.width = grid.columns;
    canvas.height = grid.rows;
    const ctx = canvas.getContext('2d');
    if (ctx === null) return null;
    const colors = Array.from({ length: grid.classes }, (_, c) => classColor(c, s));
    const background = parseInt(s.background.slice(1), 16);
    const edge = parseInt(s.text.slice(1), 16);
    const image = ctx.createImageData(grid.columns, grid.rows);
    image.data.set(shadeGrid(grid, colors, background, edge));
    ctx.putImageData(image, 0, 0);
    this.shaded = { canvas, theme: s.theme };
    return canvas;
  }
}
