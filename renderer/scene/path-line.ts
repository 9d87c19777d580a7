// One restart's path as the rest of the window sees it (picking, exports, tests): its points and
// colours, the prefix playback shows, and how it is drawn (width, opacity, depth). The pixels come
// from Paths' single batch of all paths and, for the highlighted one, a line drawn over it: one draw
// call per frame instead of one per restart, which software WebGL pays dearly for.
import { Object3D } from 'three';
import { FatLineMaterial } from './fat-line';

export class PathLine extends Object3D {
  /** Width, opacity, depth test and resolution this path is drawn with (the batch or the top line carries them to the GPU). */
  readonly material: FatLineMaterial;
  private drawn: number;

  constructor(
    /** Scene positions of the points, 3 × count (owned by Paths, rewritten in place). */
    private readonly pointArray: Float32Array,
    /** Linear RGB per point, 3 × count. */
    private readonly colorArray: Float32Array,
    /** Points of the path. */
    readonly points: number,
    linewidth: number,
  ) {
    super();
    this.material = new FatLineMaterial(linewidth);
    this.drawn = points;
  }

  /** Segments shown (playback: points of the shown prefix minus one). */
  get segments(): number {
    return Math.max(0, this.drawn - 1);
  }

  /** Shows points 0 .. n−1 (at most all). */
  setDrawnPoints(n: number): void {
    this.drawn = Math.max(0, Math.min(n, this.points));
  }

  /** Point k (0 ≤ k < points) in the path group's coordinates. */
  pointAt(k: number): [number, number, number] {
    return this.read(this.pointArray, k);
  }

  /** The linear RGB colour of point k (faded towards the background off the plane). */
  colorAt(k: number): [number, number, number] {
    return this.read(this.colorArray, k);
  }

  /** Releases the material. */
  override dispose(): void {
    this.material.dispose();
  }

  private read(a: Float32Array, k: number): [number, number, number] {
    if (!(Number.isInteger(k) && k >= 0 && k < this.points)) throw new Error(`PathLine: point ${k} of ${this.points}`);
    return [a[3 * k]!, a[3 * k + 1]!, a[3 * k + 2]!];
  }
}
