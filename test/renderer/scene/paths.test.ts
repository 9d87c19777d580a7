import { Color, Matrix4, type BufferAttribute, type InstancedMesh, type Material, type Object3D } from 'three';
import { describe, expect, it } from 'vitest';
import { restartColor } from '../../../renderer/scene/colormap';
import { BOX_HEIGHT, makeFrame, sceneX, sceneY, sceneZ, type Frame } from '../../../renderer/scene/frame';
import type { PathMarkerKind } from '../../../renderer/scene/marker-shapes';
import { HEIGHT_CEILING, MIN_FADE, drawableCount, fadeWeight, pathY } from '../../../renderer/scene/path-points';
import type { FatLine } from '../../../renderer/scene/fat-line';
import { DIM_OPACITY, LINE_WIDTH, PATH_LIFT, Paths, type PathStyle } from '../../../renderer/scene/paths';
import { Surface } from '../../../renderer/scene/surface';
import { THEMES } from '../../../renderer/scene/theme';
import { landscape, path, resources, watchDisposal } from './helpers';

const STYLE: PathStyle = { lineScale: 1, theme: 'light' };
// Landscape over [-1, 1]² with losses from 0 to 2.
const FRAME: Frame = makeFrame([-1, 1], [-1, 1], { min: 0, max: 2, log: false });

/** Point k of a line as drawn (read back from its vertex buffer). */
function linePoint(paths: Paths, restart: number, k: number): number[] {
  return paths.line(restart)!.pointAt(k);
}

function lineColor(paths: Paths, restart: number, k: number): Color {
  return new Color(...paths.line(restart)!.colorAt(k));
}

const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));

describe('path geometry', () => {
  it('puts record k at the height transform of its true loss', () => {
    const p = path(3, [-1, 0, 0.5], [-1, 0, 1], [2, 1, 0.25]);
    const paths = new Paths([p], FRAME, STYLE);
    for (let k = 0; k < 3; k++) close(linePoint(paths, 3, k), [sceneX(FRAME, p.x[k]!), sceneY(FRAME, p.loss[k]!), sceneZ(FRAME, p.y[k]!)]);
    close(linePoint(paths, 3, 1), [0, BOX_HEIGHT / 2, 0]);
  });

  it('lies on the surface where it is on the plane', () => {
    const f = (x: number, y: number) => x * x + y;
    const data = landscape(5, 5, f);
    const surface = new Surface(data, { logHeight: true, wireframe: false, contours: 0 });
    // Through grid points (column j, row i) with their grid values as losses.
    const nodes = [[0, 0], [2, 1], [4, 3], [1, 4]];
    const p = path(0, nodes.map(([j]) => data.x[j!]!), nodes.map(([, i]) => data.y[i!]!), nodes.map(([j, i]) => f(data.x[j!]!, data.y[i!]!)));
    const paths = new Paths([p], surface.frame, STYLE);
    const pos = surface.mesh.geometry.getAttribute('position') as BufferAttribute;
    nodes.forEach(([j, i], k) => close(linePoint(paths, 0, k), [pos.getX(i! * 5 + j!), pos.getY(i! * 5 + j!), pos.getZ(i! * 5 + j!)]));
  });

  it('puts non-finite losses (divergence) at the ceiling and clamps the rest', () => {
    expect(pathY(FRAME, Infinity)).toBe(BOX_HEIGHT * HEIGHT_CEILING);
    expect(pathY(FRAME, NaN)).toBe(BOX_HEIGHT * HEIGHT_CEILING);
    expect(pathY(FRAME, 1e9)).toBe(BOX_HEIGHT * HEIGHT_CEILING);
    expect(pathY(FRAME, 1)).toBeCloseTo(BOX_HEIGHT / 2, 12);
    expect(pathY(FRAME, -1e9)).toBeLessThan(0);
    expect(Number.isFinite(pathY(FRAME, -1e9))).toBe(true);
  });

  it('draws records up to the first without a place (non-finite x or y)', () => {
    expect(drawableCount(path(0, [0, 1, NaN, 2], [0, 0, 0, 0], [1, 1, 1, 1]))).toBe(2);
    expect(drawableCount(path(0, [0, 1], [0, Infinity], [1, NaN]))).toBe(1);
    const paths = new Paths([path(0, [0, 0.5, NaN], [0, 0.5, NaN], [1, Infinity, NaN]), path(1, [0], [0], [1])], FRAME, STYLE);
    expect(paths.line(0)!.segments).toBe(1);
    expect(paths.line(1)).toBeNull();
    expect(paths.lines).toHaveLength(1);
    expect(paths.markers.shown('start', 1)).toBe(true);
  });

  it('raises the whole group a little so segments over a convex surface stay above it, leaving the geometry exact', () => {
    const paths = new Paths([path(0, [0, 1], [0, 1], [1, 2])], FRAME, STYLE);
    expect(paths.object.position.y).toBe(PATH_LIFT);
    expect(PATH_LIFT).toBeGreaterThan(0);
    expect(PATH_LIFT).toBeLessThan(0.01 * BOX_HEIGHT);
  });

  it('rewrites positions in place for a new frame', () => {
    const paths = new Paths([path(0, [0, 1], [0, 1], [1, 2])], FRAME, STYLE);
    // Every path is drawn by one batch line; its buffers are rewritten, not replaced.
    const batch = paths.object.getObjectByName('paths') as FatLine;
    const array = batch.geometry.getAttribute('position').array;
    const frame = { ...FRAME, height: { min: 0, max: 4, log: false } };
    paths.setFrame(frame);
    expect(batch.geometry.getAttribute('position').array).toBe(array);
    expect(linePoint(paths, 0, 1)[1]).toBeCloseTo(BOX_HEIGHT / 2, 6);
    expect(batch.geometry.getAttribute('position').getY(2)).toBeCloseTo(BOX_HEIGHT / 2, 6);
    expect(batch.geometry.boundingBox!.max.y).toBeCloseTo(BOX_HEIGHT / 2, 6);
  });
});

