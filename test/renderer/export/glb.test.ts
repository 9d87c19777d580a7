// The .glb export read back with three.js's own loader.
import { Line, LineSegments, Mesh, PerspectiveCamera, type Object3D } from 'three';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { FatLine } from '../../../renderer/scene/fat-line';
import { describe, expect, it } from 'vitest';
import { disposeScene, exportGlb, exportScene } from '../../../renderer/export/glb';
import { LandscapeView } from '../../../renderer/scene/view';
import { path } from '../scene/helpers';
import { fakeRenderer, smallView } from './helpers';

function load(buffer: ArrayBuffer): Promise<GLTF> {
  return new Promise((resolve, reject) => new GLTFLoader().parse(buffer, '', resolve, reject));
}

const names = (root: Object3D) => {
  const out: string[] = [];
  root.traverse((o) => o.name && out.push(o.name));
  return out;
};

describe('exportGlb', () => {
  it('writes a glTF binary that GLTFLoader reads back: surface, paths, markers, minima, camera, metadata', async () => {
    const { view } = smallView();
    const bytes = await exportGlb(view);
    expect(new TextDecoder().decode(new Uint8Array(bytes, 0, 4))).toBe('glTF');
    // The JSON chunk: no extension but unlit lines, so any glTF reader opens it.
    const json = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, 20, new DataView(bytes).getUint32(12, true))));
    expect(json.extensionsUsed).toEqual(['KHR_materials_unlit']);
    expect(json.extensionsRequired).toBeUndefined();
    const gltf = await load(bytes);
    const scene = gltf.scene;
    // three's loader turns spaces in names into underscores.
    expect(names(scene)).toEqual(expect.arrayContaining(['surface', 'paths', 'restart_0', 'restart_0_path', 'restart_0_start', 'restart_0_head', 'restart_3', 'restart_3_path', 'restart_3_diverged', 'minima', 'minimum_0']));
    const surface = scene.getObjectByName('surface') as Mesh;
    expect(surface).toBeInstanceOf(Mesh);
    // 4 × 3 grid: 3 × 2 quads, 2 triangles each.
    expect(surface.geometry.getIndex()!.count).toBe(36);
    expect(surface.geometry.getAttribute('color')).toBeDefined();
    const path0 = scene.getObjectByName('restart_0_path') as Line;
    expect(path0).toBeInstanceOf(Line);
    expect(path0).not.toBeInstanceOf(LineSegments);
    expect(path0.geometry.getAttribute('position').count).toBe(3);
    expect(path0.geometry.getAttribute('color').count).toBe(3);
    expect(scene.getObjectByName('restart_3_path')).toBeDefined();
    expect(scene.getObjectByName('restart_3_head')).toBeUndefined();
    expect(gltf.cameras[0]).toBeInstanceOf(PerspectiveCamera);
    expect(scene.userData).toMatchObject({ generator: 'Landscape Lab', plane: 'domain', kind: 'function', x: [-1, 1], y: [-1, 1], extent: 2, columns: 4, rows: 3, step: null, restarts: [0, 3] });
    view.dispose();
  });

  it('keeps the paths where the view draws them (lifted above the surface) and as far as playback shows them', async () => {
    const { view } = smallView();
    view.setStep(1);
    const exported = exportScene(view);
    const source = view.scene.getObjectByName('path:3') as FatLine;
    source.updateWorldMatrix(true, false);
    const line = exported.getObjectByName('restart 3 path') as Line;
    const pos = line.geometry.getAttribute('position');
    expect(pos.count).toBe(2);
    expect(pos.getY(0) + line.position.y).toBeCloseTo(source.pointAt(0)[1] + source.matrixWorld.elements[13]!, 6);
    expect(exported.getObjectByName('restart 3 diverged')).toBeUndefined();
    expect(exported.getObjectByName('restart 3 head')).toBeDefined();
    expect(exported.userData.step).toBe(1);
    disposeScene(exported);
    view.dispose();
  });

  it('names the paths drawn after the landscape (setPaths) by their restarts', () => {
    const { view } = smallView();
    view.setPaths([path(7, [0, 1], [0, 1], [1, 0])]);
    const exported = exportScene(view);
    expect(exported.getObjectByName('restart 7 path')).toBeDefined();
    expect(exported.getObjectByName('restart 7 start')).toBeDefined();
    expect(exported.getObjectByName('restart 0')).toBeUndefined();
    expect(exported.userData.restarts).toEqual([7]);
    disposeScene(exported);
    view.dispose();
  });

  it('leaves out contours while they are off, and includes them when on', () => {
    const { view } = smallView();
    const off = exportScene(view);
    expect(off.getObjectByName('contours')).toBeUndefined();
    view.setOptions({ contours: true, contourLevels: 3 });
    const on = exportScene(view);
    expect(on.getObjectByName('contours')).toBeInstanceOf(LineSegments);
    disposeScene(off);
    disposeScene(on);
    view.dispose();
  });

  it('refuses a view without a landscape', async () => {
    const view = new LandscapeView(document.createElement('canvas'), { createRenderer: fakeRenderer, requestFrame: () => 0, cancelFrame: () => {} });
    await expect(exportGlb(view)).rejects.toThrow('there is no landscape to export yet: run an experiment that draws one');
  });
});
