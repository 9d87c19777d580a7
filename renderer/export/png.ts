// The current view as a PNG image at a chosen size (up to 4K), drawn by a temporary WebGL renderer
// of its own so the on-screen canvas keeps its size, then read back, flipped and encoded here.
import { WebGLRenderer } from 'three';
import type { LandscapeView, RendererLike } from '../scene/view';
import { encodePng } from './png-encode';

export { encodePng, readPngSize } from './png-encode';

/** The largest image: 3840 × 2160 (4K UHD). */
export const MAX_IMAGE_WIDTH = 3840;
export const MAX_IMAGE_HEIGHT = 2160;

/** The resolutions the export dialog offers. */
export const IMAGE_PRESETS: readonly { label: string; width: number; height: number }[] = [
  { label: '1280 × 720 (HD)', width: 1280, height: 720 },
  { label: '1920 × 1080 (Full HD)', width: 1920, height: 1080 },
  { label: '2560 × 1440 (QHD)', width: 2560, height: 1440 },
  { label: '3840 × 2160 (4K)', width: 3840, height: 2160 },
];

/** A renderer that can also hand back what it drew: RGBA bytes, rows bottom-up as WebGL reads them. */
export interface ExportRenderer extends RendererLike {
  readPixels(width: number, height: number, out: Uint8Array): void;
}

/** What exportPng can be given instead of the browser's: the renderer, and how much wider to draw lines. */
export interface PngDeps {
  /** Makes the renderer (default: a WebGLRenderer on a canvas of its own); exportPng disposes it. */
  createRenderer?: () => ExportRenderer;
  /** Fat-line width factor (default: as wide, relative to the image height, as on screen). */
  lineScale?: number;
}

/** Throws, naming the limit, unless width × height is whole pixels from 1 × 1 up to 3840 × 2160. */
export function checkImageSize(width: number, height: number): void {
  const ok = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
  if (!ok(width, MAX_IMAGE_WIDTH) || !ok(height, MAX_IMAGE_HEIGHT))
    throw new Error(`the image size must be whole pixels from 1 × 1 up to ${MAX_IMAGE_WIDTH} × ${MAX_IMAGE_HEIGHT}, got ${width} × ${height}`);
}

/** Reverses the order of the rows of a width × height RGBA image in place (WebGL reads bottom-up, PNG is top-down); returns `pixels`. */
export function flipRows(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const stride = 4 * width;
  if (pixels.length !== stride * height) throw new Error(`flipRows: ${pixels.length} bytes are not ${width} × ${height} RGBA pixels`);
  const row = new Uint8Array(stride);
  for (let top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
    const a = top * stride;
    const b = bottom * stride;
    row.set(pixels.subarray(a, a + stride));
    pixels.copyWithin(a, b, b + stride);
    pixels.set(row, b);
  }
  return pixels;
}

/** Draws the view's current picture at width × height pixels into a PNG Blob; the on-screen canvas is untouched. */
export async function exportPng(view: LandscapeView, width: number, height: number, deps: PngDeps = {}): Promise<Blob> {
  checkImageSize(width, height);
  const renderer = (deps.createRenderer ?? webglExportRenderer)();
  const pixels = new Uint8Array(4 * width * height);
  try {
    view.renderAt(renderer, width, height, deps.lineScale);
    renderer.readPixels(width, height, pixels);
  } finally {
    renderer.dispose();
  }
  const png = await encodePng(flipRows(pixels, width, height), width, height);
  return new Blob([png], { type: 'image/png' });
}

/** A WebGLRenderer on a detached canvas that reads back its drawing buffer; disposing it releases its context. */
export function webglExportRenderer(): ExportRenderer {
  const canvas = document.createElement('canvas');
  const renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  return {
    setPixelRatio: (ratio) => renderer.setPixelRatio(ratio),
    setSize: (w, h, updateStyle) => renderer.setSize(w, h, updateStyle),
    setClearColor: (color, alpha) => renderer.setClearColor(color, alpha),
    render: (scene, camera) => renderer.render(scene, camera),
    readPixels(w, h, out) {
      const gl = renderer.getContext();
      // Browsers may quietly give a smaller drawing buffer than asked for when memory is short.
      if (gl.drawingBufferWidth !== w || gl.drawingBufferHeight !== h)
        throw new Error(`the graphics driver drew ${gl.drawingBufferWidth} × ${gl.drawingBufferHeight} pixels instead of ${w} × ${h}: choose a smaller resolution`);
      gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, out);
    },
    dispose() {
      renderer.dispose();
      renderer.forceContextLoss();
    },
  };
}
