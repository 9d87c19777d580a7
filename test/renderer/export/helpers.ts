// A LandscapeView on a fake renderer (jsdom has no WebGL) showing a small landscape with two paths.
import { vi } from 'vitest';
import { LandscapeView, type RendererLike } from '../../../renderer/scene/view';
import { landscape, path, result } from '../scene/helpers';

/** A renderer that records its calls. */
export function fakeRenderer() {
  return { setPixelRatio: vi.fn(), setSize: vi.fn(), setClearColor: vi.fn(), render: vi.fn(), dispose: vi.fn() } satisfies RendererLike;
}

/** A view of a 4 × 3 landscape over [-1, 1]² with restarts 0 and 3 (3 diverges at its end) and one known minimum, sized 800 × 400. */
export function smallView() {
  const canvas = document.createElement('canvas');
  const renderer = fakeRenderer();
  const view = new LandscapeView(canvas, { createRenderer: () => renderer, requestFrame: () => 0, cancelFrame: () => {}, schedule: (work) => work(), pixelRatio: 1 });
  const paths = [path(0, [-1, 0, 1], [-1, 0, 1], [4, 2, 0]), path(3, [1, 0.5, 0, -0.5], [-1, -0.5, 0, 0.5], [4, 6, 8, Infinity])];
  view.setLandscape(landscape(4, 3, (x, y) => x * x + y * y, paths, { minima: [{ position: [0, 0], value: 0 }] }));
  view.setResults([result(0, [0, 1, 2]), result(3, [0, 1, 2, 3], { status: 'diverged' })], 0);
  view.resize(800, 400);
  return { view, renderer, canvas };
}
