// The PNG export: size limits, the row flip, the encoder read back, and drawing the view at another size.
import type { Camera, Object3D } from 'three';
import type { FatLine } from '../../../renderer/scene/fat-line';
import { describe, expect, it, vi } from 'vitest';
import { blobBytes } from '../../../renderer/export/blob-bytes';
import { checkImageSize, encodePng, exportPng, flipRows, readPngSize, type ExportRenderer } from '../../../renderer/export/png';
import { fakeRenderer, smallView } from './helpers';

/** Decodes an 8-bit RGB/RGBA PNG written with filter types 0 or 1 (what encodePng writes) back to RGBA rows, top-down. */
async function decodePng(bytes: Uint8Array): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const { width, height } = readPngSize(bytes);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels = bytes[25] === 6 ? 4 : 3;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = v.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IDAT') idat.push(bytes.slice(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  void Promise.all(idat.map((c) => writer.write(c))).then(() => writer.close());
  const parts: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  const raw = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (raw.set(p, at), at + p.length), 0);
  const stride = 1 + channels * width;
  expect(raw.length).toBe(stride * height);
  const rgba = new Uint8Array(4 * width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * stride]!;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        if (c === 3 && channels === 3) {
          rgba[4 * (y * width + x) + 3] = 255;
          continue;
        }
        const left = filter === 1 && x > 0 ? rgba[4 * (y * width + x - 1) + c]! : 0;
        rgba[4 * (y * width + x) + c] = (raw[y * stride + 1 + channels * x + c]! + left) & 255;
      }
    }
  }
  return { width, height, rgba };
}

/** A w × h test image: red = column, green = row, blue = 7, alpha as given. */
function pattern(w: number, h: number, alpha = 255): Uint8Array {
  const p = new Uint8Array(4 * w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) p.set([x * 10, y * 20, 7, alpha], 4 * (y * w + x));
  return p;
}

describe('checkImageSize', () => {
  it('accepts whole sizes up to 3840 × 2160', () => {
    expect(() => checkImageSize(3840, 2160)).not.toThrow();
    expect(() => checkImageSize(1, 1)).not.toThrow();
    expect(() => checkImageSize(1000, 1000)).not.toThrow();
  });

  it.each([
    [3841, 2160],
    [3840, 2161],
    [0, 100],
    [1920.5, 1080],
    [NaN, 1080],
  ])('refuses %s × %s, naming the limit', (w, h) => {
    expect(() => checkImageSize(w, h)).toThrow(`the image size must be whole pixels from 1 × 1 up to 3840 × 2160, got ${w} × ${h}`);
  });
});

describe('flipRows', () => {
  it('turns bottom-up rows top-down, in place (odd and even heights)', () => {
    const three = Uint8Array.from({ length: 2 * 4 * 3 }, (_, i) => Math.floor(i / 8));
    expect(Array.from(flipRows(three, 2, 3))).toEqual([...Array(8).fill(2), ...Array(8).fill(1), ...Array(8).fill(0)]);
    const two = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(flipRows(two, 1, 2)).toBe(two);
    expect(Array.from(two)).toEqual([5, 6, 7, 8, 1, 2, 3, 4]);
  });

  it('refuses a buffer of the wrong length', () => {
    expect(() => flipRows(new Uint8Array(10), 2, 2)).toThrow('flipRows: 10 bytes are not 2 × 2 RGBA pixels');
  });
});

describe('encodePng', () => {
  it('writes an RGB PNG of an opaque image that decodes to the same pixels', async () => {
    const bytes = await encodePng(pattern(5, 3), 5, 3);
    expect(readPngSize(bytes)).toEqual({ width: 5, height: 3 });
    expect(bytes[25]).toBe(2);
    const back = await decodePng(bytes);
    expect(Array.from(back.rgba)).toEqual(Array.from(pattern(5, 3)));
  });

  it('keeps alpha when a pixel is not opaque', async () => {
    const bytes = await encodePng(pattern(4, 2, 128), 4, 2);
    expect(bytes[25]).toBe(6);
    expect(Array.from((await decodePng(bytes)).rgba)).toEqual(Array.from(pattern(4, 2, 128)));
  });

  it('refuses a buffer that is not the size given', async () => {
    await expect(encodePng(new Uint8Array(12), 2, 2)).rejects.toThrow('encodePng: 12 bytes are not 2 × 2 RGBA pixels');
    expect(() => readPngSize(new Uint8Array(30))).toThrow('not a PNG image');
  });
});

