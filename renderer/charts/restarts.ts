// Naming and picking restarts, shared by every chart.
import type { RestartResult } from '../../core/experiment/result';
import type { Configuration } from '../../core/export/outputs';

/** Which restart: variant index and restart index (the pair is unique within a run). */
export interface RestartKey {
  variant: number;
  index: number;
}

/** Whether `r` is the restart `key` names (false for a null key). */
export function isRestart(r: RestartKey, key: RestartKey | null): boolean {
  return key !== null && r.variant === key.variant && r.index === key.index;
}

/** A string key for maps: "variant/index", as run outputs name projections. */
export function restartId(r: RestartKey): string {
  return `${r.variant}/${r.index}`;
}

/** Results ordered by variant, then restart index (the order of run.json), without changing the input. */
export function inRunOrder(results: readonly RestartResult[]): RestartResult[] {
  return [...results].sort((a, b) => a.variant - b.variant || a.index - b.index);
}

/** The restart `key` names, or else the first in run order; null when there are none. */
export function pickRestart(results: readonly RestartResult[], key: RestartKey | null): RestartResult | null {
  let first: RestartResult | null = null;
  for (const r of results) {
    if (isRestart(r, key)) return r;
    if (first === null || r.variant < first.variant || (r.variant === first.variant && r.index < first.index)) first = r;
  }
  return first;
}

/** The loss of a restart's last record (NaN for a restart without records). */
export function finalLoss(r: RestartResult): number {
  return r.records.count > 0 ? r.records.loss[r.records.count - 1]! : NaN;
}

/** What to call variant `v` in a legend: its label, or "all restarts" for a run without variants. */
export function variantName(configurations: readonly Configuration[], v: number): string {
  return configurations[v]?.variant ?? (configurations.length > 1 ? `variant ${v + 1}` : 'all restarts');
}

/** The y-axis title of a restart's loss: the mean training loss for networks, the function's value for a search. */
export function lossTitle(configurations: readonly Configuration[]): string {
  return configurations[0]?.type === 'function' ? 'f(x) at the reported point' : 'loss (training-set mean)';
}

/** The x-axis title of records: optimizer updates for networks, iterations for searches. */
export function stepTitle(configurations: readonly Configuration[]): string {
  return configurations[0]?.type === 'function' ? 'step (search iterations)' : 'step (optimizer updates)';
}