describe('a new frame', () => {
  const inputs = () => [path(0, [0, 0.5, 1], [0, 0.2, 1], [1, 0.5, 2], [0, 0.3, 0.6]), path(4, [-1, -0.5, 0, 0.5], [1, 0, -1, -0.5], [2, 1.5, 0.4, 0.1], [0.2, 0, 0, 1])];
  const buffers = (paths: Paths) => {
    const g = (paths.object.getObjectByName('paths') as FatLine).geometry;
    return Object.fromEntries(['position', 'other', 'color', 'record'].map((n) => [n, Array.from((g.getAttribute(n) as BufferAttribute).array)]));
  };
  const versions = (paths: Paths) => {
    const g = (paths.object.getObjectByName('paths') as FatLine).geometry;
    return ['position', 'other', 'color', 'record'].map((n) => (g.getAttribute(n) as BufferAttribute).version);
  };

  it('with the same extent (grid rows arriving) moves the points and uploads positions only: the buffers equal a fresh build', () => {
    const paths = new Paths(inputs(), FRAME, STYLE);
    paths.highlight(4);
    const before = versions(paths);
    const frame = { ...FRAME, height: { min: 0.1, max: 3, log: true } };
    expect(frame.extent).toBe(FRAME.extent);
    paths.setFrame(frame);
    const after = versions(paths);
    expect(after[0]).toBeGreaterThan(before[0]!);
    expect(after[1]).toBeGreaterThan(before[1]!);
    expect(after.slice(2)).toEqual(before.slice(2));
    const fresh = new Paths(inputs(), frame, STYLE);
    fresh.highlight(4);
    expect(buffers(paths)).toEqual(buffers(fresh));
    // The highlighted path's own line moves too.
    const top = (p: Paths) => Array.from((p.object.getObjectByName('highlighted path') as FatLine).geometry.getAttribute('position').array);
    expect(top(paths)).toEqual(top(fresh));
    expect(paths.line(4)!.pointAt(2)).toEqual(fresh.line(4)!.pointAt(2));
  });

  it('with another extent recolours the fading too: the buffers equal a fresh build', () => {
    const paths = new Paths(inputs(), FRAME, STYLE);
    const frame = makeFrame([-4, 4], [-1, 1], { min: 0, max: 2, log: false });
    expect(frame.extent).not.toBe(FRAME.extent);
    const colours = buffers(paths).color;
    paths.setFrame(frame);
    const fresh = new Paths(inputs(), frame, STYLE);
    expect(buffers(paths)).toEqual(buffers(fresh));
    expect(buffers(paths).color).not.toEqual(colours);
  });
});

