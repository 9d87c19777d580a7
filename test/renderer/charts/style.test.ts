import { describe, expect, it } from 'vitest';
import { OKABE_ITO } from '../../../renderer/scene/colormap';
import { chartStyle, css, dashFor, restartCss } from '../../../renderer/charts/style';

describe('chart style', () => {
  it('scales type, lines and markers together for a projector', () => {
    const one = chartStyle('light', 1);
    const two = chartStyle('light', 2);
    expect(two.fontSize).toBe(2 * one.fontSize);
    expect(two.font.startsWith(`${two.fontSize}px `)).toBe(true);
    expect(two.lineWidth).toBe(2 * one.lineWidth);
    expect(two.markerSize).toBe(2 * one.markerSize);
  });

  it('has different text and background colours per theme', () => {
    const light = chartStyle('light');
    const dark = chartStyle('dark');
    expect(light.background).not.toBe(dark.background);
    expect(light.text).not.toBe(dark.text);
  });

  it('rejects a scale that is not positive', () => {
    expect(() => chartStyle('light', 0)).toThrow('expected a positive type scale, found 0');
  });

  it('writes Okabe–Ito colours as CSS, with and without opacity', () => {
    expect(css(0xe69f00)).toBe('#e69f00');
    expect(css(0x0072b2, 0.25)).toBe('rgba(0,114,178,0.25)');
    expect(css(0x000000)).toBe('#000000');
    // Restart 0 is the first chromatic Okabe–Ito colour, as in the 3-D scene.
    expect(restartCss(0, 'light')).toBe(css(OKABE_ITO[1]));
  });

  it('gives the first category a solid line and the next ones dashes scaled by the line width', () => {
    expect(dashFor(0, 2)).toEqual([]);
    expect(dashFor(1, 2)).toEqual([12, 6]);
  });
});