/** A renderer whose drawing buffer is the test pattern, read back bottom-up as WebGL does; it notes what the view looked like while it drew. */
function exportRenderer(seen: { aspect?: number; resolution?: number[]; linewidth?: number }) {
  const base = fakeRenderer();
  let size = [0, 0];
  base.setSize.mockImplementation((w: number, h: number) => void (size = [w, h]));
  base.render.mockImplementation((scene: Object3D, camera: Camera) => {
    seen.aspect = (camera as { aspect?: number }).aspect;
    const line = scene.getObjectByName('path:0') as FatLine;
    seen.resolution = line.material.resolution.toArray();
    seen.linewidth = line.material.linewidth;
  });
  const readPixels = vi.fn((w: number, h: number, out: Uint8Array) => {
    expect([w, h]).toEqual(size);
    out.set(flipRows(pattern(w, h), w, h));
  });
  return Object.assign(base, { readPixels }) satisfies ExportRenderer;
}

describe('exportPng', () => {
  it('draws the view at the size asked for and encodes it top-down, leaving the on-screen camera and lines as they were', async () => {
    const { view } = smallView();
    const line = view.scene.getObjectByName('path:0') as FatLine;
    const width = line.material.linewidth;
    const seen: { aspect?: number; resolution?: number[]; linewidth?: number } = {};
    const renderer = exportRenderer(seen);
    const blob = await exportPng(view, 24, 12, { createRenderer: () => renderer });
    expect(blob.type).toBe('image/png');
    const back = await decodePng(await blobBytes(blob));
    expect([back.width, back.height]).toEqual([24, 12]);
    expect(Array.from(back.rgba)).toEqual(Array.from(pattern(24, 12)));
    expect(renderer.setPixelRatio).toHaveBeenLastCalledWith(1);
    expect(renderer.setSize).toHaveBeenLastCalledWith(24, 12, false);
    expect(renderer.render).toHaveBeenCalledWith(view.scene, view.cameras.camera);
    expect(renderer.dispose).toHaveBeenCalledOnce();
    // While drawing: the export's aspect and resolution, lines as wide relative to the height as on the 400-pixel-high screen.
    expect(seen).toEqual({ aspect: 2, resolution: [24, 12], linewidth: (width * 12) / 400 });
    expect(line.material.resolution.toArray()).toEqual([800, 400]);
    expect(line.material.linewidth).toBe(width);
    view.dispose();
  });

  it('writes a 1920 × 1080 PNG, keeping the on-screen aspect afterwards', async () => {
    const { view } = smallView();
    const seen: { aspect?: number } = {};
    const bytes = await blobBytes(await exportPng(view, 1920, 1080, { createRenderer: () => exportRenderer(seen), lineScale: 3 }));
    expect(readPngSize(bytes)).toEqual({ width: 1920, height: 1080 });
    expect(seen.aspect).toBeCloseTo(16 / 9, 12);
    expect(view.cameras.camera.aspect).toBe(2);
    view.dispose();
  });

  it('uses the top-down camera in the top-down view, with the frustum for the export', async () => {
    const { view } = smallView();
    view.setOptions({ topDown: true });
    const renderer = exportRenderer({});
    let frustum: number[] = [];
    renderer.render.mockImplementation((_s: Object3D, c: Camera) => {
      const o = c as unknown as { left: number; right: number; top: number; bottom: number };
      frustum = [o.left, o.right, o.top, o.bottom];
    });
    await exportPng(view, 300, 100, { createRenderer: () => renderer });
    expect(frustum).toEqual([-1.8, 1.8, 0.6, -0.6].map((v) => expect.closeTo(v, 12)));
    expect(view.cameras.orthographic.right).toBeCloseTo(1.2, 12);
    view.dispose();
  });

  it('refuses sizes past 4K before making a renderer, and disposes the renderer when reading fails', async () => {
    const { view } = smallView();
    const create = vi.fn(() => exportRenderer({}));
    await expect(exportPng(view, 4096, 2160, { createRenderer: create })).rejects.toThrow('up to 3840 × 2160, got 4096 × 2160');
    expect(create).not.toHaveBeenCalled();
    const failing = exportRenderer({});
    failing.readPixels.mockImplementation(() => {
      throw new Error('the graphics driver drew 100 × 100 pixels instead of 200 × 100: choose a smaller resolution');
    });
    await expect(exportPng(view, 200, 100, { createRenderer: () => failing })).rejects.toThrow('choose a smaller resolution');
    expect(failing.dispose).toHaveBeenCalledOnce();
    expect(view.cameras.camera.aspect).toBe(2);
    view.dispose();
  });
});
