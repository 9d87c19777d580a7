// Contour lines over the surface: marching squares at evenly spaced heights, drawn as LineSegments
// whose buffer grows (doubling) and is otherwise reused.
import { BufferAttribute, BufferGeometry, LineBasicMaterial, LineSegments, type ColorRepresentation } from 'three';
import { marchingSquares } from './contours';
import { BOX_HEIGHT } from './frame';
import { heightToLoss, type HeightScale } from './height';

/** The heights (in [0, 1]) of `levels` contour levels: k / (levels + 1) for k = 1..levels, so evenly spaced in the drawn height. */
export function contourHeights(levels: number): number[] {
  return Array.from({ length: levels }, (_, k) => (k + 1) / (levels + 1));
}

/** Contour lines of a grid: one LineSegments object, recomputed by `update`. */
export class ContourLayer {
  /** The lines, in scene units; add it to the scene. */
  readonly object: LineSegments<BufferGeometry, LineBasicMaterial>;
  private capacity = 0;
  private readonly segments: number[] = [];

  constructor(color: ColorRepresentation) {
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(new Float32Array(0), 3));
    this.object = new LineSegments(geometry, new LineBasicMaterial({ color }));
    this.object.name = 'contours';
    this.object.visible = false;
  }

  /**
   * Recomputes the lines of the rows×cols grid `values` at `levels` levels (0 hides them), placing
   * grid column j at scene X colX[j], row i at scene Z rowZ[i], and each level at its height.
   */
  update(values: ArrayLike<number>, rows: number, cols: number, colX: ArrayLike<number>, rowZ: ArrayLike<number>, scale: HeightScale, levels: number): void {
    this.object.visible = levels > 0;
    if (levels <= 0) return;
    const heights = contourHeights(levels);
    const segs = this.segments;
    segs.length = 0;
    const ys: number[] = [];
    for (const h of heights) {
      const n = marchingSquares(values, rows, cols, heightToLoss(scale, h), segs);
      for (let s = 0; s < n; s++) ys.push(BOX_HEIGHT * h);
    }
    const vertices = segs.length / 2;
    const geometry = this.reserve(vertices);
    const pos = geometry.getAttribute('position') as BufferAttribute;
    const arr = pos.array as Float32Array;
    for (let s = 0; s < vertices / 2; s++) {
      for (let e = 0; e < 2; e++) {
        const v = 2 * s + e;
        arr[3 * v] = lerpAt(colX, segs[4 * s + 2 * e]!);
        arr[3 * v + 1] = ys[s]!;
        arr[3 * v + 2] = lerpAt(rowZ, segs[4 * s + 2 * e + 1]!);
      }
    }
    pos.needsUpdate = true;
    geometry.setDrawRange(0, vertices);
    geometry.computeBoundingSphere();
  }

  /** Sets the lines' colour (e.g. on a theme change). */
  setColor(color: ColorRepresentation): void {
    this.object.material.color.set(color);
  }

  /** Disposes the geometry and the material. */
  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.dispose();
  }

  // A GPU buffer cannot grow in place, so a larger one means a new geometry (the old one is disposed).
  private reserve(vertices: number): BufferGeometry {
    if (vertices <= this.capacity) return this.object.geometry;
    this.capacity = Math.max(vertices, 2 * this.capacity, 256);
    const next = new BufferGeometry();
    next.setAttribute('position', new BufferAttribute(new Float32Array(3 * this.capacity), 3));
    this.object.geometry.dispose();
    this.object.geometry = next;
    return next;
  }
}

/** coords at fractional index t (linear between neighbours). */
function lerpAt(coords: ArrayLike<number>, t: number): number {
  const i = Math.min(Math.floor(t), coords.length - 2);
  const f = t - i;
  return coords[i]! + f * (coords[i + 1]! - coords[i]!);
}
