// How a finished run's restarts go to the analysis worker: in parts of about ANALYZE_PART_BYTES, each
// posted in a task of its own, so that the host's thread is never held by one big copy.
import { transferables, type RestartResult } from '../experiment/result';

/** Bytes of restarts' records sent to the analysis worker per message (each message is its own task). */
export const ANALYZE_PART_BYTES = 1 << 20;

/**
 * `restarts` in order, cut into parts whose buffers first reach ANALYZE_PART_BYTES; the last part is
 * what is left (possibly none), sent with the request.
 */
export function analyzeParts(restarts: readonly RestartResult[]): RestartResult[][] {
  const parts: RestartResult[][] = [];
  let part: RestartResult[] = [];
  let bytes = 0;
  for (const r of restarts) {
    part.push(r);
    bytes += transferables(r).reduce((n, b) => n + b.byteLength, 0);
    if (bytes < ANALYZE_PART_BYTES) continue;
    parts.push(part);
    part = [];
    bytes = 0;
  }
  parts.push(part);
  return parts;
}
