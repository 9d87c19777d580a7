import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { BOX_HEIGHT, makeFrame, sceneX, sceneY, sceneZ } from '../../../renderer/scene/frame';
import { PATH_LIFT, Paths } from '../../../renderer/scene/paths';
import { pickRestart } from '../../../renderer/scene/picking';
import { linspace, path } from './helpers';

const FRAME = makeFrame([-1, 1], [-1, 1], { min: 0, max: 2, log: false });

function camera(): PerspectiveCamera {
  const c = new PerspectiveCamera(45, 800 / 600, 0.01, 100);
  c.position.set(0, 1.2, 1.4);
  c.lookAt(0, 0.3, 0);
  c.updateMatrixWorld();
  return c;
}

/** Three straight paths along x at y = −0.5, 0, 0.5 (restarts 0, 1, 2) with constant loss 1, plus restart 3 along y at x = 0.6, higher up. */
function layout(): Paths {
  const xs = Array.from(linspace(-1, 1, 5));
  const along = [0, 1, 2].map((r) => path(r, xs, xs.map(() => (r - 1) / 2), xs.map(() => 1)));
  const across = path(3, xs.map(() => 0.6), xs, xs.map(() => 1.8));
  const paths = new Paths([...along, across], FRAME, { lineScale: 1, theme: 'light' });
  paths.setResolution(800, 600);
  return paths;
}

/** Normalized device coordinates of landscape point (x, y, loss) on a path (raised by PATH_LIFT). */
function ndc(cam: PerspectiveCamera, x: number, y: number, loss: number): [number, number] {
  const v = new Vector3(sceneX(FRAME, x), sceneY(FRAME, loss) + PATH_LIFT, sceneZ(FRAME, y)).project(cam);
  return [v.x, v.y];
}

describe('pickRestart', () => {
  it('finds the path under the pointer', () => {
    const cam = camera();
    const paths = layout();
    for (const r of [0, 1, 2]) expect(pickRestart(...ndc(cam, 0.2, (r - 1) / 2, 1), cam, paths.lines)).toBe(r);
    expect(pickRestart(...ndc(cam, 0.6, -0.8, 1.8), cam, paths.lines)).toBe(3);
  });

  it('finds nothing between paths or off them', () => {
    const cam = camera();
    const paths = layout();
    expect(pickRestart(...ndc(cam, 0.2, 0.25, 1), cam, paths.lines)).toBeNull();
    expect(pickRestart(0.95, 0.95, cam, paths.lines)).toBeNull();
  });

  it('picks only the part of a path that playback shows', () => {
    const cam = camera();
    const paths = layout();
    const nearEnd = ndc(cam, 0.8, 0, 1);
    expect(pickRestart(...nearEnd, cam, paths.lines)).toBe(1);
    paths.setStep(1);
    expect(pickRestart(...nearEnd, cam, paths.lines)).toBeNull();
    expect(pickRestart(...ndc(cam, -0.8, 0, 1), cam, paths.lines)).toBe(1);
    paths.setStep(0);
    expect(pickRestart(...ndc(cam, -1, 0, 1), cam, paths.lines)).toBeNull();
  });

  it('where paths overlap on screen, takes the nearer one unless the highlighted one is there too', () => {
    const cam = camera();
    // Restart 4 crosses the camera ray through restart 1's point (0.6, 0) a third of the way to the camera.
    const p = new Vector3(sceneX(FRAME, 0.6), sceneY(FRAME, 1) + PATH_LIFT, sceneZ(FRAME, 0));
    const q = p.clone().lerp(cam.position, 1 / 3);
    const qx = (q.x + 0.5) * 2 - 1;
    const qy = -2 * q.z;
    const qLoss = ((q.y - PATH_LIFT) / BOX_HEIGHT) * 2;
    const paths = new Paths([...Array.from({ length: 3 }, (_, r) => path(r, [-1, 1], [(r - 1) / 2, (r - 1) / 2], [1, 1])), path(4, [qx - 0.2, qx + 0.2], [qy, qy], [qLoss, qLoss])], FRAME, { lineScale: 1, theme: 'light' });
    paths.setResolution(800, 600);
    const crossing = ndc(cam, 0.6, 0, 1);
    expect(pickRestart(...crossing, cam, paths.lines)).toBe(4);
    expect(pickRestart(...crossing, cam, paths.lines, 1)).toBe(1);
    expect(pickRestart(...crossing, cam, paths.lines, 0)).toBe(4);
  });
});
