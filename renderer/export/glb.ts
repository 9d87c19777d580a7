// The 3-D scene as glTF binary (.glb): a standalone copy of what the view shows, in objects every glTF
// tool reads (fat lines become plain line strips with vertex colours, marker instances become meshes),
// with the landscape's description in the scene's extras.
import {
  BufferAttribute,
  BufferGeometry,
  Color,
  DoubleSide,
  Group,
  Line,
  LineSegments,
  Matrix4,
  Mesh,
  MeshBasicMaterial,
  MeshStandardMaterial,
  Scene,
  type Material,
  type Object3D,
} from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import type { PathMarkerKind } from '../scene/marker-shapes';
import { BOX_HEIGHT } from '../scene/frame';
import type { LandscapeView, ViewContent } from '../scene/view';

/** The media type of a .glb file. */
export const GLB_TYPE = 'model/gltf-binary';

const KINDS: readonly PathMarkerKind[] = ['start', 'head', 'diverged', 'stalled'];
const matrix = new Matrix4();
const instance = new Matrix4();

/** The view's scene as .glb bytes (the view is not changed); throws when it shows no landscape. */
export async function exportGlb(view: LandscapeView): Promise<ArrayBuffer> {
  const scene = exportScene(view);
  try {
    const out = await new GLTFExporter().parseAsync(scene, { binary: true });
    if (!(out instanceof ArrayBuffer)) throw new Error('the glTF exporter did not return binary data');
    return out;
  } finally {
    disposeScene(scene);
  }
}

/**
 * A new scene copying what the view shows now (surface, contours, each restart's path up to the
 * playback record with its markers, the known minima, the camera), every object at its world
 * transform; the caller disposes it (disposeScene).
 */
export function exportScene(view: LandscapeView): Scene {
  const content = view.content;
  if (!content) throw new Error('there is no landscape to export yet: run an experiment that draws one');
  view.scene.updateMatrixWorld(true);
  const scene = new Scene();
  scene.name = 'Landscape Lab';
  scene.userData = sceneExtras(view, content);
  const surface = surfaceMesh(content);
  if (surface) scene.add(surface);
  const contours = contourLines(content);
  if (contours) scene.add(contours);
  const paths = new Group();
  paths.name = 'paths';
  const materials = new Map<string, MeshStandardMaterial>();
  const geometries = new Map<PathMarkerKind, BufferGeometry>();
  content.restarts.forEach((restart, slot) => {
    const group = restartGroup(content, restart, slot, materials, geometries);
    if (group) paths.add(group);
  });
  if (paths.children.length > 0) scene.add(paths);
  const minima = minimaGroup(content);
  if (minima) scene.add(minima);
  const camera = view.cameras.camera.clone();
  camera.name = 'view camera';
  place(camera, view.cameras.camera.matrixWorld);
  scene.add(camera);
  return scene;
}

/** Disposes every geometry and material under `root` (e.g. a scene from exportScene). */
export function disposeScene(root: Object3D): void {
  root.traverse((o) => {
    const { geometry, material } = o as { geometry?: BufferGeometry; material?: Material | Material[] };
    geometry?.dispose();
    for (const m of Array.isArray(material) ? material : material ? [material] : []) m.dispose();
  });
}

// What a reader of the file needs to relate the scene back to the landscape (JSON: non-finite numbers become null).
function sceneExtras(view: LandscapeView, { data, restarts, surface }: ViewContent): Record<string, unknown> {
  const f = surface.frame;
  return {
    generator: 'Landscape Lab',
    kind: data.kind,
    plane: data.plane,
    variant: data.variant,
    columns: data.x.length,
    rows: data.y.length,
    x: [f.xMin, f.xMin + f.xSpan],
    y: [f.yMin, f.yMin + f.ySpan],
    extent: f.extent,
    loss: { min: f.height.min, max: f.height.max, log: f.height.log },
    step: view.getStep(),
    restarts,
    explained: data.explained,
    barrier: data.barrier,
    axes: `scene x in [-0.5, 0.5] is the landscape's x range, scene -z in [-0.5, 0.5] its y range, scene y in [0, ${BOX_HEIGHT}] the loss range`,
  };
}

