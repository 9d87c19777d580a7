// Drag across a plot to zoom its x axis, double-click to see everything again: the gesture uPlot gave the
// loss curves, for a chart drawn on its own canvases.
import type { Rect } from './canvas-host';

/** Fewest CSS pixels a drag must span to zoom (a shorter one is a click). */
export const MIN_DRAG = 4;

/** What a DragZoom reports: the selection as it is dragged (null when it ends), a finished drag, a double-click. */
export interface DragZoomEvents {
  select(selection: { from: number; to: number } | null): void;
  zoom(left: number, right: number): void;
  reset(): void;
}

/**
 * Listens on `element` for a primary-button drag that starts inside the plot area `area()` (CSS pixels
 * from the element's top-left; null: no plot) and for double-clicks; x positions are reported in the
 * same pixels, the zoomed span clamped to the plot. `dispose` removes the listeners.
 */
export class DragZoom {
  private selection: { from: number; to: number } | null = null;
  private readonly listeners: [string, (e: Event) => void][];

  constructor(
    private readonly element: HTMLElement,
    private readonly area: () => Rect | null,
    private readonly on: DragZoomEvents,
  ) {
    this.listeners = [
      ['pointerdown', (e) => this.down(e as PointerEvent)],
      ['pointermove', (e) => this.move(e as PointerEvent)],
      ['pointerup', (e) => this.up(e as PointerEvent)],
      ['pointercancel', () => this.set(null)],
      ['dblclick', () => this.on.reset()],
    ];
    for (const [type, f] of this.listeners) element.addEventListener(type, f);
  }

  /** Removes the listeners. */
  dispose(): void {
    for (const [type, f] of this.listeners) this.element.removeEventListener(type, f);
  }

  private set(selection: { from: number; to: number } | null): void {
    this.selection = selection;
    this.on.select(selection);
  }

  private x(e: PointerEvent): number {
    return e.clientX - this.element.getBoundingClientRect().left;
  }

  private down(e: PointerEvent): void {
    const a = this.area();
    if (e.button !== 0 || a === null) return;
    const box = this.element.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    if (x < a.x || x > a.x + a.width || y < a.y || y > a.y + a.height) return;
    if (typeof e.pointerId === 'number') this.element.setPointerCapture?.(e.pointerId);
    this.set({ from: x, to: x });
  }

  private move(e: PointerEvent): void {
    if (this.selection !== null) this.set({ from: this.selection.from, to: this.x(e) });
  }

  private up(e: PointerEvent): void {
    const s = this.selection;
    const a = this.area();
    if (s === null) return;
    const to = this.x(e);
    this.set(null);
    if (a === null || Math.abs(to - s.from) < MIN_DRAG) return;
    const clamp = (px: number) => Math.max(a.x, Math.min(a.x + a.width, px));
    this.on.zoom(clamp(Math.min(s.from, to)), clamp(Math.max(s.from, to)));
  }
}
