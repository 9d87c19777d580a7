// The final-loss distribution as a strip plot: one dot per restart that ended ok, grouped by variant,
// with each group's mean and spread, the lab's way of judging a configuration by repeating it.
import { summarize, type Summary } from '../../core/analysis/stats';
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';
import { type RestartKey, finalLoss, inRunOrder, variantName } from './restarts';

/** 1/φ: successive multiples modulo 1 spread out evenly (the golden-ratio sequence), with no randomness. */
const GOLDEN = 0.6180339887498949;

/**
 * The horizontal offset of the dot of rank `rank` within its group (ranks 0, 1, 2, ... in restart-index
 * order): (frac(0.5 + rank/φ) − 0.5) × width, in (−width/2, width/2); rank 0 sits at the centre and each
 * later dot lands in one of the widest gaps left (the three-gap theorem), so dots spread evenly.
 */
export function jitterOffset(rank: number, width: number): number {
  const f = (0.5 + rank * GOLDEN) % 1;
  return (f - 0.5) * width;
}

/** One dot: a restart's final loss at x = group + jitter. */
export interface StripPoint {
  key: RestartKey;
  group: number;
  x: number;
  value: number;
}

/** One variant's column: its name, the statistics of its ok restarts' final losses (as summary.json computes them), and what was left out. */
export interface StripGroup {
  variant: number;
  label: string;
  summary: Summary;
  restarts: number;
  diverged: number;
  failed: number;
}

/** Everything the strip plot draws; min and max span the final losses (NaN when there are none). */
export interface StripLayout {
  groups: StripGroup[];
  points: StripPoint[];
  min: number;
  max: number;
}

/**
 * Lays out the final losses of `results` in one column per configuration (variant): restarts that ended
 * ok are dots, jittered over `width` (in column units) in restart-index order; diverged and failed ones
 * are counted, not drawn or averaged, as in summary.json.
 */
export function stripLayout(results: readonly RestartResult[], configurations: readonly Configuration[], width = 0.5): StripLayout {
  const groupCount = Math.max(configurations.length, ...results.map((r) => r.variant + 1));
  const groups: StripGroup[] = [];
  const points: StripPoint[] = [];
  let min = Infinity;
  let max = -Infinity;
  const ordered = inRunOrder(results);
  for (let g = 0; g < groupCount; g++) {
    const members = ordered.filter((r) => r.variant === g);
    const ok = members.filter((r) => r.status === 'ok' && r.records.count > 0);
    const finals = ok.map(finalLoss);
    ok.forEach((r, rank) => {
      const value = finals[rank]!;
      points.push({ key: { variant: g, index: r.index }, group: g, x: g + jitterOffset(rank, width), value });
      if (value < min) min = value;
      if (value > max) max = value;
    });
    groups.push({
      variant: g,
      label: variantName(configurations, g),
      summary: summarize(finals),
      restarts: members.length,
      diverged: members.filter((r) => r.status === 'diverged').length,
      failed: members.filter((r) => r.status === 'failed').length,
    });
  }
  return { groups, points, min: points.length > 0 ? min : NaN, max: points.length > 0 ? max : NaN };
}

/** The category label under a column: the variant's name, its count of drawn restarts and what was left out. */
export function groupCaption(g: StripGroup): string {
  const left = [g.diverged > 0 ? `${g.diverged} diverged` : '', g.failed > 0 ? `${g.failed} failed` : ''].filter((s) => s !== '');
  return `${g.label} (n=${g.summary.count}${left.length > 0 ? ', ' + left.join(', ') : ''})`;
}

/** The chart's accessible name: what is plotted (`quantity`, its axis title less "final"), and each group's mean ± sample std of it. */
export function describeStrip(layout: StripLayout, quantity = 'loss'): string {
  const parts = layout.groups.map((g) => {
    const s = g.summary;
    if (s.count === 0) return `${groupCaption(g)}: no restart ended ok`;
    return `${groupCaption(g)}: mean ${fmt(s.mean!)}${s.std !== null ? ` ± ${fmt(s.std)}` : ''}, best ${fmt(s.min!)}`;
  });
  return `Final ${quantity} of each restart, by configuration. ${parts.join('; ')}.`;
}

function fmt(v: number): string {
  return Number(v.toPrecision(3)).toString();
}