describe('work in slices', () => {
  const inputs = () => [path(0, [0, 0.5, 1], [0, 0.2, 1], [1, 0.5, 2], [0, 0.3, 0.6]), path(2, [0], [0], [1]), path(4, [-1, -0.5, 0, 0.5], [1, 0, -1, -0.5], [2, 1.5, 0.4, 0.1], [0.2, 0, 0, 1])];
  const buffers = (paths: Paths) => {
    const g = (paths.object.getObjectByName('paths') as FatLine).geometry;
    return { ...Object.fromEntries(['position', 'other', 'color', 'record'].map((n) => [n, Array.from((g.getAttribute(n) as BufferAttribute).array)])), drawn: g.drawRange.count, box: g.boundingBox!.clone() };
  };
  // Each marker's matrix and colour where it is shown (a hidden one's colour is never seen).
  const markers = (paths: Paths) =>
    Object.values(paths.markers.meshes).map((m) => [m.count, ...[0, 1, 2].map((slot) => (m.instanceMatrix.array[16 * slot] === 0 ? 'hidden' : [Array.from(m.instanceMatrix.array.slice(16 * slot, 16 * slot + 16)), Array.from(m.instanceColor!.array.slice(3 * slot, 3 * slot + 3))]))]);
  // Pauses after every path: the slices are as small as they get.
  const slices = (paths: Paths) => {
    let n = 1;
    while (!paths.work(() => true)) n++;
    return n;
  };

  it('builds path by path what a build at once does, with changes made meanwhile applied at the end', () => {
    const paths = new Paths(inputs(), FRAME, STYLE, true);
    expect(paths.pending).toBe(true);
    paths.setStep(2);
    paths.highlight(4);
    paths.setOutcomes(new Map([[0, { diverged: true, stalledRecord: null }]]));
    paths.setResolution(640, 480);
    // Nothing is drawn or placed yet: three paths, then the finishing touches.
    expect(paths.object.getObjectByName('path:0')).toBeUndefined();
    expect(paths.markers.shown('start', 0)).toBe(false);
    expect(slices(paths)).toBe(4);
    expect(paths.pending).toBe(false);
    const now = new Paths(inputs(), FRAME, STYLE);
    now.setStep(2);
    now.highlight(4);
    now.setOutcomes(new Map([[0, { diverged: true, stalledRecord: null }]]));
    now.setResolution(640, 480);
    expect(buffers(paths)).toEqual(buffers(now));
    expect(markers(paths)).toEqual(markers(now));
    for (const r of [0, 4]) {
      const [a, b] = [paths.line(r)!, now.line(r)!];
      expect([a.segments, a.visible, a.material.linewidth, a.material.opacity, a.material.resolution.toArray()]).toEqual([b.segments, b.visible, b.material.linewidth, b.material.opacity, b.material.resolution.toArray()]);
    }
    const top = (p: Paths) => Array.from((p.object.getObjectByName('highlighted path') as FatLine).geometry.getAttribute('position').array);
    expect(top(paths)).toEqual(top(now));
  });

  it('moves path by path to a new frame, also when the frame changes during a build, as a fresh build does', () => {
    const frame = { ...FRAME, height: { min: 0.1, max: 3, log: true } };
    const fresh = new Paths(inputs(), frame, STYLE);
    fresh.highlight(0);
    const moved = new Paths(inputs(), FRAME, STYLE);
    moved.highlight(0);
    moved.setFrame(frame, true);
    expect(moved.pending).toBe(true);
    expect(slices(moved)).toBe(4);
    expect(buffers(moved)).toEqual(buffers(fresh));
    expect(markers(moved)).toEqual(markers(fresh));
    const midway = new Paths(inputs(), FRAME, STYLE, true);
    midway.highlight(0);
    midway.work(() => true);
    midway.setFrame(frame, true);
    slices(midway);
    expect(buffers(midway)).toEqual(buffers(fresh));
    expect(markers(midway)).toEqual(markers(fresh));
  });

  it('finishes the work when the lines are read', () => {
    const paths = new Paths(inputs(), FRAME, STYLE, true);
    expect(paths.lines.map((l) => l.userData.restart)).toEqual([0, 4]);
    expect(paths.pending).toBe(false);
    expect(paths.markers.shown('start', 1)).toBe(true);
  });
});

