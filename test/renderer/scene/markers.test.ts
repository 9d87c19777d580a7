import { Matrix4, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { BOX_HEIGHT, makeFrame } from '../../../renderer/scene/frame';
import { MINIMUM_SIZE, MinimaMarkers } from '../../../renderer/scene/markers';
import { resources, watchDisposal } from './helpers';

const FRAME = makeFrame([-2, 2], [-1, 3], { min: 0, max: 10, log: false });

function placed(m: MinimaMarkers, i: number): { position: Vector3; scale: number } {
  const matrix = new Matrix4();
  m.object.getMatrixAt(i, matrix);
  return { position: new Vector3().setFromMatrixPosition(matrix), scale: matrix.elements[0]! };
}

describe('MinimaMarkers', () => {
  it('stands each known minimum at its point and value', () => {
    const m = new MinimaMarkers([{ position: [1, 1], value: 0 }, { position: [-2, 3], value: 5 }], FRAME, 0x111111);
    expect(m.object.count).toBe(2);
    const a = placed(m, 0);
    expect(a.position.x).toBeCloseTo(0.25, 6);
    expect(a.position.y).toBeCloseTo(0, 6);
    expect(a.position.z).toBeCloseTo(0, 6);
    const b = placed(m, 1);
    expect(b.position.toArray().map((v) => Number(v.toFixed(6)) + 0)).toEqual([-0.5, BOX_HEIGHT / 2, -0.5]);
    expect(b.scale).toBeCloseTo(MINIMUM_SIZE, 6);
  });

  it('follows the height scale and the marker scale', () => {
    const m = new MinimaMarkers([{ position: [0, 1], value: 5 }], FRAME, 0x111111);
    m.setFrame({ ...FRAME, height: { min: 0, max: 5, log: false } });
    expect(placed(m, 0).position.y).toBeCloseTo(BOX_HEIGHT, 6);
    m.setScale(3);
    expect(placed(m, 0).scale).toBeCloseTo(3 * MINIMUM_SIZE, 6);
  });

  it('puts a 1-D minimum on the line and hides one without a finite value', () => {
    const line = makeFrame([0, 1], [0], { min: 0, max: 1, log: false });
    const m = new MinimaMarkers([{ position: [0.5], value: 0 }, { position: [0.5], value: NaN }], line, 0x111111);
    expect(placed(m, 0).position.z).toBe(0);
    expect(placed(m, 0).position.x).toBeCloseTo(0, 6);
    expect(placed(m, 1).scale).toBe(0);
  });

  it('takes the theme colour and disposes its geometry and material', () => {
    const m = new MinimaMarkers([], FRAME, 0x111111);
    m.setColor(0xf4f4f4);
    expect(m.object.material.color.getHex()).toBe(0xf4f4f4);
    const all = resources(m.object);
    expect(all.size).toBe(2);
    const disposed = watchDisposal(all);
    m.dispose();
    expect(disposed).toEqual(all);
  });
});
