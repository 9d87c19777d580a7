// The markers along the paths: one InstancedMesh per kind (start, head, diverged, stalled), one
// instance slot per path; a hidden marker is a zero-scale instance. The selected path's markers are
// drawn once more, by one single-instance mesh per kind that nothing hides.
import { Color, Group, InstancedMesh, Matrix4, MeshLambertMaterial, Sphere, Vector3, type BufferGeometry } from 'three';
import { BOX_HEIGHT } from './frame';
import { pathMarkerGeometry, type PathMarkerKind } from './marker-shapes';

const KINDS: readonly PathMarkerKind[] = ['start', 'head', 'diverged', 'stalled'];
const matrix = new Matrix4();
const color = new Color();
const HIDDEN = new Matrix4().makeScale(0, 0, 0);

/** Render order of the selected path's markers: after everything, the selected path's line (10) included. */
export const SELECTED_MARKER_ORDER = 11;

/** Start, head, diverged and stalled markers for `capacity` paths. */
export class PathMarkers {
  /** The four instanced meshes and the selected slot's four; add it to the scene. */
  readonly object = new Group();
  /** The instanced mesh of each kind (slot i belongs to path i). */
  readonly meshes: Record<PathMarkerKind, InstancedMesh<BufferGeometry, MeshLambertMaterial>>;
  /** The selected slot's marker of each kind, again, over everything (hidden while none is selected). */
  readonly selectedMeshes: Record<PathMarkerKind, InstancedMesh<BufferGeometry, MeshLambertMaterial>>;
  private readonly material = new MeshLambertMaterial();
  // Transparent (at full opacity) so that it is drawn after the dimmed paths, which are transparent too.
  private readonly selectedMaterial = new MeshLambertMaterial({ depthTest: false, depthWrite: false, transparent: true });
  private selectedSlot: number | null = null;

  constructor(readonly capacity: number) {
    const white = new Color(1, 1, 1);
    const make = (name: string, geometry: BufferGeometry, material: MeshLambertMaterial, count: number) => {
      const mesh = new InstancedMesh(geometry, material, count);
      mesh.name = name;
      // Instances move with playback; a bounding sphere computed once would cull them wrongly.
      mesh.frustumCulled = false;
      // Unculled, the sphere only orders draw calls: the landscape's box will do, and spares the
      // renderer computing one over every instance at the first frame (tens of ms, before V8 optimizes it).
      mesh.boundingSphere = new Sphere(new Vector3(0, BOX_HEIGHT / 2, 0), 1);
      for (let i = 0; i < count; i++) {
        mesh.setMatrixAt(i, HIDDEN);
        mesh.setColorAt(i, white);
      }
      this.object.add(mesh);
      return mesh;
    };
    const all = (kind: PathMarkerKind) => make(`marker:${kind}`, pathMarkerGeometry(kind), this.material, capacity);
    this.meshes = { start: all('start'), head: all('head'), diverged: all('diverged'), stalled: all('stalled') };
    const selected = (kind: PathMarkerKind) => {
      const mesh = make(`selected marker:${kind}`, this.meshes[kind].geometry, this.selectedMaterial, 1);
      mesh.renderOrder = SELECTED_MARKER_ORDER;
      mesh.visible = false;
      return mesh;
    };
    this.selectedMeshes = { start: selected('start'), head: selected('head'), diverged: selected('diverged'), stalled: selected('stalled') };
  }

  /** Draws slot `slot`'s markers over everything from the next commit on (null: none). */
  select(slot: number | null): void {
    if (slot !== null && !(Number.isInteger(slot) && slot >= 0 && slot < this.capacity)) throw new Error(`PathMarkers.select: slot ${slot} of ${this.capacity}`);
    this.selectedSlot = slot;
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
   * drawn, zero-scale or not; a run of 256 restarts rarely has a diverged or stalled one each). Copies
   * the selected slot's shown markers to the meshes drawn over everything.
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
      const top = this.selectedMeshes[kind];
      const slot = this.selectedSlot;
      top.visible = slot !== null && this.shown(kind, slot);
      if (!top.visible) continue;
      mesh.getMatrixAt(slot!, matrix);
      top.setMatrixAt(0, matrix);
      mesh.getColorAt(slot!, color);
      top.setColorAt(0, color);
      top.instanceMatrix.needsUpdate = true;
      top.instanceColor!.needsUpdate = true;
    }
  }

  /** Disposes the four geometries, the instance buffers and the two materials. */
  dispose(): void {
    for (const kind of KINDS) {
      this.meshes[kind].geometry.dispose();
      this.meshes[kind].dispose();
      this.selectedMeshes[kind].dispose();
    }
    this.material.dispose();
    this.selectedMaterial.dispose();
  }
}
