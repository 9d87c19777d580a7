/** When a restart counts as stalled: a final plateau (no fall of more than `tolerance`) of at least `window` records, ending `margin` worse than the best restart. */
export interface StallRule {
  window: number;
  tolerance: number;
  margin: number;
}

/**
 * The record at which a loss curve settled on its final plateau: the first record k after which the
 * loss never again fell more than `tolerance` below loss[k], provided that plateau lasted at least
 * `window` records. Null when it did not (still improving near the end, or too short to tell).
 */
export function stallRecord(loss: ArrayLike<number>, count: number, rule: StallRule): number | null {
  let futureMin = Infinity;
  let first = count;
  // Walk back from the end, keeping the lowest loss still to come; every k whose future never drops
  // `tolerance` below it is on the plateau, and the earliest such k (in an unbroken run) is its start.
  for (let k = count - 1; k >= 0; k--) {
    futureMin = Math.min(futureMin, loss[k]!);
    if (loss[k]! - futureMin < rule.tolerance) first = k;
    else break;
  }
  return first < count && count - 1 - first >= rule.window ? first : null;
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
