// Which restart's path is under the pointer: every drawn segment of every visible line is projected
// to the screen, and the pointer hits a segment within its drawn half-width plus some slack. Of the
// lines hit, the one passing closest to the pointer wins; where they pass equally close (within a
// pixel: lines crossing there), the one nearer the camera.
import { Vector3, type Camera } from 'three';
import type { PathLine } from './path-line';

/** How far beyond a line's drawn half-width (in pixels) a pointer still picks it. */
export const PICK_SLACK_PX = 2;

/** Lines passing within this many pixels of each other at the pointer count as equally close. */
const TIE_PX = 1;

const a = new Vector3();
const b = new Vector3();

/**
 * The restart (lines' userData.restart) of the nearest visible line under normalized device
 * coordinates (ndcX, ndcY) ∈ [-1, 1]² seen through `camera`, or null. Lines need their material's
 * resolution set to the canvas size. A `preferred` restart (the highlighted one, drawn on top) wins
 * whenever its line is under the pointer at all. Updates the camera's and lines' world matrices.
 */
export function pickRestart(ndcX: number, ndcY: number, camera: Camera, lines: readonly PathLine[], preferred: number | null = null, slackPx = PICK_SLACK_PX): number | null {
  camera.updateMatrixWorld();
  let best: { restart: number; distance: number; depth: number } | null = null;
  for (const line of lines) {
    if (!line.visible || line.segments < 1) continue;
    const restart = line.userData.restart;
    if (typeof restart !== 'number') continue;
    line.updateWorldMatrix(true, false);
    const { x: w, y: h } = line.material.resolution;
    const px = ((ndcX + 1) / 2) * w;
    const py = ((ndcY + 1) / 2) * h;
    const reach = line.material.linewidth / 2 + slackPx;
    const hit = nearestHit(line, camera, w, h, px, py, reach);
    if (hit === null) continue;
    if (restart === preferred) return restart;
    const closer = best === null || hit.distance < best.distance - TIE_PX || (hit.distance <= best.distance + TIE_PX && hit.depth < best.depth);
    if (closer) best = { restart, ...hit };
  }
  return best?.restart ?? null;
}

/** How close (pixels) `line` passes to (px, py) if within `reach`, and its depth (NDC z) there; null if it does not pass within reach. */
function nearestHit(line: PathLine, camera: Camera, w: number, h: number, px: number, py: number, reach: number): { distance: number; depth: number } | null {
  let found: { distance: number; depth: number } | null = null;
  const project = (k: number, v: Vector3) => v.set(...line.pointAt(k)).applyMatrix4(line.matrixWorld).project(camera);
  project(0, a);
  for (let s = 0; s < line.segments; s++) {
    project(s + 1, b);
    // Both ends in front of the camera (NDC z within the clip range).
    if (Math.abs(a.z) <= 1 && Math.abs(b.z) <= 1) {
      const ax = ((a.x + 1) / 2) * w;
      const ay = ((a.y + 1) / 2) * h;
      const dx = ((b.x + 1) / 2) * w - ax;
      const dy = ((b.y + 1) / 2) * h - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
      const ex = ax + t * dx - px;
      const ey = ay + t * dy - py;
      const distance = Math.hypot(ex, ey);
      if (distance <= reach) {
        const depth = a.z + t * (b.z - a.z);
        const closer = found === null || distance < found.distance - TIE_PX || (distance <= found.distance + TIE_PX && depth < found.depth);
        if (closer) found = { distance, depth };
      }
    }
    a.copy(b);
  }
  return found;
}
