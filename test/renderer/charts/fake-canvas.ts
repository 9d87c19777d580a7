// A recording stand-in for the canvas 2D context (jsdom has none), and the matchMedia uPlot calls when
// it loads: a test that imports a uPlot chart imports './match-media' first, so the stub is in place
// before uPlot's module runs.
import { afterEach, beforeEach, vi } from 'vitest';

/** One recorded call on the fake context, or one property assignment (name "set:<prop>"), and the canvas it was on. */
export interface Call {
  name: string;
  args: unknown[];
  canvas: HTMLCanvasElement;
}

/** Gives jsdom a matchMedia that never matches (uPlot subscribes to a resolution query when it loads). */
export function stubMatchMedia(): void {
  if (typeof window.matchMedia === 'function') return;
  window.matchMedia = ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
}

/**
 * Makes every canvas's getContext('2d') return a fake that records calls and assignments into `calls`
 * (measureText answers 6 px per character; getImageData/createImageData give zeroed pixels). Returns
 * the calls and a restore function.
 */
export function installFakeCanvas(): { calls: Call[]; restore: () => void } {
  const calls: Call[] = [];
  const spy = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    const canvas = this;
    const state: Record<string | symbol, unknown> = { canvas, globalAlpha: 1, lineWidth: 1, font: '10px sans-serif' };
    const image = (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(Math.max(0, w * h * 4)) });
    return new Proxy(state, {
      get(target, prop) {
        if (prop in target) return target[prop];
        if (typeof prop === 'symbol') return undefined;
        return (...args: unknown[]) => {
          calls.push({ name: prop, args, canvas });
          if (prop === 'measureText') return { width: String(args[0]).length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 };
          if (prop === 'createImageData') return image(args[0] as number, args[1] as number);
          if (prop === 'getImageData') return image(args[2] as number, args[3] as number);
          if (prop === 'getLineDash') return [];
          if (prop === 'createLinearGradient' || prop === 'createPattern') return { addColorStop() {} };
          return undefined;
        };
      },
      set(target, prop, value) {
        target[prop] = value;
        if (typeof prop === 'string') calls.push({ name: `set:${prop}`, args: [value], canvas });
        return true;
      },
    }) as unknown as CanvasRenderingContext2D;
  } as unknown as HTMLCanvasElement['getContext']);
  const hadPath2D = 'Path2D' in globalThis;
  if (!hadPath2D) (globalThis as { Path2D?: unknown }).Path2D = FakePath2D;
  return {
    calls,
    restore: () => {
      spy.mockRestore();
      if (!hadPath2D) delete (globalThis as { Path2D?: unknown }).Path2D;
    },
  };
}

/** Path2D as uPlot uses it: every method accepted and ignored. */
class FakePath2D {
  moveTo() {}
  lineTo() {}
  rect() {}
  arc() {}
  closePath() {}
  addPath() {}
  bezierCurveTo() {}
  quadraticCurveTo() {}
}

/** The texts drawn with fillText. */
export function textsDrawn(calls: readonly Call[]): string[] {
  return calls.filter((c) => c.name === 'fillText').map((c) => String(c.args[0]));
}

/**
 * Around each test: the fake canvas installed and a fresh container in the document, removed after.
 * Read them through the returned object (its fields change with each test).
 */
export function useChartStage(): { readonly calls: Call[]; readonly container: HTMLDivElement } {
  let fake: { calls: Call[]; restore: () => void };
  let container: HTMLDivElement;
  beforeEach(() => {
    fake = installFakeCanvas();
    container = document.createElement('div');
    document.body.appendChild(container);
  });
  afterEach(() => {
    fake.restore();
    container.remove();
  });
  return {
    get calls() {
      return fake.calls;
    },
    get container() {
      return container;
    },
  };
}
