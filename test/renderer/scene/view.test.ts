import { Color, Vector3, type InstancedMesh, type LineSegments, type Mesh } from 'three';
import type { FatLine } from '../../../renderer/scene/fat-line';
import { describe, expect, it, vi } from 'vitest';
import { sceneX, sceneY, sceneZ, type Frame } from '../../../renderer/scene/frame';
import { PATH_LIFT } from '../../../renderer/scene/paths';
import { THEMES } from '../../../renderer/scene/theme';
import { LandscapeView, WORK_SLICE_MS, type RendererLike, type ViewDeps, type ViewOptions } from '../../../renderer/scene/view';
import { landscape, path, resources, result, watchDisposal } from './helpers';

/** A view on a fake renderer and frame scheduler; path work runs at once unless `schedule` is given. */
function setup(options: Partial<ViewOptions> = {}, schedule: ViewDeps['schedule'] = (work) => work(), now?: () => number) {
  const canvas = document.createElement('canvas');
  const renderer = { setPixelRatio: vi.fn(), setSize: vi.fn(), setClearColor: vi.fn(), render: vi.fn(), dispose: vi.fn() } satisfies RendererLike;
  const frames = new Map<number, () => void>();
  let next = 1;
  const requestFrame = (cb: () => void) => {
    frames.set(next, cb);
    return next++;
  };
  const cancelFrame = vi.fn((id: number) => void frames.delete(id));
  const view = new LandscapeView(canvas, { createRenderer: () => renderer, requestFrame, cancelFrame, schedule, now, pixelRatio: 2 }, options);
  const flush = () => {
    const pending = [...frames.values()];
    frames.clear();
    pending.forEach((f) => f());
  };
  return { canvas, renderer, view, frames, flush, cancelFrame };
}

const byName = <T,>(view: LandscapeView, name: string) => view.scene.getObjectByName(name) as T | undefined;
const lines = (view: LandscapeView) => {
  const out: FatLine[] = [];
  view.scene.traverse((o) => o.name.startsWith('path:') && out.push(o as FatLine));
  return out;
};

// Two paths over a 3 × 3 landscape whose rows arrive later; restart 1 diverges at its end.
const PATHS = [path(0, [-1, 0, 1], [-1, 0, 1], [4, 2, 0]), path(1, [1, 0.5, 0], [-1, -0.5, 0], [4, 6, Infinity])];
const pending = () => landscape(3, 3, () => NaN, PATHS, { minima: [{ position: [0, 0], value: 0 }] });

describe('LandscapeView rendering', () => {
  it('renders on demand: one frame per burst of changes, and no loop', () => {
    const { view, renderer, frames, flush } = setup();
    flush();
    renderer.render.mockClear();
    view.invalidate();
    view.invalidate();
    view.setStep(3);
    expect(frames.size).toBe(1);
    flush();
    expect(renderer.render).toHaveBeenCalledOnce();
    expect(renderer.render).toHaveBeenCalledWith(view.scene, view.cameras.perspective);
    expect(frames.size).toBe(0);
  });

  it('draws no frame for new results while no paths are drawn, and one when they are', () => {
    const { view, frames, flush } = setup();
    flush();
    view.setResults([result(0, [0, 1, 2])]);
    expect(frames.size).toBe(0);
    view.setLandscape(pending());
    flush();
    view.setResults([result(1, [0, 1, 2], { status: 'diverged' })]);
    expect(frames.size).toBe(1);
  });

  it('renders through the orthographic camera in the top-down view', () => {
    const { view, renderer, flush } = setup({ topDown: true });
    flush();
    expect(renderer.render).toHaveBeenLastCalledWith(view.scene, view.cameras.orthographic);
    view.setOptions({ topDown: false });
    flush();
    expect(renderer.render).toHaveBeenLastCalledWith(view.scene, view.cameras.perspective);
  });

  it('sizes the renderer, cameras and lines to the canvas, ignoring empty sizes', () => {
    const { view, renderer } = setup();
    expect(renderer.setPixelRatio).toHaveBeenCalledWith(2);
    view.setLandscape(pending());
    view.resize(800, 400);
    expect(renderer.setSize).toHaveBeenLastCalledWith(800, 400, false);
    expect(view.cameras.perspective.aspect).toBe(2);
    expect(lines(view).every((l) => l.material.resolution.x === 800 && l.material.resolution.y === 400)).toBe(true);
    renderer.setSize.mockClear();
    view.resize(0, 400);
    expect(renderer.setSize).not.toHaveBeenCalled();
  });
});

