import type { Domain } from '../functions/objective';
import { clip } from '../functions/objective';
import type { Stream } from '../rng/stream';

/** Where a restart starts: anywhere in the domain, near a point, or at one fixed point (the deterministic case). */
export type StartSpec = { kind: 'uniform' } | { kind: 'normal'; mean: number[]; stddev: number } | { kind: 'fixed'; point: number[] };

/** Draws a starting point into `out` from the restart's init stream (clipped to the domain for "normal"). */
export function drawStart(spec: StartSpec, domain: Domain, stream: Stream, out: Float64Array): void {
  switch (spec.kind) {
    case 'uniform':
      for (let i = 0; i < out.length; i++) {
        const [lo, hi] = domain[i]!;
        out[i] = lo + (hi - lo) * stream.uniform();
      }
      return;
    case 'normal':
      for (let i = 0; i < out.length; i++) out[i] = spec.mean[i]! + spec.stddev * stream.normal();
      clip(out, domain);
      return;
    case 'fixed':
      out.set(spec.point);
      return;
  }
}
