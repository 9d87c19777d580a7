// Per-layer signal at initialization: the spread (standard deviation) of activations or back-propagated
// gradients at each layer, averaged over a configuration's restarts, to show signals that shrink or
// grow layer by layer unless the initializer's scale is right.
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';
import { variantName } from './restarts';

/** Which signal: the activations going forward, or the loss gradient w.r.t. pre-activations going back. */
export type SignalQuantity = 'activation' | 'gradient';

/** The std of one layer over a configuration's restarts: their mean, smallest and largest. */
export interface LayerSpread {
  mean: number;
  min: number;
  max: number;
}

/** One configuration's per-layer spreads (layers from the first hidden one to the output). */
export interface SignalGroup {
  variant: number;
  label: string;
  /** Restarts that carried a signal record. */
  restarts: number;
  layers: LayerSpread[];
}

/** Layer names along the x axis for `count` layers: "hidden 1", ..., "output". */
export function layerNames(count: number): string[] {
  return Array.from({ length: count }, (_, l) => (l === count - 1 ? 'output' : `hidden ${l + 1}`));
}

/**
 * Per configuration (variant), the std of `quantity` at each layer over its restarts with a signal
 * record (in restart-index order); configurations without any are left out.
 */
export function signalGroups(results: readonly RestartResult[], configurations: readonly Configuration[], quantity: SignalQuantity): SignalGroup[] {
  const groups = Math.max(configurations.length, ...results.map((r) => r.variant + 1));
  const out: SignalGroup[] = [];
  for (let v = 0; v < groups; v++) {
    const spreads = results
      .filter((r) => r.variant === v && r.signal !== null && r.signal !== undefined)
      .sort((a, b) => a.index - b.index)
      .map((r) => r.signal![quantity]);
    if (spreads.length === 0) continue;
    const count = spreads[0]!.length;
    const layers: LayerSpread[] = [];
    for (let l = 0; l < count; l++) {
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const s of spreads) {
        const std = s[l]?.std ?? NaN;
        sum += std;
        min = Math.min(min, std);
        max = Math.max(max, std);
      }
      layers.push({ mean: sum / spreads.length, min, max });
    }
    out.push({ variant: v, label: variantName(configurations, v), restarts: spreads.length, layers });
  }
  return out;
}

/** The smallest positive and the largest finite std in `groups` (for a log axis), null when none is positive. */
export function positiveRange(groups: readonly SignalGroup[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const g of groups) {
    for (const l of g.layers) {
      for (const v of [l.min, l.mean, l.max]) {
        if (v > 0 && Number.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
  }
  return min <= max ? { min, max } : null;
}

/** The chart's accessible name: per configuration, the mean std at the first hidden layer and at the output. */
export function describeSignal(groups: readonly SignalGroup[], quantity: SignalQuantity): string {
  const what = quantity === 'activation' ? 'activation' : 'gradient';
  if (groups.length === 0) return `Per-layer ${what} spread at initialization: no signal records.`;
  const parts = groups.map((g) => {
    const first = g.layers[0]!.mean;
    const last = g.layers[g.layers.length - 1]!.mean;
    return `${g.label}: std ${fmt(first)} at hidden 1, ${fmt(last)} at the output`;
  });
  return `Per-layer ${what} spread (standard deviation) at initialization, mean over restarts. ${parts.join('; ')}.`;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : String(v);
}