describe('fading off the plane', () => {
  it('weights points from 1 on the plane down towards MIN_FADE, monotonically', () => {
    expect(fadeWeight(0, 2)).toBe(1);
    const ws = [0, 0.01, 0.1, 0.5, 1, 5, 100].map((d) => fadeWeight(d, 2));
    for (let i = 1; i < ws.length; i++) expect(ws[i]).toBeLessThan(ws[i - 1]!);
    expect(ws.at(-1)).toBeCloseTo(MIN_FADE, 6);
    expect(fadeWeight(NaN, 2)).toBe(MIN_FADE);
    // Relative to the extent: the same distance fades less on a larger landscape.
    expect(fadeWeight(0.5, 20)).toBeGreaterThan(fadeWeight(0.5, 2));
  });

  it('blends colours towards the background the further a point is off the plane', () => {
    const off = [0, 0.1, 0.5, 1, 5];
    const paths = new Paths([path(1, [0, 0.1, 0.2, 0.3, 0.4], [0, 0, 0, 0, 0], [1, 1, 1, 1, 1], off)], FRAME, STYLE);
    const base = new Color().setHex(restartColor(1, 'light'));
    const bg = new Color().setHex(THEMES.light.background);
    const d = (c: Color) => Math.hypot(c.r - bg.r, c.g - bg.g, c.b - bg.b);
    const colors = off.slice(0, 4).map((_, k) => lineColor(paths, 1, k));
    expect(colors[0]!.r).toBeCloseTo(base.r, 6);
    expect(colors[0]!.b).toBeCloseTo(base.b, 6);
    for (let k = 1; k < colors.length; k++) expect(d(colors[k]!)).toBeLessThan(d(colors[k - 1]!));
  });

  it('blends towards the new background on a theme change', () => {
    const paths = new Paths([path(2, [0, 1], [0, 0], [1, 1], [100, 100])], FRAME, STYLE);
    const dark = new Color().setHex(THEMES.dark.background);
    paths.setStyle({ theme: 'dark' });
    const c = lineColor(paths, 2, 0);
    expect(Math.hypot(c.r - dark.r, c.g - dark.g, c.b - dark.b)).toBeLessThan(0.2);
  });
});

describe('playback', () => {
  const four = () => new Paths([path(0, [0, 0.1, 0.2, 0.3], [0, 0.1, 0.2, 0.3], [2, 1.5, 1, 0.5]), path(1, [0, -0.1], [0, -0.1], [2, 1])], FRAME, STYLE);

  it('shows each path up to record k and moves the head marker with it', () => {
    const paths = four();
    expect(paths.line(0)!.segments).toBe(3);
    paths.setStep(2);
    expect(paths.line(0)!.segments).toBe(2);
    expect(paths.line(1)!.segments).toBe(1);
    expect(paths.head(0)).toBe(2);
    expect(paths.head(1)).toBe(1);
    close(paths.markers.positionOf('head', paths.slot(0), []), linePoint(paths, 0, 2));
    close(paths.markers.positionOf('start', paths.slot(0), []), linePoint(paths, 0, 0));
    paths.setStep(0);
    expect(paths.line(0)!.visible).toBe(false);
    expect(paths.markers.shown('start', 0)).toBe(true);
    expect(paths.markers.shown('head', 0)).toBe(false);
    paths.setStep(null);
    expect(paths.line(0)!.segments).toBe(3);
    expect(paths.line(0)!.visible).toBe(true);
    close(paths.markers.positionOf('head', 0, []), linePoint(paths, 0, 3));
  });

  it('rejects a record that is not a non-negative integer', () => {
    expect(() => four().setStep(-1)).toThrow('setStep: the record must be a non-negative integer or null, got -1');
    expect(() => four().setStep(1.5)).toThrow('setStep: the record must be a non-negative integer or null, got 1.5');
  });

  it('ends a diverged path in a cross once the head reaches its end', () => {
    const paths = four();
    paths.setOutcomes(new Map([[0, { diverged: true, stalledRecord: null }]]));
    expect(paths.markers.shown('diverged', 0)).toBe(true);
    expect(paths.markers.shown('head', 0)).toBe(false);
    expect(paths.markers.shown('diverged', 1)).toBe(false);
    expect(paths.markers.shown('head', 1)).toBe(true);
    close(paths.markers.positionOf('diverged', 0, []), linePoint(paths, 0, 3));
    paths.setStep(1);
    expect(paths.markers.shown('diverged', 0)).toBe(false);
    expect(paths.markers.shown('head', 0)).toBe(true);
  });

  it('flags a stalled path at the record where it stalled, once playback gets there', () => {
    const paths = four();
    paths.setOutcomes(new Map([[0, { diverged: false, stalledRecord: 2 }]]));
    expect(paths.markers.shown('stalled', 0)).toBe(true);
    close(paths.markers.positionOf('stalled', 0, []), linePoint(paths, 0, 2));
    paths.setStep(1);
    expect(paths.markers.shown('stalled', 0)).toBe(false);
    paths.setStep(2);
    expect(paths.markers.shown('stalled', 0)).toBe(true);
    paths.setOutcomes(new Map());
    expect(paths.markers.shown('stalled', 0)).toBe(false);
  });
});

