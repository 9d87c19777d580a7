import type { BufferAttribute } from 'three';
import { describe, expect, it } from 'vitest';
import { VIRIDIS_LINEAR, viridis } from '../../../renderer/scene/colormap';
import { contourHeights } from '../../../renderer/scene/contour-layer';
import { BOX_HEIGHT, RIBBON_HALF_WIDTH } from '../../../renderer/scene/frame';
import { lossToHeight } from '../../../renderer/scene/height';
import { Surface, type SurfaceOptions } from '../../../renderer/scene/surface';
import { resources, watchDisposal } from './helpers';

const OPTIONS: SurfaceOptions = { logHeight: false, wireframe: false, contours: 0 };

// 2 rows × 3 columns: x = 0, 1, 2; y = 10, 20; values 0..5 row-major.
const tiny = () => ({ x: Float64Array.of(0, 1, 2), y: Float64Array.of(10, 20), grid: Float64Array.of(0, 1, 2, 3, 4, 5) });

const attr = (s: Surface, name: string) => s.mesh.geometry.getAttribute(name) as BufferAttribute;
const vertex = (s: Surface, name: string, k: number) => Array.from(attr(s, name).array.slice(3 * k, 3 * k + 3));
const triangles = (s: Surface) => s.mesh.geometry.drawRange.count / 3;

describe('Surface geometry', () => {
  it('places vertices in the unit box: x across, rows towards −Z, loss up', () => {
    const s = new Surface(tiny(), OPTIONS);
    const expected = [
      [-0.5, 0, 0.5],
      [0, 0.2, 0.5],
      [0.5, 0.4, 0.5],
      [-0.5, 0.6, -0.5],
      [0, 0.8, -0.5],
      [0.5, 1, -0.5],
    ];
    expected.forEach(([x, h, z], k) => {
      const [px, py, pz] = vertex(s, 'position', k);
      expect(px).toBeCloseTo(x!, 6);
      expect(py).toBeCloseTo(BOX_HEIGHT * h!, 6);
      expect(pz).toBeCloseTo(z!, 6);
    });
  });

  it('keeps a bounding sphere around every vertex, no larger than the box of the grid, as rows arrive and on a log scale', () => {
    const contains = (s: Surface) => {
      const sphere = s.mesh.geometry.boundingSphere!;
      const pos = attr(s, 'position').array;
      const box = { lo: [Infinity, Infinity, Infinity], hi: [-Infinity, -Infinity, -Infinity] };
      for (let k = 0; k < pos.length; k += 3) {
        const d = Math.hypot(pos[k]! - sphere.center.x, pos[k + 1]! - sphere.center.y, pos[k + 2]! - sphere.center.z);
        // Positions are float32: within their rounding.
        expect(d).toBeLessThanOrEqual(sphere.radius + 1e-6);
        for (let a = 0; a < 3; a++) {
          box.lo[a] = Math.min(box.lo[a]!, pos[k + a]!);
          box.hi[a] = Math.max(box.hi[a]!, pos[k + a]!);
        }
      }
      expect(sphere.radius).toBeCloseTo(Math.hypot(...[0, 1, 2].map((a) => box.hi[a]! - box.lo[a]!)) / 2, 6);
    };
    contains(new Surface(tiny(), OPTIONS));
    const s = new Surface({ x: Float64Array.of(3, 1, 2), y: Float64Array.of(0, 1, 2), grid: new Float64Array(9).fill(NaN) }, OPTIONS, [[0.5, 4]]);
    contains(s);
    s.updateRows(0, [1, 2, 30]);
    contains(s);
    s.updateRows(1, [-4, 5, 6]);
    contains(s);
    s.setOptions({ logHeight: true });
    contains(s);
  });

  it('colours vertices with viridis of their height, in linear RGB', () => {
    const s = new Surface(tiny(), OPTIONS);
    const rgb = [0, 0, 0];
    for (let k = 0; k < 6; k++) {
      viridis(k / 5, rgb, 0, VIRIDIS_LINEAR);
      vertex(s, 'color', k).forEach((c, i) => expect(c).toBeCloseTo(rgb[i]!, 6));
    }
  });

  it('gives a planar grid the plane\'s upward unit normal everywhere', () => {
    const s = new Surface(tiny(), OPTIONS);
    // Height rises 0.12 per column (0.5 in X) and 0.36 per row (1 towards −Z).
    const n = [-0.24, 1, 0.36];
    const len = Math.hypot(...n);
    for (let k = 0; k < 6; k++) vertex(s, 'normal', k).forEach((c, i) => expect(c).toBeCloseTo(n[i]! / len, 5));
  });

  it('draws two triangles per quad, counter-clockwise seen from above', () => {
    const s = new Surface(tiny(), OPTIONS);
    expect(triangles(s)).toBe(4);
    const idx = s.mesh.geometry.getIndex()!.array;
    const p = attr(s, 'position').array;
    for (let t = 0; t < 4; t++) {
      const [a, b, c] = [idx[3 * t]!, idx[3 * t + 1]!, idx[3 * t + 2]!];
      // Y of (b − a) × (c − a) > 0 means the face normal points up.
      const cross = (p[3 * b + 2]! - p[3 * a + 2]!) * (p[3 * c]! - p[3 * a]!) - (p[3 * b]! - p[3 * a]!) * (p[3 * c + 2]! - p[3 * a + 2]!);
      expect(cross).toBeGreaterThan(0);
    }
  });

  it('copies the grid rather than writing into the caller\'s', () => {
    const data = { x: Float64Array.of(0, 1), y: Float64Array.of(0, 1), grid: new Float64Array(4).fill(NaN) };
    new Surface(data, OPTIONS).updateRows(0, [1, 2]);
    expect(Number.isNaN(data.grid[0])).toBe(true);
  });

  it('rejects grids that do not match their axes', () => {
    expect(() => new Surface({ x: Float64Array.of(0, 1), y: Float64Array.of(0, 1), grid: new Float64Array(3) }, OPTIONS)).toThrow('the grid has 3 values, expected 2 rows × 2 columns');
    expect(() => new Surface({ x: Float64Array.of(0), y: Float64Array.of(0), grid: new Float64Array(1) }, OPTIONS)).toThrow('a landscape needs at least 2 columns, found 1');
  });
});

