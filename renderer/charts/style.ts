// The look every chart shares: theme colours, type and line sizes scaled for a projector, and the
// Okabe–Ito colours of restarts, variants and classes (the scene's palette, so a restart has one colour
// everywhere in the lab).
import { restartColor } from '../scene/colormap';

/** The two themes a chart draws in (the app resolves "system" before it gets here). */
export type ChartTheme = 'light' | 'dark';

/** Colours and sizes (CSS pixels) of one chart, from its theme and type scale. */
export interface ChartStyle {
  readonly theme: ChartTheme;
  /** Type and line scale: 1 on a desk, 2 on a projector. */
  readonly scale: number;
  readonly background: string;
  readonly text: string;
  /** Secondary text and reference lines. */
  readonly muted: string;
  readonly grid: string;
  /** Font size of tick labels and annotations. */
  readonly fontSize: number;
  readonly font: string;
  /** Font of axis titles (bold). */
  readonly titleFont: string;
  readonly lineWidth: number;
  readonly highlightWidth: number;
  /** Diameter of a data marker. */
  readonly markerSize: number;
  /** Opacity of restarts drawn behind a highlighted one. */
  readonly dimAlpha: number;
}

const FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** The style of a chart in `theme` at type scale `scale` (must be positive and finite). */
export function chartStyle(theme: ChartTheme, scale = 1): ChartStyle {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`expected a positive type scale, found ${scale}`);
  const fontSize = Math.round(12 * scale);
  const dark = theme === 'dark';
  return {
    theme,
    scale,
    background: dark ? '#1b1d22' : '#ffffff',
    text: dark ? '#e8e8e8' : '#1a1a1a',
    muted: dark ? '#9a9ea6' : '#5f6368',
    grid: dark ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.1)',
    fontSize,
    font: `${fontSize}px ${FAMILY}`,
    titleFont: `600 ${fontSize}px ${FAMILY}`,
    lineWidth: 1.5 * scale,
    highlightWidth: 3 * scale,
    markerSize: 7 * scale,
    dimAlpha: 0.25,
  };
}

/** A CSS colour from a 0xRRGGBB number and an opacity. */
export function css(hex: number, alpha = 1): string {
  const r = (hex >> 16) & 255;
  const g = (hex >> 8) & 255;
  const b = hex & 255;
  return alpha >= 1 ? `#${hex.toString(16).padStart(6, '0')}` : `rgba(${r},${g},${b},${alpha})`;
}

/** The CSS colour of restart `index` (Okabe–Ito by restart index, as in the 3-D scene). */
export function restartCss(index: number, theme: ChartTheme, alpha = 1): string {
  return css(restartColor(index, theme), alpha);
}

/**
 * The colour (0xRRGGBB) of category `i` (a variant, a class, a layer): the seven chromatic Okabe–Ito
 * colours in a fixed order, then black (light grey on the dark theme), repeating.
 */
export function categoryColor(i: number, theme: ChartTheme): number {
  return restartColor(i, theme);
}

/** Dash patterns (in units of the line width) that tell categories apart without colour. */
export const DASHES: readonly (readonly number[])[] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [12, 4]];

/** The dash pattern of category `i`, in CSS pixels for lines of width `width`. */
export function dashFor(i: number, width: number): number[] {
  return DASHES[i % DASHES.length]!.map((d) => d * width);
}
