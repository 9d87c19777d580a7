import { Color, SRGBColorSpace } from 'three';
import { describe, expect, it } from 'vitest';
import { NAN_GREY, OKABE_ITO, VIRIDIS, VIRIDIS_LINEAR, restartColor, viridis } from '../../../renderer/scene/colormap';

// matplotlib: cm.viridis(t)[:3] and colors.to_hex(cm.viridis(t)) for these t.
const MATPLOTLIB: [number, [number, number, number], string][] = [
  [0, [0.267004, 0.004874, 0.329415], '#440154'],
  [0.25, [0.229739, 0.322361, 0.545706], '#3b528b'],
  [0.5, [0.127568, 0.566949, 0.550556], '#21918c'],
  [0.75, [0.369214, 0.788888, 0.382914], '#5ec962'],
  [1, [0.993248, 0.906157, 0.143936], '#fde725'],
  // Just below 0.5 falls in entry 127, as matplotlib's floor(t·256) does.
  [0.5 - 1e-9, [0.128729, 0.563265, 0.551229], '#21908d'],
];

const hex = (rgb: ArrayLike<number>) => '#' + Array.from({ length: 3 }, (_, i) => Math.round(rgb[i]! * 255).toString(16).padStart(2, '0')).join('');

describe('viridis', () => {
  it('has 256 entries in [0, 1]', () => {
    expect(VIRIDIS.length).toBe(768);
    expect(VIRIDIS.every((c) => c >= 0 && c <= 1)).toBe(true);
  });

  it.each(MATPLOTLIB)('viridis(%s) matches matplotlib', (t, rgb, hexCode) => {
    const out = [0, 0, 0];
    viridis(t, out);
    for (let c = 0; c < 3; c++) expect(out[c]).toBeCloseTo(rgb[c]!, 6);
    expect(hex(out)).toBe(hexCode);
  });

  it('clips t outside [0, 1] to the end entries and writes grey for non-finite t', () => {
    const lo = [0, 0, 0];
    const hi = [0, 0, 0];
    viridis(-3, lo);
    viridis(7, hi);
    expect(hex(lo)).toBe('#440154');
    expect(hex(hi)).toBe('#fde725');
    for (const t of [NaN, Infinity, -Infinity]) {
      const out = [9, 9, 9];
      viridis(t, out);
      expect(out).toEqual([NAN_GREY, NAN_GREY, NAN_GREY]);
    }
  });

  it('writes only its three slots at the offset', () => {
    const out = new Float32Array(9).fill(-1);
    viridis(1, out, 3);
    expect(Array.from(out.slice(0, 3))).toEqual([-1, -1, -1]);
    expect(Array.from(out.slice(6))).toEqual([-1, -1, -1]);
    expect(out[3]).toBeCloseTo(0.993248, 6);
  });

  it('the linear table is the sRGB table as three.js converts sRGB to linear', () => {
    const toLinear = (c: number) => new Color().setRGB(c, c, c, SRGBColorSpace).r;
    for (const i of [0, 1, 100, 383, 767]) expect(VIRIDIS_LINEAR[i]).toBeCloseTo(toLinear(VIRIDIS[i]!), 9);
    const out = [0, 0, 0];
    viridis(0.5, out, 0, VIRIDIS_LINEAR);
    expect(out[1]).toBeCloseTo(toLinear(0.566949), 9);
  });
});

describe('restart palette', () => {
  it('is the published Okabe–Ito palette', () => {
    expect(OKABE_ITO.map((c) => c.toString(16).padStart(6, '0'))).toEqual(['000000', 'e69f00', '56b4e9', '009e73', 'f0e442', '0072b2', 'd55e00', 'cc79a7']);
  });

  it('gives eight distinct colours, chromatic ones first, and repeats every eight', () => {
    const light = Array.from({ length: 8 }, (_, i) => restartColor(i, 'light'));
    expect(new Set(light).size).toBe(8);
    expect(light[0]).toBe(0xe69f00);
    expect(light[7]).toBe(0x000000);
    expect(restartColor(8, 'light')).toBe(light[0]);
    expect(restartColor(15, 'light')).toBe(light[7]);
  });

  it('replaces black on the dark theme so every restart stays visible', () => {
    expect(restartColor(7, 'dark')).not.toBe(0x000000);
    expect(restartColor(3, 'dark')).toBe(restartColor(3, 'light'));
  });
});