describe('highlight', () => {
  const three = () => new Paths([0, 1, 2].map((r) => path(r, [0, 0.5], [r / 4, r / 4], [1, 1])), FRAME, STYLE);

  it('draws the highlighted path wider and on top and dims the others', () => {
    const paths = three();
    paths.highlight(1);
    const on = paths.line(1)!;
    expect(on.material.linewidth).toBe(2 * LINE_WIDTH);
    expect(on.material.opacity).toBe(1);
    expect(on.material.depthTest).toBe(false);
    expect(on.renderOrder).toBeGreaterThan(paths.line(0)!.renderOrder);
    for (const r of [0, 2]) {
      expect(paths.line(r)!.material.opacity).toBe(DIM_OPACITY);
      expect(paths.line(r)!.material.linewidth).toBe(LINE_WIDTH);
      expect(paths.line(r)!.material.transparent).toBe(true);
    }
  });

  it('enlarges the highlighted markers and fades the others towards the background', () => {
    const paths = three();
    // Element 0 of an instance's matrix is its x scale.
    const scale = (slot: number) => paths.markers.meshes.start.instanceMatrix.array[16 * slot]!;
    const color = (slot: number) => {
      const c = new Color();
      paths.markers.meshes.start.getColorAt(slot, c);
      return c;
    };
    const before = color(0).getHex();
    paths.highlight(2);
    expect(scale(2)).toBeGreaterThan(scale(0));
    expect(color(0).getHex()).not.toBe(before);
    expect(color(2).getHex()).toBe(new Color().setHex(restartColor(2, 'light')).getHex());
  });

  it('null, or a restart without a path, dims nothing', () => {
    const paths = three();
    paths.highlight(1);
    paths.highlight(null);
    for (const l of paths.lines) {
      expect(l.material.opacity).toBe(1);
      expect(l.material.depthTest).toBe(true);
      expect(l.material.transparent).toBe(false);
    }
    paths.highlight(99);
    expect(paths.lines.every((l) => l.material.opacity === 1)).toBe(true);
  });

  it('scales lines and markers with lineScale', () => {
    const paths = three();
    const size = () => paths.markers.meshes.start.instanceMatrix.array[0]!;
    const before = size();
    paths.setStyle({ lineScale: 3 });
    expect(paths.line(0)!.material.linewidth).toBe(3 * LINE_WIDTH);
    expect(size()).toBeCloseTo(3 * before, 6);
    paths.highlight(0);
    expect(paths.line(0)!.material.linewidth).toBe(6 * LINE_WIDTH);
  });
});