describe('Surface rows arriving', () => {
  const empty = () => ({ x: Float64Array.of(0, 1, 2), y: Float64Array.of(0, 1, 2), grid: new Float64Array(9).fill(NaN) });

  it('leaves out quads touching rows not computed yet and fills them in place as rows arrive', () => {
    const s = new Surface(empty(), OPTIONS);
    const arrays = ['position', 'color', 'normal'].map((n) => attr(s, n).array);
    const index = s.mesh.geometry.getIndex()!.array;
    expect(triangles(s)).toBe(0);
    s.updateRows(0, [1, 2, 3]);
    expect(triangles(s)).toBe(0);
    s.updateRows(1, [4, 5, 6]);
    expect(triangles(s)).toBe(4);
    const drawn = Array.from(s.mesh.geometry.getIndex()!.array.slice(0, 12));
    expect(Math.max(...drawn)).toBeLessThanOrEqual(5);
    s.updateRows(2, [7, 8, 9]);
    expect(triangles(s)).toBe(8);
    ['position', 'color', 'normal'].forEach((n, i) => expect(attr(s, n).array).toBe(arrays[i]));
    expect(s.mesh.geometry.getIndex()!.array).toBe(index);
    expect(vertex(s, 'position', 8)[1]).toBeCloseTo(BOX_HEIGHT, 6);
  });

  it('takes several rows at once, in any order', () => {
    const s = new Surface(empty(), OPTIONS);
    s.updateRows(2, [7, 8, 9]);
    s.updateRows(0, [1, 2, 3]);
    expect(triangles(s)).toBe(0);
    s.updateRows(0, [1, 2, 3, 4, 5, 6]);
    expect(triangles(s)).toBe(8);
  });

  it('leaves out the quads around a single missing value', () => {
    const s = new Surface({ x: Float64Array.of(0, 1, 2), y: Float64Array.of(0, 1, 2), grid: Float64Array.of(1, 2, 3, 4, NaN, 6, 7, 8, 9) }, OPTIONS);
    expect(triangles(s)).toBe(0);
    s.updateRows(1, [4, 5, 6]);
    expect(triangles(s)).toBe(8);
  });

  it('says when the height scale changed, and rescales rows already drawn', () => {
    const s = new Surface(empty(), OPTIONS);
    expect(s.updateRows(0, [0, 1, 2])).toBe(true);
    expect(s.updateRows(1, [2, 1, 0])).toBe(false);
    expect(vertex(s, 'position', 2)[1]).toBeCloseTo(BOX_HEIGHT, 6);
    expect(s.updateRows(2, [4, 0, 0])).toBe(true);
    expect(s.frame.height).toEqual({ min: 0, max: 4, log: false });
    expect(vertex(s, 'position', 2)[1]).toBeCloseTo(BOX_HEIGHT / 2, 6);
  });

  it('uses the fallback losses for the scale until a grid value arrives', () => {
    const s = new Surface(empty(), OPTIONS, [Float64Array.of(3, NaN, 10)]);
    expect(s.frame.height).toEqual({ min: 3, max: 10, log: false });
    s.updateRows(0, [0, 1, 2]);
    expect(s.frame.height).toEqual({ min: 0, max: 2, log: false });
  });

  it('rejects rows that are not whole or fall outside the grid', () => {
    const s = new Surface(empty(), OPTIONS);
    expect(() => s.updateRows(0, [1, 2])).toThrow('rows: 2 values are not whole rows of 3 columns');
    expect(() => s.updateRows(2, [1, 2, 3, 4, 5, 6])).toThrow("rows 2..3 are outside the grid's 3 rows");
    expect(() => s.updateRows(-1, [1, 2, 3])).toThrow("rows -1..-1 are outside the grid's 3 rows");
  });
});

