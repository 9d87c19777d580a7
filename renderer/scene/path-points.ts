// Where a path's records go in the scene and how strongly each shows: the surface's height transform
// (clamped, so divergence stays in view), fading with distance from the plane, and the drawable prefix.
import { BOX_HEIGHT, type Frame } from './frame';
import { lossToHeight } from './height';

/** One restart's path projected on the landscape: record k at (x[k], y[k]) with loss[k], offPlane[k] from the plane. */
export interface PathInput {
  restart: number;
  x: Float64Array;
  y: Float64Array;
  loss: Float64Array;
  offPlane: Float64Array;
}

/** Off-plane distance, as a fraction of the landscape's extent, over which a path fades by a factor e. */
export const FADE_LENGTH = 0.25;
/** The least a path point fades to: far from the plane it is still visible. */
export const MIN_FADE = 0.15;
/** Path heights are clamped to [HEIGHT_FLOOR, HEIGHT_CEILING] (in box heights); non-finite losses go to the ceiling. */
export const HEIGHT_FLOOR = -0.25;
export const HEIGHT_CEILING = 1.25;

/** How strongly a point `offPlane` away from the plane shows: 1 on the plane, decaying exponentially to MIN_FADE (NaN: MIN_FADE). */
export function fadeWeight(offPlane: number, extent: number): number {
  if (Number.isNaN(offPlane)) return MIN_FADE;
  if (offPlane <= 0) return 1;
  return MIN_FADE + (1 - MIN_FADE) * Math.exp(-offPlane / (FADE_LENGTH * extent));
}

/** Scene Y of a path point: the surface's height transform, clamped to the floor and ceiling; a non-finite loss (divergence) at the ceiling. */
export function pathY(frame: Frame, loss: number): number {
  const h = lossToHeight(frame.height, loss);
  return BOX_HEIGHT * (Number.isNaN(h) ? HEIGHT_CEILING : Math.min(HEIGHT_CEILING, Math.max(HEIGHT_FLOOR, h)));
}

/** How many leading records of a path can be drawn: up to the first with a non-finite x or y (a diverged point has no place). */
export function drawableCount(p: PathInput): number {
  const n = Math.min(p.x.length, p.y.length, p.loss.length, p.offPlane.length);
  for (let k = 0; k < n; k++) if (!(Number.isFinite(p.x[k]!) && Number.isFinite(p.y[k]!))) return k;
  return n;
}

/** Returns `k` if it is a record index (a non-negative integer) or null; throws otherwise. */
export function checkRecord(k: number | null): number | null {
  if (k !== null && !(Number.isInteger(k) && k >= 0)) throw new Error(`setStep: the record must be a non-negative integer or null, got ${k}`);
  return k;
}