describe('the highlighted path\'s markers', () => {
  const KINDS: readonly PathMarkerKind[] = ['start', 'head', 'diverged', 'stalled'];
  const surface = () => new Surface(landscape(3, 3, () => 1), { logHeight: false, wireframe: false, contours: 0 });
  const four = () => new Paths([path(0, [0, 0.1, 0.2, 0.3], [0, 0.1, 0.2, 0.3], [2, 1.5, 1, 0.5]), path(1, [0, -0.1, -0.2], [0, -0.1, 0.2], [2, 1, 0.5]), path(2, [0.5], [0.5], [1])], FRAME, STYLE);
  const m = new Matrix4();
  // three.js draws opaque objects before transparent ones, each list by render order.
  const drawnAfter = (a: Object3D & { material: Material }, b: Object3D & { material: Material }) =>
    a.material.transparent !== b.material.transparent ? a.material.transparent : a.renderOrder > b.renderOrder;

  /** Each marker drawn by an object that ignores depth: its kind (by shape), place, size, colour and the object. */
  function onTop(paths: Paths) {
    const out: { kind: PathMarkerKind; at: number[]; size: number; color: number; mesh: InstancedMesh<never, Material> }[] = [];
    paths.object.traverseVisible((o) => {
      const mesh = o as InstancedMesh<never, Material>;
      if (!mesh.isInstancedMesh || mesh.material.depthTest) return;
      const kind = KINDS.find((k) => paths.markers.meshes[k].geometry === mesh.geometry)!;
      for (let i = 0; i < mesh.count; i++) {
        mesh.getMatrixAt(i, m);
        if (m.elements[0] === 0) continue;
        const c = new Color();
        mesh.getColorAt(i, c);
        out.push({ kind, at: [m.elements[12], m.elements[13], m.elements[14]], size: m.elements[0], color: c.getHex(), mesh });
      }
    });
    return out;
  }
  const kinds = (paths: Paths) => onTop(paths).map((t) => t.kind).sort();

  it('draws them over the surface, the other paths and the highlighted line, the same shapes, sizes and colour', () => {
    const paths = four();
    expect(onTop(paths)).toEqual([]);
    paths.highlight(1);
    const top = onTop(paths);
    expect(kinds(paths)).toEqual(['head', 'start']);
    close(top.find((t) => t.kind === 'start')!.at, linePoint(paths, 1, 0));
    close(top.find((t) => t.kind === 'head')!.at, linePoint(paths, 1, 2));
    const batch = paths.object.getObjectByName('paths') as FatLine;
    const line = paths.object.getObjectByName('highlighted path') as FatLine;
    // The highlighted line too is drawn after the dimmed paths (they drew over it), at full opacity.
    expect([drawnAfter(line, batch), drawnAfter(line, surface().mesh), line.material.opacity]).toEqual([true, true, 1]);
    for (const t of top) {
      expect(t.mesh.material.depthWrite).toBe(false);
      expect(t.mesh.renderOrder).toBeGreaterThan(surface().mesh.renderOrder);
      expect(drawnAfter(t.mesh, surface().mesh)).toBe(true);
      expect(drawnAfter(t.mesh, batch)).toBe(true);
      expect(drawnAfter(t.mesh, line)).toBe(true);
      expect(t.size).toBe(paths.markers.meshes[t.kind].instanceMatrix.array[16 * paths.slot(1)]);
      expect(t.color).toBe(new Color().setHex(restartColor(1, 'light')).getHex());
    }
  });

  it('moves them to another highlighted path and stops when none is', () => {
    const paths = four();
    paths.highlight(1);
    paths.highlight(0);
    expect(kinds(paths)).toEqual(['head', 'start']);
    close(onTop(paths).find((t) => t.kind === 'head')!.at, linePoint(paths, 0, 3));
    // A path of one record has a start only.
    paths.highlight(2);
    expect(kinds(paths)).toEqual(['start']);
    close(onTop(paths)[0]!.at, paths.markers.positionOf('start', paths.slot(2), []));
    paths.highlight(null);
    expect(onTop(paths)).toEqual([]);
    paths.highlight(99);
    expect(onTop(paths)).toEqual([]);
  });

  it('follows playback and outcomes: the head, cross and flag as shown', () => {
    const paths = four();
    paths.setOutcomes(new Map([[0, { diverged: true, stalledRecord: 2 }]]));
    paths.highlight(0);
    expect(kinds(paths)).toEqual(['diverged', 'stalled', 'start']);
    close(onTop(paths).find((t) => t.kind === 'diverged')!.at, linePoint(paths, 0, 3));
    close(onTop(paths).find((t) => t.kind === 'stalled')!.at, linePoint(paths, 0, 2));
    paths.setStep(1);
    expect(kinds(paths)).toEqual(['head', 'start']);
    close(onTop(paths).find((t) => t.kind === 'head')!.at, linePoint(paths, 0, 1));
    paths.setStep(0);
    expect(kinds(paths)).toEqual(['start']);
    paths.setStep(null);
    expect(kinds(paths)).toEqual(['diverged', 'stalled', 'start']);
  });

  it('keeps every path\'s markers, the highlighted one\'s too, in one depth-tested mesh per kind', () => {
    const paths = four();
    paths.highlight(1);
    const tested = paths.markers.object.children.filter((o) => (o as InstancedMesh).isInstancedMesh && (o as InstancedMesh<never, Material>).material.depthTest);
    expect(tested.map((o) => o.name)).toEqual(KINDS.map((k) => `marker:${k}`));
    expect(paths.markers.shown('start', paths.slot(1))).toBe(true);
    expect(paths.markers.meshes.start.count).toBe(3);
    expect(() => paths.markers.select(3)).toThrow('PathMarkers.select: slot 3 of 3');
    expect(() => paths.markers.select(-1)).toThrow('PathMarkers.select: slot -1 of 3');
  });

  it('is built with a path built later, once it is complete', () => {
    const paths = new Paths([path(0, [0, 0.5], [0, 0.5], [1, 1]), path(1, [0, -0.5], [0, 0.5], [1, 1])], FRAME, STYLE, true);
    paths.highlight(1);
    expect(onTop(paths)).toEqual([]);
    paths.settle();
    expect(kinds(paths)).toEqual(['head', 'start']);
  });
});

