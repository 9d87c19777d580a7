// Which restart's path is under the pointer: a ray from the camera through the pointer against the
// fat lines (LineSegments2 raycasts in screen space, using each material's resolution).
import { Raycaster, Vector2, type Camera } from 'three';
import type { Line2 } from 'three/examples/jsm/lines/Line2.js';

/** How far beyond a line's drawn half-width (in pixels) a pointer still picks it. */
export const PICK_SLACK_PX = 4;

const raycaster = new Raycaster();
const pointer = new Vector2();

/**
 * The restart (lines' userData.restart) of the nearest visible line under normalized device
 * coordinates (ndcX, ndcY) ∈ [-1, 1]² seen through `camera`, or null. Lines need their material's
 * resolution set to the canvas size. A `preferred` restart (the highlighted one, drawn on top) wins
 * whenever its line is under the pointer at all. Updates the camera's and lines' world matrices.
 */
export function pickRestart(ndcX: number, ndcY: number, camera: Camera, lines: readonly Line2[], preferred: number | null = null, slackPx = PICK_SLACK_PX): number | null {
  camera.updateMatrixWorld();
  const visible = lines.filter((l) => l.visible && l.geometry.instanceCount > 0);
  for (const l of visible) l.updateWorldMatrix(true, false);
  raycaster.setFromCamera(pointer.set(ndcX, ndcY), camera);
  raycaster.params.Line2 = { threshold: slackPx };
  const hits = raycaster.intersectObjects(visible, false);
  const hit = hits.find((h) => h.object.userData.restart === preferred) ?? hits[0];
  const restart = hit?.object.userData.restart;
  return typeof restart === 'number' ? restart : null;
}
