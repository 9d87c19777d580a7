// A uPlot chart inside an element that names it for screen readers; the uPlot charts build their
// options with the axis helper here so that every axis is themed and scaled alike.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type MarkerShape, drawMarker } from './markers';
import { chartStyle, type ChartStyle, type ChartTheme } from './style';

/**
 * A div with role "img" and an accessible name, appended to `container`, holding one uPlot at a time:
 * `build` replaces it (a theme, scale or log change), `dispose` destroys it and removes the div.
 */
export class UplotHost {
  readonly root: HTMLDivElement;
  plot: uPlot | null = null;

  constructor(container: HTMLElement, label: string) {
    this.root = container.ownerDocument.createElement('div');
    this.root.setAttribute('role', 'img');
    this.root.setAttribute('aria-label', label);
    container.appendChild(this.root);
  }

  /** Destroys the current uPlot, if any, and builds a new one from `options` and `data`. */
  build(options: uPlot.Options, data: uPlot.AlignedData, style: ChartStyle): uPlot {
    this.plot?.destroy();
    // uPlot's legend is HTML and inherits the text colour and size from here.
    this.root.style.color = style.text;
    this.root.style.fontSize = `${style.fontSize}px`;
    this.plot = new uPlot(options, data, this.root);
    return this.plot;
  }

  /** Sets the accessible name; an unchanged name touches nothing. */
  setLabel(label: string): void {
    if (this.root.getAttribute('aria-label') !== label) this.root.setAttribute('aria-label', label);
  }

  /** Destroys the uPlot and removes the element. */
  dispose(): void {
    this.plot?.destroy();
    this.plot = null;
    this.root.remove();
  }
}

/** A themed, scaled uPlot axis titled `label` (which should name its units); `extra` overrides. */
export function axisOptions(style: ChartStyle, label: string, vertical: boolean, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  const f = style.fontSize;
  return {
    label,
    stroke: style.text,
    font: style.font,
    labelFont: style.titleFont,
    labelSize: Math.round(f * 1.8),
    labelGap: 0,
    size: Math.round(vertical ? f * 4.4 : f * 2.6),
    gap: Math.round(4 * style.scale),
    grid: { stroke: style.grid, width: 1 },
    ticks: { stroke: style.grid, width: 1, size: Math.round(5 * style.scale) },
    ...extra,
  };
}

/** Keeps only powers of ten among a log axis's splits (null hides the others). */
export function powersOfTen(_u: uPlot, splits: number[]): (number | null)[] {
  return splits.map((v) => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? v : null));
}

/** Axis overrides for a log scale: labels, ticks and grid lines at powers of ten only, so lines do not crowd at 2×, 3×, ... 9×. */
export function logAxis(style: ChartStyle): Partial<uPlot.Axis> {
  return {
    filter: powersOfTen,
    grid: { stroke: style.grid, width: 1, filter: powersOfTen },
    ticks: { stroke: style.grid, width: 1, size: Math.round(5 * style.scale), filter: powersOfTen },
  };
}

/** One row of a legend drawn beside a uPlot: a line sample (with its dash) and/or a marker, then a label. */
export interface LegendEntry {
  label: string;
  color: string;
  /** Draw a line sample with this dash (CSS px; [] solid); none when undefined. */
  dash?: number[];
  marker?: MarkerShape;
}

/** The width (CSS px) a legend of these labels takes to the right of the plot (labels estimated at 0.62 em a character). */
export function legendWidth(labels: readonly string[], style: ChartStyle): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return Math.ceil(style.fontSize * (4.2 + 0.62 * longest));
}

/**
 * Draws `entries` (and muted `notes` below them) in the margin right of the plot, for a draw hook; uPlot's
 * own legend is HTML below the chart and would make it taller than asked.
 */
export function drawLegend(u: uPlot, style: ChartStyle, entries: readonly LegendEntry[], notes: readonly string[] = []): void {
  const ratio = uPlot.pxRatio || 1;
  const f = style.fontSize * ratio;
  const ctx = u.ctx;
  const x = u.bbox.left + u.bbox.width + f * 1.2;
  ctx.save();
  ctx.font = style.font.replace(/^\d+px/, `${Math.round(f)}px`);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  entries.forEach((e, i) => {
    const y = u.bbox.top + f * (0.6 + 1.5 * i);
    if (e.dash !== undefined) {
      ctx.strokeStyle = e.color;
      ctx.lineWidth = style.lineWidth * ratio;
      ctx.setLineDash(e.dash.map((d) => d * ratio));
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + f * 2, y);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (e.marker !== undefined) drawMarker(ctx, e.marker, x + f, y, style.markerSize * ratio * 1.2, e.color, style.background, ratio);
    ctx.fillStyle = style.text;
    ctx.fillText(e.label, x + f * 2.6, y);
  });
  ctx.fillStyle = style.muted;
  notes.forEach((note, i) => ctx.fillText(note, x, u.bbox.top + f * (0.6 + 1.5 * (entries.length + i) + 0.4)));
  ctx.restore();
}

/** A stepped path builder (value held until the next point), for counts that change in jumps. */
/** uPlot's aligned data with no points for a plot of `series` series (x first): a plot keeping its layout while it has nothing to show. */
export function emptyData(series: number): uPlot.AlignedData {
  return Array.from({ length: series }, () => []) as unknown as uPlot.AlignedData;
}

export function steppedPaths(): uPlot.Series.PathBuilder {
  return uPlot.paths.stepped!({ align: 1 });
}

/** Canvas pixels per CSS pixel in uPlot's drawing hooks (1 where uPlot has not measured it). */
export function uPlotRatio(): number {
  return uPlot.pxRatio || 1;
}

export { uPlot };

/** What every uPlot chart takes at construction. */
export interface UplotChartOptions {
  width: number;
  height: number;
  theme?: ChartTheme;
  /** Type scale (2 for a projector). */
  scale?: number;
}

/**
 * The common part of the uPlot charts: the host element, size, theme and type scale. A subclass
 * builds its uPlot in `rebuild` (called again on a theme or scale change) and must call it at the end
 * of its own constructor, once its fields are set.
 */
export abstract class UplotChart {
  protected readonly host: UplotHost;
  protected width: number;
  protected height: number;
  protected style: ChartStyle;

  constructor(container: HTMLElement, options: UplotChartOptions, label: string) {
    this.width = options.width;
    this.height = options.height;
    this.style = chartStyle(options.theme ?? 'light', options.scale ?? 1);
    this.host = new UplotHost(container, label);
  }

  /** Builds the uPlot from the chart's current state. */
  protected abstract rebuild(): void;

  setSize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.host.plot!.setSize({ width, height });
  }

  setTheme(theme: ChartTheme): void {
    this.style = chartStyle(theme, this.style.scale);
    this.rebuild();
  }

  /** Sets the type scale (2 for a projector). */
  setScale(scale: number): void {
    this.style = chartStyle(this.style.theme, scale);
    this.rebuild();
  }

  /** The chart's element (a div with role "img" and an accessible name, holding the uPlot). */
  get element(): HTMLElement {
    return this.host.root;
  }

  /** The uPlot drawn now (replaced on a theme, scale or log change), e.g. to sync cursors. */
  get uplot(): uPlot | null {
    return this.host.plot;
  }

  dispose(): void {
    this.host.dispose();
  }
}
