// Where landscape coordinates land in the scene: a box centred on the origin, x across [-0.5, 0.5]
// (three's +X), y across [-0.5, 0.5] towards three's −Z (so that from above, +y is up on screen, as on
// a contour plot), and height up along three's +Y from 0 to BOX_HEIGHT.
import { finiteRange, heightScale, lossToHeight, type HeightScale } from './height';

/** The height of the box the surface spans (its width and depth are 1). */
export const BOX_HEIGHT = 0.6;

/** Half the width of the ribbon that stands in for the surface of a 1-D landscape (scene units). */
export const RIBBON_HALF_WIDTH = 0.04;

/** The mapping of one landscape into the scene. */
export interface Frame {
  xMin: number;
  xSpan: number;
  yMin: number;
  ySpan: number;
  /** The larger of the two spans, in landscape units: what "far from the plane" is measured against. */
  extent: number;
  height: HeightScale;
}

/** The frame of a landscape with column coordinates `x`, row coordinates `y` and the given height scale. */
export function makeFrame(x: ArrayLike<number>, y: ArrayLike<number>, height: HeightScale): Frame {
  const xr = finiteRange(x) ?? { min: 0, max: 0 };
  const yr = finiteRange(y) ?? { min: 0, max: 0 };
  const xSpan = xr.max - xr.min;
  const ySpan = yr.max - yr.min;
  return { xMin: xr.min, xSpan, yMin: yr.min, ySpan, extent: Math.max(xSpan, ySpan) || 1, height };
}

/** The height scale from a grid's finite values, else from `fallback` values (e.g. path losses), else [0, 1]. */
export function scaleFor(grid: ArrayLike<number>, fallback: ArrayLike<number>[], log: boolean): HeightScale {
  let range = finiteRange(grid);
  if (!range) for (const values of fallback) range = finiteRange(values, range);
  return heightScale(range ?? { min: 0, max: 1 }, log);
}

/** Scene X of landscape x (0 when the landscape has a single column coordinate). */
export function sceneX(frame: Frame, x: number): number {
  return frame.xSpan > 0 ? (x - frame.xMin) / frame.xSpan - 0.5 : 0;
}

/** Scene Z of landscape y (0 for a 1-D landscape, whose y is a single row). */
export function sceneZ(frame: Frame, y: number): number {
  return frame.ySpan > 0 ? 0.5 - (y - frame.yMin) / frame.ySpan : 0;
}

/** Scene Y of a loss: BOX_HEIGHT × lossToHeight (NaN for a non-finite loss). */
export function sceneY(frame: Frame, loss: number): number {
  return BOX_HEIGHT * lossToHeight(frame.height, loss);
}
