// Which rows of a long table to put in the page: those in view and OVERSCAN on either side.

/**
 * Tables with at least this many rows draw only the rows in view. Rows cost at every update while
 * results stream in: with 200 rows in the page, laying out and painting the table took 10–15 ms of
 * every frame of the load test (docs/reliability.md); with the ~35 rows drawn here, 2–4 ms.
 */
export const VIRTUAL_FROM = 50;
/** Rows drawn beyond each edge of the view, so a short scroll shows rows already there. */
export const OVERSCAN = 10;

/** Rows [first, last) of `count` to draw for a view `height` pixels high scrolled `top` pixels down, rows `rowHeight` high. */
export function visibleRows(count: number, top: number, height: number, rowHeight: number): { first: number; last: number } {
  const h = rowHeight > 0 ? rowHeight : 1;
  // Before the view is laid out (height 0) a screenful is assumed: 40 rows.
  const inView = height > 0 ? Math.ceil(height / h) : 40;
  const first = Math.max(0, Math.min(count, Math.floor(Math.max(0, top) / h) - OVERSCAN));
  const last = Math.max(first, Math.min(count, Math.floor(Math.max(0, top) / h) + inView + OVERSCAN));
  return { first, last };
}
