import { Vector3 } from 'three';
import { describe, expect, it, vi } from 'vitest';
import { CameraRig, HOME, TOP_HALF_SIZE } from '../../../renderer/scene/camera';

const rig = (onChange = () => {}) => new CameraRig(document.createElement('div'), onChange);

describe('CameraRig', () => {
  it('starts with the perspective camera at home, looking at the box', () => {
    const r = rig();
    expect(r.camera).toBe(r.perspective);
    expect(r.topDown).toBe(false);
    expect(r.perspective.position.distanceTo(HOME.position)).toBeLessThan(1e-9);
    expect(r.controls.target.equals(HOME.target)).toBe(true);
    expect(r.controls.enableRotate).toBe(true);
  });

  it('the top-down view looks straight down with +x right and +y (−Z) up, and cannot rotate', () => {
    const r = rig();
    r.setSize(800, 600);
    r.setTopDown(true);
    const cam = r.camera;
    expect(cam).toBe(r.orthographic);
    cam.updateMatrixWorld();
    const dir = cam.getWorldDirection(new Vector3());
    expect(dir.y).toBeCloseTo(-1, 6);
    const right = new Vector3(0.4, 0, 0).project(cam);
    const up = new Vector3(0, 0, -0.4).project(cam);
    expect(right.x).toBeGreaterThan(0.3);
    expect(Math.abs(right.y)).toBeLessThan(1e-3);
    expect(up.y).toBeGreaterThan(0.3);
    expect(Math.abs(up.x)).toBeLessThan(1e-3);
    expect(r.controls.enableRotate).toBe(false);
    // The whole box fits: its corners project inside the viewport.
    for (const [x, z] of [[-0.5, -0.5], [0.5, 0.5]]) {
      const p = new Vector3(x, 0, z).project(cam);
      expect(Math.abs(p.x)).toBeLessThan(1);
      expect(Math.abs(p.y)).toBeLessThan(1);
    }
  });

  it('keeps each view when switching back and forth', () => {
    const r = rig();
    r.controls.target.set(0.1, 0.2, 0.3);
    r.perspective.position.set(2, 2, 2);
    r.setTopDown(true);
    r.setTopDown(false);
    expect(r.camera).toBe(r.perspective);
    expect(r.controls.target.toArray()).toEqual([0.1, 0.2, 0.3]);
    expect(r.perspective.position.distanceTo(new Vector3(2, 2, 2))).toBeLessThan(1e-6);
    expect(r.controls.enableRotate).toBe(true);
  });

  it('reset puts the camera in use back home', () => {
    const r = rig();
    r.perspective.position.set(5, 1, 0);
    r.controls.target.set(1, 1, 1);
    r.reset();
    expect(r.perspective.position.distanceTo(HOME.position)).toBeLessThan(1e-9);
    expect(r.controls.target.equals(HOME.target)).toBe(true);
    r.setTopDown(true);
    r.orthographic.zoom = 4;
    r.reset();
    expect(r.orthographic.zoom).toBe(1);
  });

  it('fits the orthographic frustum to the aspect ratio', () => {
    const r = rig();
    r.setSize(1000, 500);
    expect(r.orthographic.right).toBeCloseTo(2 * TOP_HALF_SIZE, 12);
    expect(r.orthographic.top).toBeCloseTo(TOP_HALF_SIZE, 12);
    expect(r.perspective.aspect).toBe(2);
    r.setSize(500, 1000);
    expect(r.orthographic.right).toBeCloseTo(TOP_HALF_SIZE, 12);
    expect(r.orthographic.top).toBeCloseTo(2 * TOP_HALF_SIZE, 12);
  });

  it('reports user moves, and stops after dispose', () => {
    const onChange = vi.fn();
    const r = rig(onChange);
    onChange.mockClear();
    r.perspective.position.set(0, 3, 3);
    r.controls.update();
    expect(onChange).toHaveBeenCalled();
    const dispose = vi.spyOn(r.controls, 'dispose');
    r.dispose();
    expect(dispose).toHaveBeenCalledOnce();
    onChange.mockClear();
    r.perspective.position.set(1, 3, 3);
    r.controls.update();
    expect(onChange).not.toHaveBeenCalled();
  });
});
