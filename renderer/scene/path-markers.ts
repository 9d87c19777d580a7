// The markers along the paths: one InstancedMesh per kind (start, head, diverged, stalled), one
// instance slot per path; a hidden marker is a zero-scale instance.
import { Color, Group, InstancedMesh, Matrix4, MeshLambertMaterial, Sphere, Vector3, type BufferGeometry } from 'three';
import { BOX_HEIGHT } from './frame';
import { pathMarkerGeometry, type PathMarkerKind } from './marker-shapes';

const KINDS: readonly PathMarkerKind[] = ['start', 'head', 'diverged', 'stalled'];
const matrix = new Matrix4();
const HIDDEN = new Matrix4().makeScale(0, 0, 0);

/** Start, head, diverged and stalled markers for `capacity` paths. */
export class PathMarkers {
  /** The four instanced meshes; add it to the scene. */
  readonly object = new Group();
  /** The instanced mesh of each kind (slot i belongs to path i). */
  readonly meshes: Record<PathMarkerKind, InstancedMesh<BufferGeometry, MeshLambertMaterial>>;
  private readonly material = new MeshLambertMaterial();

  constructor(readonly capacity: number) {
    const white = new Color(1, 1, 1);
    const make = (kind: PathMarkerKind) => {
      const mesh = new InstancedMesh(pathMarkerGeometry(kind), this.material, capacity);
      // Instances move with playback; a bounding sphere computed once would cull them wrongly.
      mesh.frustumCulled = false;
      // Unculled, the sphere only orders draw calls: the landscape's box will do, and spares the
      // renderer computing one over every instance at the first frame (tens of ms, before V8 optimizes it).
      mesh.boundingSphere = new Sphere(new Vector3(0, BOX_HEIGHT / 2, 0), 1);
      mesh.name = `marker:${kind}`;
      for (let i = 0; i < capacity; i++) {
        mesh.setMatrixAt(i, HIDDEN);
        mesh.setColorAt(i, white);
      }
      this.object.add(mesh);
      return mesh;
    };
    this.meshes = { start: make('start'), head: make('head'), diverged: make('diverged'), stalled: make('stalled') };
  }

  /** Shows path `slot`'s marker of `kind` at scene point (x, y, z), `size` scene units per shape unit, in `color` (linear RGB). */
  place(kind: PathMarkerKind, slot: number, x: number, y: number, z: number, size: number, color: Color): void {
    const mesh = this.meshes[kind];
    mesh.setMatrixAt(slot, matrix.makeScale(size, size, size).setPosition(x, y, z));
    mesh.setColorAt(slot, color);
  }

  /** Hides path `slot`'s marker of `kind`. */
  hide(kind: PathMarkerKind, slot: number): void {
    this.meshes[kind].setMatrixAt(slot, HIDDEN);
  }

  /** Whether path `slot`'s marker of `kind` is shown (its scale is not zero). */
  shown(kind: PathMarkerKind, slot: number): boolean {
    this.meshes[kind].getMatrixAt(slot, matrix);
    return matrix.elements[0] !== 0;
  }

  /** The scene position of path `slot`'s marker of `kind`, into `out` ([x, y, z]). */
  positionOf(kind: PathMarkerKind, slot: number, out: number[]): number[] {
    this.meshes[kind].getMatrixAt(slot, matrix);
    out[0] = matrix.elements[12]!;
    out[1] = matrix.elements[13]!;
    out[2] = matrix.elements[14]!;
    return out;
  }

  /**
   * Flags the instance buffers for upload after a round of place and hide, and draws each kind only up
   * to its last shown slot: hidden instances cost nothing then (software WebGL pays for every instance
   * drawn, zero-scale or not; a run of 256 restarts rarely has a diverged or stalled one each).
   */
  commit(): void {
    for (const kind of KINDS) {
      const mesh = this.meshes[kind];
      const a = mesh.instanceMatrix.array;
      let last = -1;
      for (let i = 0; i < this.capacity; i++) if (a[16 * i] !== 0) last = i;
      mesh.count = last + 1;
      mesh.instanceMatrix.needsUpdate = true;
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    }
  }

  /** Disposes the four geometries, the instance buffers and the shared material. */
  dispose(): void {
    for (const kind of KINDS) {
      this.meshes[kind].geometry.dispose();
      this.meshes[kind].dispose();
    }
    this.material.dispose();
  }
}