describe('LandscapeView content', () => {
  it('draws the surface, one line per path and the minima', () => {
    const { view } = setup();
    view.setLandscape(pending());
    expect(byName<Mesh>(view, 'surface')).toBeDefined();
    expect(lines(view).map((l) => l.userData.restart)).toEqual([0, 1]);
    expect(byName(view, 'minima')).toBeDefined();
    view.setLandscape(null);
    expect(byName(view, 'surface')).toBeUndefined();
    expect(lines(view)).toEqual([]);
  });

  it('fills rows as they arrive and keeps the paths on the rescaled surface', () => {
    const { view } = setup();
    view.setLandscape(pending());
    const surface = byName<Mesh>(view, 'surface')!;
    expect(surface.geometry.drawRange.count).toBe(0);
    view.addRows(0, [4, 3, 2, 3, 2, 1]);
    expect(surface.geometry.drawRange.count).toBe(12);
    view.addRows(2, [2, 1, 0]);
    expect(surface.geometry.drawRange.count).toBe(24);
    // Path 0 passes over grid points (0,0), (1,1), (2,2) with losses 4, 2, 0: exactly the surface's vertices 0, 4, 8.
    const line = lines(view).find((l) => l.userData.restart === 0)!;
    const pos = surface.geometry.getAttribute('position');
    expect(line.pointAt(0)[1]).toBeCloseTo(pos.getY(0), 6);
    expect(line.pointAt(1)[1]).toBeCloseTo(pos.getY(4), 6);
    expect(line.pointAt(2)[1]).toBeCloseTo(pos.getY(8), 6);
  });

  it('refuses rows without a landscape', () => {
    expect(() => setup().view.addRows(0, [1, 2, 3])).toThrow('addRows: no landscape is set');
  });

  it('shows outcomes from results given before or after the landscape', () => {
    const { view } = setup();
    view.setResults([result(1, [0, 1, 2], { status: 'diverged' }), result(0, [0, 10, 20], { stalledAt: 10 })]);
    view.setLandscape(pending());
    // Element 0 of an instance's matrix is its scale: 0 for a hidden marker.
    const scaleOf = (name: string, slot: number) => byName<InstancedMesh>(view, name)!.instanceMatrix.array[16 * slot];
    expect(scaleOf('marker:diverged', 1)).toBeGreaterThan(0);
    expect(scaleOf('marker:stalled', 0)).toBeGreaterThan(0);
    view.setResults([]);
    expect(scaleOf('marker:diverged', 1)).toBe(0);
    expect(scaleOf('marker:stalled', 0)).toBe(0);
  });

  it('carries playback and highlight over to a new landscape', () => {
    const { view } = setup();
    view.setStep(1);
    view.highlight(1);
    view.setLandscape(pending());
    const [l0, l1] = lines(view);
    expect(l0!.segments).toBe(1);
    expect(l1!.material.depthTest).toBe(false);
    expect(l0!.material.opacity).toBeLessThan(1);
  });
});