// The surface's drawn triangles only (its index buffer is longer than what is filled so far).
function surfaceMesh({ surface }: ViewContent): Mesh | null {
  const source = surface.mesh.geometry;
  const index = source.getIndex();
  const count = Math.min(source.drawRange.count, index?.count ?? 0);
  if (!index || count === 0) return null;
  const geometry = new BufferGeometry();
  for (const name of ['position', 'normal', 'color']) geometry.setAttribute(name, (source.getAttribute(name) as BufferAttribute).clone());
  geometry.setIndex(new BufferAttribute((index.array as Uint32Array).slice(0, count), 1));
  const mesh = new Mesh(geometry, new MeshStandardMaterial({ vertexColors: true, side: DoubleSide, roughness: 1, metalness: 0 }));
  mesh.name = 'surface';
  place(mesh, surface.mesh.matrixWorld);
  return mesh;
}

function contourLines({ surface }: ViewContent): LineSegments | null {
  const source = surface.contours.object;
  const count = Math.min(source.geometry.drawRange.count, source.geometry.getAttribute('position').count);
  if (!source.visible || count === 0) return null;
  const positions = (source.geometry.getAttribute('position').array as Float32Array).slice(0, 3 * count);
  const geometry = new BufferGeometry().setAttribute('position', new BufferAttribute(positions, 3));
  const lines = new LineSegments(geometry, new MeshBasicMaterial({ color: source.material.color }));
  lines.name = 'contours';
  place(lines, source.matrixWorld);
  return lines;
}

// One group per restart ("restart 3"): its path as shown ("restart 3 path") and its markers ("restart 3 start", …).
function restartGroup(content: ViewContent, restart: number, slot: number, materials: Map<string, MeshStandardMaterial>, geometries: Map<PathMarkerKind, BufferGeometry>): Group | null {
  const group = new Group();
  group.name = `restart ${restart}`;
  group.userData = { restart };
  const path = pathLine(content, restart);
  if (path) group.add(path);
  const markers = content.paths.markers;
  const color = new Color();
  for (const kind of KINDS) {
    if (!markers.shown(kind, slot)) continue;
    const source = markers.meshes[kind];
    let geometry = geometries.get(kind);
    if (!geometry) geometries.set(kind, (geometry = source.geometry.clone()));
    source.getColorAt(slot, color);
    const key = color.getHexString();
    let material = materials.get(key);
    if (!material) materials.set(key, (material = new MeshStandardMaterial({ color, roughness: 1, metalness: 0 })));
    const mesh = new Mesh(geometry, material);
    mesh.name = `restart ${restart} ${kind}`;
    source.getMatrixAt(slot, instance);
    place(mesh, matrix.multiplyMatrices(source.matrixWorld, instance));
    group.add(mesh);
  }
  return group.children.length > 0 ? group : null;
}

// The fat line's shown points (0 .. segments) as a plain line strip.
function pathLine({ paths }: ViewContent, restart: number): Line | null {
  const source = paths.line(restart);
  if (!source || !source.visible) return null;
  const segments = source.segments;
  if (segments < 1) return null;
  const points = new Float32Array(3 * (segments + 1));
  const colors = new Float32Array(3 * (segments + 1));
  for (let k = 0; k <= segments; k++) {
    points.set(source.pointAt(k), 3 * k);
    colors.set(source.colorAt(k), 3 * k);
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(points, 3));
  geometry.setAttribute('color', new BufferAttribute(colors, 3));
  // glTF has no line material: an unlit one with the vertex colours is what readers draw lines with.
  const m = source.material;
  const line = new Line(geometry, new MeshBasicMaterial({ vertexColors: true, transparent: m.transparent, opacity: m.opacity }));
  line.name = `restart ${restart} path`;
  place(line, source.matrixWorld);
  return line;
}

// Known minima ("minimum 0", …); hidden ones (no finite height) are left out.
function minimaGroup({ minima }: ViewContent): Group | null {
  const source = minima.object;
  const group = new Group();
  group.name = 'minima';
  let material: MeshStandardMaterial | null = null;
  let geometry: BufferGeometry | null = null;
  for (let i = 0; i < source.count; i++) {
    source.getMatrixAt(i, instance);
    if (instance.elements[0] === 0) continue;
    material ??= new MeshStandardMaterial({ color: source.material.color, roughness: 1, metalness: 0 });
    geometry ??= source.geometry.clone();
    const mesh = new Mesh(geometry, material);
    mesh.name = `minimum ${i}`;
    place(mesh, matrix.multiplyMatrices(source.matrixWorld, instance));
    group.add(mesh);
  }
  return group.children.length > 0 ? group : null;
}

/** Sets `object`'s position, rotation and scale from a world matrix (its parent in the export sits at the origin). */
function place(object: Object3D, world: Matrix4): void {
  world.decompose(object.position, object.quaternion, object.scale);
}
