// Marker shapes, so that a class or variant is told apart by shape as well as by colour.

/** The shapes in the order categories get them. */
export const MARKER_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'plus', 'cross', 'star'] as const;
export type MarkerShape = (typeof MARKER_SHAPES)[number];

/** The marker shape of category `i`, repeating after eight. */
export function markerFor(i: number): MarkerShape {
  return MARKER_SHAPES[((i % MARKER_SHAPES.length) + MARKER_SHAPES.length) % MARKER_SHAPES.length]!;
}

/**
 * Draws a marker of diameter `size` centred at (x, y): filled with `fill` (null: hollow) and outlined
 * with `stroke`; "plus" and "cross" are strokes only and take the fill colour (or the stroke when hollow).
 */
export function drawMarker(ctx: CanvasRenderingContext2D, shape: MarkerShape, x: number, y: number, size: number, fill: string | null, stroke: string, lineWidth: number): void {
  const r = size / 2;
  ctx.beginPath();
  switch (shape) {
    case 'circle':
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      break;
    case 'square':
      ctx.rect(x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76);
      break;
    case 'triangle':
      polygon(ctx, x, y + r * 0.15, r * 1.15, 3, -Math.PI / 2);
      break;
    case 'triangle-down':
      polygon(ctx, x, y - r * 0.15, r * 1.15, 3, Math.PI / 2);
      break;
    case 'diamond':
      polygon(ctx, x, y, r * 1.2, 4, -Math.PI / 2);
      break;
    case 'star':
      star(ctx, x, y, r * 1.25, r * 0.55);
      break;
    case 'plus':
    case 'cross': {
      const a = shape === 'cross' ? Math.PI / 4 : 0;
      for (const t of [a, a + Math.PI / 2]) {
        ctx.moveTo(x - r * Math.cos(t), y - r * Math.sin(t));
        ctx.lineTo(x + r * Math.cos(t), y + r * Math.sin(t));
      }
      ctx.lineWidth = Math.max(lineWidth, size / 4);
      ctx.strokeStyle = fill ?? stroke;
      ctx.stroke();
      return;
    }
  }
  ctx.closePath();
  if (fill !== null) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  ctx.lineWidth = lineWidth;
  ctx.strokeStyle = stroke;
  ctx.stroke();
}

function polygon(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, sides: number, start: number): void {
  for (let i = 0; i < sides; i++) {
    const t = start + (2 * Math.PI * i) / sides;
    if (i === 0) ctx.moveTo(x + r * Math.cos(t), y + r * Math.sin(t));
    else ctx.lineTo(x + r * Math.cos(t), y + r * Math.sin(t));
  }
}

function star(ctx: CanvasRenderingContext2D, x: number, y: number, outer: number, inner: number): void {
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const t = -Math.PI / 2 + (Math.PI * i) / 5;
    if (i === 0) ctx.moveTo(x + r * Math.cos(t), y + r * Math.sin(t));
    else ctx.lineTo(x + r * Math.cos(t), y + r * Math.sin(t));
  }
}