describe('LandscapeView path work in later tasks', () => {
  // A task queue run by hand, and a clock that passes a whole slice at every look: one path per task.
  function deferred() {
    const tasks: (() => void)[] = [];
    let t = 0;
    const s = setup({}, (work) => void tasks.push(work), () => (t += WORK_SLICE_MS));
    const runTask = () => tasks.shift()!();
    return { ...s, tasks, runTask };
  }
  const data = () => landscape(3, 3, (x, y) => x + y + 2, PATHS, { minima: [{ position: [0, 0], value: 0 }] });

  it('shows the surface at once and builds the paths over later tasks, adding them to the scene when complete', () => {
    const { view, renderer, tasks, runTask, frames, flush } = deferred();
    flush();
    renderer.render.mockClear();
    view.setLandscape(data());
    expect(byName(view, 'surface')).toBeDefined();
    expect(byName(view, 'minima')).toBeDefined();
    expect(byName(view, 'paths')).toBeUndefined();
    // The surface is drawn meanwhile; the canvas says it is busy until the paths are there.
    flush();
    expect(renderer.render).toHaveBeenCalledOnce();
    expect(view.canvas.getAttribute('aria-busy')).toBe('true');
    // Making the paths, each of the two paths, then the markers and looks: a task each, then one frame.
    for (let k = 0; k < 3; k++) {
      runTask();
      expect(byName(view, 'paths')).toBeUndefined();
      expect(tasks).toHaveLength(1);
      expect(frames.size).toBe(0);
      expect(view.canvas.getAttribute('aria-busy')).toBe('true');
    }
    runTask();
    expect(tasks).toHaveLength(0);
    expect(view.canvas.hasAttribute('aria-busy')).toBe(false);
    expect(lines(view).map((l) => l.userData.restart)).toEqual([0, 1]);
    expect(byName<InstancedMesh>(view, 'marker:start')!.instanceMatrix.array[0]).toBeGreaterThan(0);
    expect(frames.size).toBe(1);
    flush();
    expect(renderer.render).toHaveBeenCalledTimes(2);
  });

  it('gives paths built later the playback, highlight, outcomes and size set meanwhile', () => {
    const { view, tasks, runTask } = deferred();
    view.setLandscape(data());
    view.setStep(1);
    view.highlight(1);
    view.setResults([result(1, [0, 1, 2], { status: 'diverged' })]);
    view.resize(640, 480);
    while (tasks.length > 0) runTask();
    const [l0, l1] = lines(view);
    expect(l0!.segments).toBe(1);
    expect(l1!.material.depthTest).toBe(false);
    expect(l0!.material.opacity).toBeLessThan(1);
    expect(l0!.material.resolution.toArray()).toEqual([640, 480]);
    // Playback at record 1 has not reached restart 1's end, where it diverged.
    expect(view.content!.paths.markers.shown('diverged', 1)).toBe(false);
    view.setStep(null);
    expect(view.content!.paths.markers.shown('diverged', 1)).toBe(true);
  });

  it('moves the paths to a rescaled surface over later tasks and holds frames until they are there', () => {
    const { view, renderer, tasks, runTask, flush } = deferred();
    view.setLandscape(pending());
    while (tasks.length > 0) runTask();
    flush();
    renderer.render.mockClear();
    view.addRows(0, [4, 3, 2, 3, 2, 1, 2, 1, 0]);
    const surface = byName<Mesh>(view, 'surface')!;
    const line = lines(view).find((l) => l.userData.restart === 0)!;
    const pos = surface.geometry.getAttribute('position');
    // Loss 4 was two thirds of the paths' range (0 to 6) and is now the top of the grid's (0 to 4).
    expect(line.pointAt(0)[1]).not.toBeCloseTo(pos.getY(0), 6);
    flush();
    expect(renderer.render).not.toHaveBeenCalled();
    expect(tasks).toHaveLength(1);
    while (tasks.length > 0) runTask();
    expect(line.pointAt(0)[1]).toBeCloseTo(pos.getY(0), 6);
    expect(line.pointAt(2)[1]).toBeCloseTo(pos.getY(8), 6);
    flush();
    expect(renderer.render).toHaveBeenCalledOnce();
  });

  it('finishes the work at once for a caller that reads or renders the view', () => {
    const { view, renderer, tasks } = deferred();
    view.setLandscape(data());
    expect(view.content!.paths.markers.shown('start', 1)).toBe(true);
    view.setLandscape(data());
    view.render();
    expect(renderer.render).toHaveBeenLastCalledWith(view.scene, view.cameras.perspective);
    expect(lines(view)).toHaveLength(2);
    // The tasks left find nothing to do.
    while (tasks.length > 0) tasks.shift()!();
    expect(lines(view)).toHaveLength(2);
  });
});

describe('LandscapeView.pick', () => {
  it('names the restart under a client point, relative to the canvas', () => {
    const { view, canvas } = setup();
    vi.spyOn(canvas, 'getBoundingClientRect').mockReturnValue({ left: 10, top: 20, width: 800, height: 600, right: 810, bottom: 620, x: 10, y: 20, toJSON: () => ({}) });
    expect(view.pick(300, 300)).toBeNull();
    view.setLandscape(landscape(3, 3, (x, y) => x + y + 2, PATHS));
    view.resize(800, 600);
    const cam = view.cameras.camera;
    cam.updateMatrixWorld();
    const toClient = (p: Vector3) => {
      p.project(cam);
      return [10 + ((p.x + 1) / 2) * 800, 20 + ((1 - p.y) / 2) * 600] as const;
    };
    // Half way along each path's first segment, as drawn.
    const middle = (restart: number) => {
      const line = lines(view).find((l) => l.userData.restart === restart)!;
      const [a, b] = [new Vector3(...line.pointAt(0)), new Vector3(...line.pointAt(1))];
      return toClient(a.lerp(b, 0.5).setY(a.y + PATH_LIFT));
    };
    expect(view.pick(...middle(0))).toBe(0);
    expect(view.pick(...middle(1))).toBe(1);
    const frame: Frame = { xMin: -1, xSpan: 2, yMin: -1, ySpan: 2, extent: 2, height: { min: 0, max: 4, log: false } };
    const client = (x: number, y: number, loss: number) => toClient(new Vector3(sceneX(frame, x), sceneY(frame, loss), sceneZ(frame, y)));
    expect(view.pick(...client(-1, 1, 2))).toBeNull();
  });
});

