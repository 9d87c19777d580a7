/** When a restart counts as stalled: a final plateau (no fall of more than `tolerance`) of at least `window` records, ending `margin` worse than the best restart. */
export interface StallRule {
  window: number;
  tolerance: number;
  margin: number;
}

/**
 * The record at which a loss curve settled on its final plateau: the first record k by which the
 * curve's lowest loss so far had come within `tolerance` of its lowest loss of all, so that nothing
 * after k improved on it by more than `tolerance`, provided that plateau lasted at least `window`
 * records and the curve ended within `margin` of its lowest (it stayed where it settled). Null when
 * it did not (still improving near the end, too short to tell, or wandering away from its best).
 * Only new lows count: a curve that rises and falls back (SGD's noise, annealing's uphill moves) has
 * not improved, so its spikes neither end nor restart a plateau.
 */
export function stallRecord(loss: ArrayLike<number>, count: number, rule: StallRule): number | null {
  let lowest = Infinity;
  for (let k = 0; k < count; k++) lowest = Math.min(lowest, loss[k]!);
  if (!(loss[count - 1]! - lowest <= rule.margin)) return null;
  let soFar = Infinity;
  for (let k = 0; k < count; k++) {
    soFar = Math.min(soFar, loss[k]!);
    if (soFar - lowest < rule.tolerance) return count - 1 - k >= rule.window ? k : null;
  }
  return null;
}

/**
 * Premature convergence: for each restart (final loss and record steps), the step where it stalled, or
 * null. A restart is flagged only when its final loss exceeds the best final loss of the restarts given
 * by more than `margin`, and its curve stopped improving (stallRecord) before its end.
 */
export function stalledAt(curves: { loss: ArrayLike<number>; step: ArrayLike<number>; count: number; ok: boolean }[], rule: StallRule): (number | null)[] {
  const finals = curves.filter((c) => c.ok && c.count > 0).map((c) => c.loss[c.count - 1]!);
  const best = finals.length > 0 ? Math.min(...finals) : Infinity;
  return curves.map((c) => {
    if (!c.ok || c.count === 0) return null;
    if (!(c.loss[c.count - 1]! - best > rule.margin)) return null;
    const k = stallRecord(c.loss, c.count, rule);
    return k === null ? null : c.step[k]!;
  });
}
