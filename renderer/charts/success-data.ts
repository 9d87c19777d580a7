// Success against the number of restarts: how likely the best of k restarts is a success, from the
// restarts actually run, and what happened when taking them in index order.
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';
import { successByRestarts } from '../../core/export/summary';
import { finalLoss, variantName } from './restarts';

/** The default relative tolerance of a network's success: final loss within 10% of the best. */
export const DEFAULT_SUCCESS_TOLERANCE = 0.1;

/**
 * For k = 1..R, the probability that at least one of k restarts drawn without replacement from R, of
 * which s succeeded, is a success: P(k) = 1 − C(R−s, k) / C(R, k). The ratio is computed as the product
 * Π_{i<k} (R−s−i)/(R−i) of factors in [0, 1] (core's successByRestarts, the figure summary.json
 * reports), so it neither overflows nor loses precision for large R; it is 0 once k > R − s.
 */
export function successProbability(restarts: number, successes: number): number[] {
  if (!Number.isInteger(restarts) || restarts < 0) throw new RangeError(`expected a whole number of restarts, found ${restarts}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > restarts) throw new RangeError(`expected 0..${restarts} successes, found ${successes}`);
  return successByRestarts(restarts, successes);
}

/** For k = 1..R, 1 if any of the first k flags (restarts in index order) is a success, else 0: the step line of what was observed. */
export function observedSuccess(flags: readonly boolean[]): number[] {
  const out: number[] = [];
  let any = false;
  for (const f of flags) {
    any ||= f;
    out.push(any ? 1 : 0);
  }
  return out;
}

/** Function searches: a restart succeeds when its search reached a known global minimum (`search.success === true`; a failed restart does not). */
export function searchSuccess(results: readonly RestartResult[]): boolean[] {
  return results.map((r) => r.search?.success === true);
}

/**
 * Networks have no known global minimum, so success is relative: a restart succeeds when it ended ok
 * with a final loss within `tolerance` (relative, default 10%) of the best final loss among the
 * restarts given that ended ok, i.e. loss ≤ best + tolerance·|best|. Pass every variant's restarts to
 * judge them against one best. Returns one flag per result, in the order given; all false when no
 * restart ended ok.
 */
export function networkSuccess(results: readonly RestartResult[], tolerance = DEFAULT_SUCCESS_TOLERANCE): boolean[] {
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new RangeError(`expected a relative tolerance >= 0, found ${tolerance}`);
  const ok = (r: RestartResult) => r.status === 'ok' && r.records.count > 0 && Number.isFinite(finalLoss(r));
  let best = Infinity;
  for (const r of results) if (ok(r)) best = Math.min(best, finalLoss(r));
  const limit = best + tolerance * Math.abs(best);
  return results.map((r) => ok(r) && finalLoss(r) <= limit);
}

/** One configuration's curves: R restarts of which s succeeded; probability[k−1] and observed[k−1] for k = 1..R. */
export interface SuccessCurve {
  variant: number;
  label: string;
  restarts: number;
  successes: number;
  probability: number[];
  observed: number[];
}

/**
 * The success curves of each configuration (variant), or null for a function search whose global minima
 * are unknown (success is undefined there; a variant with unknown minima among known ones is left out). Networks use `networkSuccess` over all variants' restarts together.
 */
export function successCurves(results: readonly RestartResult[], configurations: readonly Configuration[], tolerance = DEFAULT_SUCCESS_TOLERANCE): SuccessCurve[] | null {
  const first = configurations[0];
  if (first !== undefined && first.type === 'function' && configurations.every((c) => c.type === 'function' && c.minima.length === 0)) return null;
  const flags = first?.type === 'function' ? searchSuccess(results) : networkSuccess(results, tolerance);
  const groups = Math.max(configurations.length, ...results.map((r) => r.variant + 1));
  const curves: SuccessCurve[] = [];
  for (let v = 0; v < groups; v++) {
    const config = configurations[v];
    if (config !== undefined && config.type === 'function' && config.minima.length === 0) continue;
    const members = results.map((r, i) => ({ r, ok: flags[i]! })).filter((m) => m.r.variant === v).sort((a, b) => a.r.index - b.r.index);
    const successes = members.filter((m) => m.ok).length;
    curves.push({
      variant: v,
      label: variantName(configurations, v),
      restarts: members.length,
      successes,
      probability: successProbability(members.length, successes),
      observed: observedSuccess(members.map((m) => m.ok)),
    });
  }
  return curves;
}

/** The chart's accessible name: per configuration, successes out of restarts and the chance with 1 and with all restarts. */
export function describeSuccess(curves: readonly SuccessCurve[] | null, networks: boolean, tolerance: number): string {
  if (curves === null) return 'Success against restarts: unknown, since this function has no known global minimum.';
  const rule = networks ? `success: final loss within ${Math.round(tolerance * 100)}% of the best` : 'success: reached a known global minimum';
  const parts = curves.map((c) => {
    const one = c.probability[0];
    return `${c.label}: ${c.successes} of ${c.restarts} succeeded${one !== undefined ? `, chance ${pct(one)} with 1 restart and ${pct(c.probability[c.restarts - 1]!)} with ${c.restarts}` : ''}`;
  });
  return `Chance that the best of k restarts succeeds (${rule}). ${parts.join('; ')}.`;
}

function pct(p: number): string {
  return `${Math.round(p * 100)}%`;
}