describe('Surface options', () => {
  it('log height moves vertices to the log transform and reports a new scale', () => {
    const s = new Surface(tiny(), OPTIONS);
    const position = attr(s, 'position').array;
    expect(s.setOptions({ logHeight: true })).toBe(true);
    expect(attr(s, 'position').array).toBe(position);
    expect(vertex(s, 'position', 1)[1]).toBeCloseTo(BOX_HEIGHT * lossToHeight({ min: 0, max: 5, log: true }, 1), 6);
    expect(s.setOptions({ wireframe: true })).toBe(false);
    expect(s.mesh.material.wireframe).toBe(true);
  });

  it('draws contour lines at evenly spaced heights', () => {
    const s = new Surface({ x: Float64Array.of(0, 1, 2), y: Float64Array.of(0, 1, 2), grid: Float64Array.of(0, 1, 2, 1, 2, 3, 2, 3, 4) }, OPTIONS);
    expect(s.contours.object.visible).toBe(false);
    s.setOptions({ contours: 3 });
    const lines = s.contours.object;
    expect(lines.visible).toBe(true);
    const count = lines.geometry.drawRange.count;
    expect(count).toBeGreaterThan(0);
    const ys = new Set<string>();
    const p = lines.geometry.getAttribute('position').array;
    for (let v = 0; v < count; v++) ys.add((p[3 * v + 1]! / BOX_HEIGHT).toFixed(5));
    expect([...ys].sort()).toEqual(contourHeights(3).map((h) => h.toFixed(5)));
    // Level 1 (height 1/4 of 0..4) is the only line in the corner cell: from grid point (column 1, row 0) to (0, 1).
    expect([p[0], p[2], p[3], p[5]].map((v) => Number(v!.toFixed(5)) + 0)).toEqual([0, 0.5, -0.5, 0]);
    s.setOptions({ contours: 0 });
    expect(lines.visible).toBe(false);
  });
});

describe('Surface of a 1-D landscape', () => {
  const line = () => ({ x: Float64Array.of(0, 1, 2, 3), y: Float64Array.of(0), grid: Float64Array.of(3, 1, 0, 2) });

  it('is a ribbon: the row twice, either side of Z = 0', () => {
    const s = new Surface(line(), OPTIONS);
    expect(s.oneD).toBe(true);
    expect(attr(s, 'position').count).toBe(8);
    for (let j = 0; j < 4; j++) {
      const a = vertex(s, 'position', j);
      const b = vertex(s, 'position', 4 + j);
      expect(a[1]).toBeCloseTo(b[1]!, 9);
      expect(a[2]).toBeCloseTo(RIBBON_HALF_WIDTH, 6);
      expect(b[2]).toBeCloseTo(-RIBBON_HALF_WIDTH, 6);
    }
    expect(triangles(s)).toBe(6);
    expect(vertex(s, 'position', 2)[1]).toBe(0);
  });

  it('fills in when its row arrives', () => {
    const s = new Surface({ ...line(), grid: new Float64Array(4).fill(NaN) }, OPTIONS);
    expect(triangles(s)).toBe(0);
    s.updateRows(0, [3, 1, 0, 2]);
    expect(triangles(s)).toBe(6);
    expect(vertex(s, 'position', 4)[1]).toBeCloseTo(BOX_HEIGHT, 6);
  });
});

describe('Surface.dispose', () => {
  it('disposes its geometry, material and contour lines', () => {
    const s = new Surface(tiny(), { ...OPTIONS, contours: 4 });
    const all = resources(s.object);
    expect(all.size).toBe(4);
    const disposed = watchDisposal(all);
    s.dispose();
    expect(disposed).toEqual(all);
  });

  it('disposes a contour geometry it outgrows', () => {
    const n = 40;
    const bumpy = { x: new Float64Array(n).map((_, i) => i), y: new Float64Array(n).map((_, i) => i), grid: new Float64Array(n * n).map((_, k) => Math.sin(k)) };
    const s = new Surface({ ...bumpy, grid: new Float64Array(n * n).fill(NaN) }, { ...OPTIONS, contours: 10 });
    s.updateRows(0, bumpy.grid.subarray(0, 2 * n));
    const first = s.contours.object.geometry;
    const disposed = watchDisposal([first]);
    s.updateRows(0, bumpy.grid);
    expect(s.contours.object.geometry).not.toBe(first);
    expect(disposed.has(first)).toBe(true);
  });
});