describe('Paths.setResolution and dispose', () => {
  it('sets every line material\'s resolution', () => {
    const paths = new Paths([path(0, [0, 1], [0, 1], [1, 1]), path(1, [0, 1], [1, 0], [1, 1])], FRAME, STYLE);
    paths.setResolution(640, 480);
    expect(paths.lines.map((l) => l.material.resolution.toArray())).toEqual([[640, 480], [640, 480]]);
  });

  it('draws every path in one batch, with playback as a step and the highlighted path again on top', () => {
    const paths = new Paths([path(0, [0, 0.5, 1], [0, 0, 0], [1, 1, 1]), path(1, [0, 1], [1, 1], [1, 1]), path(2, [0], [0], [1])], FRAME, STYLE);
    const drawn = paths.object.children.filter((o) => (o as FatLine).isMesh) as FatLine[];
    expect(drawn.map((o) => o.name)).toEqual(['paths']);
    const batch = drawn[0]!;
    // 2 + 1 segments, 6 indices each; segment s of a path ends at record s + 1.
    expect(batch.geometry.drawRange.count).toBe(18);
    expect(Array.from(batch.geometry.getAttribute('record').array.slice(0, 12))).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1]);
    expect(batch.material.uniforms.step!.value).toBeGreaterThan(1e30);
    paths.setStep(1);
    expect(batch.material.uniforms.step!.value).toBe(1);
    paths.highlight(0);
    const top = paths.object.getObjectByName('highlighted path') as FatLine;
    expect(top.userData.restart).toBe(0);
    expect(top.segments).toBe(1);
    expect(top.material.depthTest).toBe(false);
    expect(top.material.linewidth).toBe(2 * LINE_WIDTH);
    expect(batch.material.opacity).toBe(DIM_OPACITY);
    paths.setStep(null);
    expect(top.segments).toBe(2);
    paths.highlight(null);
    expect(paths.object.getObjectByName('highlighted path')).toBeUndefined();
    expect(batch.material.opacity).toBe(1);
  });

  it('disposes every line geometry and material and the markers', () => {
    const paths = new Paths([0, 1, 2].map((r) => path(r, [0, 1], [0, r], [1, 1])), FRAME, STYLE);
    const all = resources(paths.object);
    // 3 paths' materials + the batch's geometry and material + 4 marker geometries + 2 shared marker materials (all paths', the highlighted one's).
    expect(all.size).toBe(11);
    const disposed = watchDisposal(all);
    paths.dispose();
    expect(disposed).toEqual(all);
  });
});
