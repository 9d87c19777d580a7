// Known optima of a test function, as flat stars resting at the minimum's point and value.
import { Color, InstancedMesh, Matrix4, MeshLambertMaterial, type BufferGeometry, type ColorRepresentation } from 'three';
import { BOX_HEIGHT, sceneX, sceneZ, type Frame } from './frame';
import { lossToHeight } from './height';
import { minimumGeometry } from './marker-shapes';

/** A known global minimum: its point (x, and y for a 2-D function) and its value. */
export interface Minimum {
  position: number[];
  value: number;
}

/** Minimum marker size in scene units per shape unit at scale 1. */
export const MINIMUM_SIZE = 0.012;

const matrix = new Matrix4();
const HIDDEN = new Matrix4().makeScale(0, 0, 0);

/** The known minima of one landscape. */
export class MinimaMarkers {
  /** One instance per minimum; add it to the scene. */
  readonly object: InstancedMesh<BufferGeometry, MeshLambertMaterial>;
  private size = 1;

  constructor(
    private readonly minima: readonly Minimum[],
    private frame: Frame,
    color: ColorRepresentation,
  ) {
    this.object = new InstancedMesh(minimumGeometry(), new MeshLambertMaterial({ color: new Color(color) }), minima.length);
    this.object.frustumCulled = false;
    this.object.name = 'minima';
    this.place();
  }

  /** Moves the markers to a new frame (the height scale changed). */
  setFrame(frame: Frame): void {
    this.frame = frame;
    this.place();
  }

  /** Scales the markers (e.g. with the line scale). */
  setScale(scale: number): void {
    this.size = scale;
    this.place();
  }

  /** Sets the markers' colour (e.g. on a theme change). */
  setColor(color: ColorRepresentation): void {
    this.object.material.color.set(color);
  }

  /** Disposes the geometry, the material and the instance buffer. */
  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.dispose();
    this.object.dispose();
  }

  // A minimum with a non-finite value has no height to stand at and is hidden.
  private place(): void {
    const s = MINIMUM_SIZE * this.size;
    this.minima.forEach((m, i) => {
      const h = lossToHeight(this.frame.height, m.value);
      const x = m.position[0] ?? NaN;
      const y = m.position[1] ?? this.frame.yMin;
      if (!(Number.isFinite(h) && Number.isFinite(x) && Number.isFinite(y))) this.object.setMatrixAt(i, HIDDEN);
      else this.object.setMatrixAt(i, matrix.makeScale(s, s, s).setPosition(sceneX(this.frame, x), BOX_HEIGHT * h, sceneZ(this.frame, y)));
    });
    this.object.instanceMatrix.needsUpdate = true;
  }
}