describe('LandscapeView options', () => {
  it('applies the theme to the background, contours and minima', () => {
    const { view, renderer } = setup();
    view.setLandscape(landscape(3, 3, (x, y) => x * y, [], { minima: [{ position: [0, 0], value: 0 }] }));
    view.setOptions({ theme: 'dark', contours: true, contourLevels: 5 });
    const clear = renderer.setClearColor.mock.lastCall![0] as Color;
    expect(clear.getHex()).toBe(THEMES.dark.background);
    expect((view.scene.background as Color).getHex()).toBe(THEMES.dark.background);
    const contours = byName<LineSegments>(view, 'contours')!;
    expect(contours.visible).toBe(true);
    expect((contours.material as { color: Color }).color.getHex()).toBe(THEMES.dark.contour);
    expect((byName<Mesh>(view, 'minima')!.material as { color: Color }).color.getHex()).toBe(THEMES.dark.foreground);
    view.setOptions({ contours: false, wireframe: true });
    expect(contours.visible).toBe(false);
    expect((byName<Mesh>(view, 'surface')!.material as { wireframe: boolean }).wireframe).toBe(true);
  });

  it('log height rescales surface and paths together', () => {
    const { view } = setup();
    view.setLandscape(landscape(3, 3, (x, y) => x + y + 2, PATHS));
    const pathY = () => lines(view)[0]!.pointAt(1)[1];
    const linear = pathY();
    view.setOptions({ logHeight: true });
    expect(pathY()).toBeGreaterThan(linear);
    expect(view.getOptions().logHeight).toBe(true);
  });

  it('rejects a bad line scale or contour count and keeps the old options', () => {
    const { view } = setup();
    expect(() => view.setOptions({ lineScale: 0 })).toThrow('lineScale must be a positive number, got 0');
    expect(() => view.setOptions({ contourLevels: 2.5 })).toThrow('contourLevels must be an integer from 1 to 100, got 2.5');
    expect(() => view.setOptions({ theme: 'system' as never })).toThrow('theme must be light or dark, got system');
    expect(() => view.setStep(-2)).toThrow('setStep: the record must be a non-negative integer or null, got -2');
    expect(view.getOptions().lineScale).toBe(1);
  });
});

describe('LandscapeView.dispose', () => {
  it('disposes every geometry and material, the controls and the renderer, and stops rendering', () => {
    const { view, renderer, frames, cancelFrame } = setup({ contours: true });
    view.setLandscape(pending());
    view.addRows(0, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const all = resources(view.scene);
    // Surface mesh + contours (2 each), 2 lines (2 each), 4 marker shapes + their 2 materials (all paths', the highlighted one's), minima (2).
    expect(all.size).toBe(16);
    const disposed = watchDisposal(all);
    const controls = vi.spyOn(view.cameras.controls, 'dispose');
    view.invalidate();
    expect(frames.size).toBe(1);
    view.dispose();
    expect(disposed).toEqual(all);
    expect(controls).toHaveBeenCalledOnce();
    expect(renderer.dispose).toHaveBeenCalledOnce();
    expect(cancelFrame).toHaveBeenCalled();
    view.invalidate();
    expect(frames.size).toBe(0);
    expect(view.scene.children).toEqual([]);
  });

  it('disposes a replaced landscape\'s objects', () => {
    const { view } = setup();
    view.setLandscape(pending());
    const first = resources(view.scene);
    const disposed = watchDisposal(first);
    view.setLandscape(landscape(4, 2, () => 1));
    expect(disposed).toEqual(first);
  });
});
